# seedkit::stream against cuRAND's own Philox4_32_10, compiled for the host
# from the CUDA toolkit's curand_kernel.h (no GPU and no library needed).
find_path(SEEDKIT_CURAND_INCLUDE_DIR curand_kernel.h
          HINTS "$ENV{CUDA_HOME}/include" /usr/local/cuda/include)
if(NOT SEEDKIT_CURAND_INCLUDE_DIR)
  message(STATUS "seedkit: cuRAND host cross-check skipped: no curand_kernel.h (CUDA toolkit)")
  return()
endif()
message(STATUS "seedkit: cuRAND host cross-check enabled (${SEEDKIT_CURAND_INCLUDE_DIR})")
seedkit_add_suite(curand SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_curand_compat.cpp"
                  LINK seedkit::seedkit)
target_include_directories(seedkit_curand_tests SYSTEM PRIVATE "${SEEDKIT_CURAND_INCLUDE_DIR}")

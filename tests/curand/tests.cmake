# seedkit::stream against cuRAND's own Philox4_32_10, compiled for the host
# from the CUDA toolkit's curand_kernel.h (no GPU and no library needed).
find_path(SEEDKIT_CURAND_INCLUDE_DIR curand_kernel.h
          HINTS "$ENV{CUDA_HOME}/include" /usr/local/cuda/include)
if(NOT SEEDKIT_CURAND_INCLUDE_DIR)
  message(STATUS "seedkit: cuRAND host cross-check skipped: no curand_kernel.h (CUDA toolkit)")
  return()
endif()
message(STATUS "seedkit: cuRAND host cross-check enabled (${SEEDKIT_CURAND_INCLUDE_DIR})")
add_executable(seedkit_curand_tests "${CMAKE_CURRENT_SOURCE_DIR}/curand/test_curand_compat.cpp"
                                    $<TARGET_OBJECTS:seedkit_catch_main>)
target_include_directories(seedkit_curand_tests SYSTEM PRIVATE "${SEEDKIT_CURAND_INCLUDE_DIR}")
target_link_libraries(seedkit_curand_tests PRIVATE seedkit::seedkit seedkit_warnings Catch2::Catch2)
catch_discover_tests(seedkit_curand_tests TEST_PREFIX "curand.")

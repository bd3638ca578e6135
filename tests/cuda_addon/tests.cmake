# The CUDA add-on (SEEDKIT_ENABLE_CUDA): host tests with g++ and the CUDA
# headers and libraries (no GPU needed), and a device test compiled by nvcc
# that runs its kernels only when a GPU is present.
if(NOT SEEDKIT_ENABLE_CUDA)
  return()
endif()

seedkit_add_suite(cuda_addon SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_cuda_host.cpp"
                  LINK seedkit::cuda
                  PROPERTIES ENVIRONMENT "CUBLAS_WORKSPACE_CONFIG=:4096:8")

# The cuBLAS guard against a fake cuBLAS defined in the test itself: no
# libcublas on the link line, only the toolkit's headers.
seedkit_add_suite(cuda_fake SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_cublas_fake.cpp"
                  LINK seedkit::seedkit CUDA::toolkit PREFIX "cuda_addon.fake.")

if(NOT SEEDKIT_NVCC)
  message(STATUS "seedkit: CUDA add-on device test skipped: no nvcc")
  return()
endif()
set(cuda_addon_bin "${CMAKE_CURRENT_BINARY_DIR}/test_cuda_device")
add_test(NAME cuda_addon.compile_device
         COMMAND "${SEEDKIT_NVCC}" ${SEEDKIT_NVCC_TEST_FLAGS}
                 "${CMAKE_CURRENT_LIST_DIR}/test_cuda_device.cu" -o "${cuda_addon_bin}"
                 -lcurand -lcublas)
set_tests_properties(cuda_addon.compile_device PROPERTIES FIXTURES_SETUP seedkit_cuda_addon_built)
add_test(NAME cuda_addon.run_device COMMAND "${cuda_addon_bin}")
set_tests_properties(cuda_addon.run_device PROPERTIES FIXTURES_REQUIRED seedkit_cuda_addon_built)

# The engines inside a __global__ kernel, compiled by nvcc. Without nvcc the
# test is skipped with a clear message; without a GPU the program checks its
# host pass and says the kernel was not launched.
if(NOT SEEDKIT_NVCC)
  message(STATUS "seedkit: CUDA device-code test skipped: no nvcc")
  return()
endif()
message(STATUS "seedkit: CUDA device-code test enabled (${SEEDKIT_NVCC})")

set(cuda_src "${CMAKE_CURRENT_SOURCE_DIR}/cuda/test_device_engines.cu")
set(cuda_bin "${CMAKE_CURRENT_BINARY_DIR}/test_device_engines")
add_test(NAME cuda.compile_device_engines
         COMMAND "${SEEDKIT_NVCC}" ${SEEDKIT_NVCC_TEST_FLAGS}
                 "${cuda_src}" -o "${cuda_bin}")
set_tests_properties(cuda.compile_device_engines PROPERTIES FIXTURES_SETUP seedkit_cuda_built)
# The expected values come from the one known-answer file the host tests read.
add_test(NAME cuda.run_device_engines
         COMMAND "${cuda_bin}" "${CMAKE_CURRENT_SOURCE_DIR}/reference/known_answers.txt")
set_tests_properties(cuda.run_device_engines PROPERTIES FIXTURES_REQUIRED seedkit_cuda_built)

# seedkit::index_permutation in a kernel, against the same calls on the host.
set(cuda_perm_src "${CMAKE_CURRENT_SOURCE_DIR}/cuda/test_device_index_permutation.cu")
set(cuda_perm_bin "${CMAKE_CURRENT_BINARY_DIR}/test_device_index_permutation")
add_test(NAME cuda.compile_device_index_permutation
         COMMAND "${SEEDKIT_NVCC}" ${SEEDKIT_NVCC_TEST_FLAGS} "${cuda_perm_src}" -o "${cuda_perm_bin}")
set_tests_properties(cuda.compile_device_index_permutation PROPERTIES
                     FIXTURES_SETUP seedkit_cuda_perm_built)
add_test(NAME cuda.run_device_index_permutation COMMAND "${cuda_perm_bin}")
set_tests_properties(cuda.run_device_index_permutation PROPERTIES
                     FIXTURES_REQUIRED seedkit_cuda_perm_built)

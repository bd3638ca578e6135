# cmake -DBENCH=bench_cuda -DPYTHON=python3 -DSCRIPT=bench/gpu_summary.py -P check_names.cmake
# Pipes `bench_cuda --benchmark_list_tests` into `gpu_summary.py --names -`:
# passes when every comparison the summary makes has both of its benchmarks.
execute_process(
  COMMAND "${BENCH}" --benchmark_list_tests
  COMMAND "${PYTHON}" "${SCRIPT}" --names -
  RESULTS_VARIABLE statuses
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
message("${out}${err}")
if(NOT statuses STREQUAL "0;0")
  message(FATAL_ERROR "bench_cuda --benchmark_list_tests | gpu_summary.py --names - "
                      "exited with ${statuses} (expected 0;0)")
endif()

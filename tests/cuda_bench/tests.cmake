# The CUDA benchmarks (bench/bench_cuda.cu): nvcc compiles them with
# all warnings as errors, the binary runs (without a GPU it says so and exits
# 0; with one it runs the smallest case of each benchmark briefly), its
# benchmark names form every comparison bench/gpu_summary.py makes, and the
# summary's ratios are checked on a fixture with hand-computed values.
# tools/gpu_check.sh is the full build-and-run on a GPU machine.
if(NOT SEEDKIT_ENABLE_CUDA)
  return()
endif()

# --- bench/gpu_summary.py on a fixture (Python only, no CUDA needed) ---------
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  # tests/cuda_bench/fixture.json holds Google Benchmark JSON with hand-picked
  # times in microseconds; bytes_per_second = bytes / time. Every ratio is a
  # throughput ratio; for equal byte counts that is t_denominator / t_numerator.
  #   fill (bytes written; seedkit, curand default, curand LEGACY):
  #     8 MiB   100, 95, 100      fill 95/100 = 0.950 met;     legacy 100/100 = 1.000
  #     128 MiB 1000, 850, 1250   fill 850/1000 = 0.850 NOT;   legacy 1250/1000 = 1.250
  #     512 MiB 4000, 3600, 4400  fill 3600/4000 = 0.900 met (exactly the target); legacy 1.100
  #   sums (device_sum, CUB):
  #     double 2^20 50, 45     0.900 met     float 2^20 40, 30     0.750 NOT met
  #     double 2^24 500, 380   0.760 NOT met float 2^24 250, 200   0.800 met (exactly)
  #     double 2^26 2000, 1700 0.850 met     float 2^26 1000, 900  0.900 met
  #   copies (bytes_per_second counts read + write = 2 * bytes):
  #     4 MiB 20, 8 MiB 30, 64 MiB 200, 128 MiB 400, 256 MiB 1700, 512 MiB 3200
  #   bandwidth fractions: (B / t_kernel) / (2B / t_copy) = t_copy / (2 t_kernel)
  #   with the copy of the same B (double: 8n bytes, float: 4n, fill: B):
  #     sum double: 30/100 = 0.300, 400/1000 = 0.400, 3200/4000 = 0.800
  #     cub double: 30/90 = 0.333, 400/760 = 0.526, 3200/3400 = 0.941
  #     sum float:  20/80 = 0.250, 200/500 = 0.400, 1700/2000 = 0.850
  #     cub float:  20/60 = 0.333, 200/400 = 0.500, 1700/1800 = 0.944
  #     fill:       30/200 = 0.150, 400/2000 = 0.200, 3200/8000 = 0.400
  set(cuda_bench_summary "${PROJECT_SOURCE_DIR}/bench/gpu_summary.py")
  set(cuda_bench_fixture "${CMAKE_CURRENT_LIST_DIR}/fixture.json")
  add_test(NAME cuda_bench.summary
           COMMAND "${Python3_EXECUTABLE}" "${cuda_bench_summary}" "${cuda_bench_fixture}"
                   --expect fill@8388608=0.950:met
                   --expect fill@134217728=0.850:NOT_met
                   --expect fill@536870912=0.900:met
                   --expect fill_legacy@8388608=1.000:info
                   --expect fill_legacy@134217728=1.250:info
                   --expect fill_legacy@536870912=1.100:info
                   --expect sum_double@1048576=0.900:met
                   --expect sum_double@16777216=0.760:NOT_met
                   --expect sum_double@67108864=0.850:met
                   --expect sum_float@1048576=0.750:NOT_met
                   --expect sum_float@16777216=0.800:met
                   --expect sum_float@67108864=0.900:met
                   --expect bw_sum_double@1048576=0.300
                   --expect bw_sum_double@16777216=0.400
                   --expect bw_sum_double@67108864=0.800
                   --expect bw_cub_double@1048576=0.333
                   --expect bw_cub_double@16777216=0.526
                   --expect bw_cub_double@67108864=0.941
                   --expect bw_sum_float@1048576=0.250
                   --expect bw_sum_float@16777216=0.400
                   --expect bw_sum_float@67108864=0.850
                   --expect bw_cub_float@1048576=0.333
                   --expect bw_cub_float@16777216=0.500
                   --expect bw_cub_float@67108864=0.944
                   --expect bw_fill@8388608=0.150
                   --expect bw_fill@134217728=0.200
                   --expect bw_fill@536870912=0.400)
  set_tests_properties(cuda_bench.summary PROPERTIES
    PASS_REGULAR_EXPRESSION "expectations: 27 ok, 0 failed")
  # The check can fail: a wrong ratio and a wrong status are both reported,
  # and the exit status is 1.
  add_test(NAME cuda_bench.summary_detects_mismatch
           COMMAND "${CMAKE_COMMAND}" "-DPYTHON=${Python3_EXECUTABLE}"
                   "-DSCRIPT=${cuda_bench_summary}" "-DJSON=${cuda_bench_fixture}"
                   "-DARGS=--expect;fill@8388608=0.951;--expect;sum_float@1048576=0.750:met"
                   -DEXPECTED_STATUS=1
                   "-DEXPECTED_OUTPUT=got 0.950:met.*got 0.750:NOT_met.*expectations: 0 ok, 2 failed"
                   -P "${CMAKE_CURRENT_LIST_DIR}/check_summary_status.cmake")
  # Without expectations the exit status says whether every target is met
  # (the fixture has three NOT met: exit 1, not 0 or 2).
  add_test(NAME cuda_bench.summary_exit_status
           COMMAND "${CMAKE_COMMAND}" "-DPYTHON=${Python3_EXECUTABLE}"
                   "-DSCRIPT=${cuda_bench_summary}" "-DJSON=${cuda_bench_fixture}"
                   -DEXPECTED_STATUS=1
                   -P "${CMAKE_CURRENT_LIST_DIR}/check_summary_status.cmake")
else()
  message(STATUS "seedkit: cuda_bench summary tests skipped: no python3")
endif()

# --- bench_cuda itself: needs nvcc and Google Benchmark ------------------------
find_path(SEEDKIT_BENCHMARK_INCLUDE_DIR benchmark/benchmark.h)
find_library(SEEDKIT_BENCHMARK_LIBRARY benchmark)
if(NOT SEEDKIT_NVCC)
  message(STATUS "seedkit: CUDA benchmark tests skipped: no nvcc")
  return()
elseif(NOT SEEDKIT_BENCHMARK_INCLUDE_DIR OR NOT SEEDKIT_BENCHMARK_LIBRARY)
  message(STATUS "seedkit: CUDA benchmark tests skipped: no Google Benchmark "
                 "(apt-get install libbenchmark-dev)")
  return()
endif()

# Google Benchmark's directories, unless the compilers search them anyway
# (naming /usr/include with -I would reorder the system headers).
set(cuda_bench_flags)
if(NOT SEEDKIT_BENCHMARK_INCLUDE_DIR IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
  list(APPEND cuda_bench_flags -isystem "${SEEDKIT_BENCHMARK_INCLUDE_DIR}")
endif()
get_filename_component(cuda_bench_libdir "${SEEDKIT_BENCHMARK_LIBRARY}" DIRECTORY)
if(NOT cuda_bench_libdir IN_LIST CMAKE_CXX_IMPLICIT_LINK_DIRECTORIES)
  list(APPEND cuda_bench_flags "-L${cuda_bench_libdir}")
endif()

set(cuda_bench_bin "${CMAKE_CURRENT_BINARY_DIR}/bench_cuda")
add_test(NAME cuda_bench.compile
         COMMAND "${SEEDKIT_NVCC}" ${SEEDKIT_NVCC_TEST_FLAGS} ${cuda_bench_flags}
                 "${PROJECT_SOURCE_DIR}/bench/bench_cuda.cu" -o "${cuda_bench_bin}"
                 -lcurand -lcublas -lbenchmark -lpthread)
set_tests_properties(cuda_bench.compile PROPERTIES FIXTURES_SETUP seedkit_cuda_bench_built)

# Without a GPU: prints "bench_cuda: no CUDA device; benchmarks not run" and
# exits 0. With one: the smallest size of each benchmark, briefly; a
# benchmark that reports an error (SkipWithError) fails the test.
add_test(NAME cuda_bench.run_no_gpu
         COMMAND "${cuda_bench_bin}"
                 "--benchmark_filter=/(bytes:(4194304|8388608)|n:1048576)/"
                 --benchmark_min_time=0.01)
set_tests_properties(cuda_bench.run_no_gpu PROPERTIES
  FIXTURES_REQUIRED seedkit_cuda_bench_built
  FAIL_REGULAR_EXPRESSION "ERROR OCCURRED")

# The benchmark names (listed without running anything, so also without a
# GPU) form every comparison of bench/gpu_summary.py.
if(Python3_Interpreter_FOUND)
  add_test(NAME cuda_bench.names
           COMMAND "${CMAKE_COMMAND}" "-DBENCH=${cuda_bench_bin}"
                   "-DPYTHON=${Python3_EXECUTABLE}" "-DSCRIPT=${cuda_bench_summary}"
                   -P "${CMAKE_CURRENT_LIST_DIR}/check_names.cmake")
  set_tests_properties(cuda_bench.names PROPERTIES FIXTURES_REQUIRED seedkit_cuda_bench_built)
endif()

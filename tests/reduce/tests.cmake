# tests/reduce: independent references for seedkit/reduce.hpp.
#  - seedkit_reduce_mpfr_tests: exact_sum, exact_accumulator, exact dot and
#    parallel exact sums against MPFR on generated hard cases (needs
#    libmpfr-dev; skipped with a message without it);
#  - seedkit_reduce_mpfr_nosplit_tests: the same with the exact dot's
#    error-free product split off.

if(seedkit_mpfr_libs)
  seedkit_add_suite(reduce_mpfr SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_reduce_mpfr.cpp"
                    LINK seedkit::seedkit Threads::Threads ${seedkit_mpfr_libs} PREFIX "mpfr: ")
  # The same cases with the error-free product split off
  # (SEEDKIT_EXACT_DOT_SPLIT=0): every exact dot pair in the integer bins,
  # which FMA machines otherwise use only for out-of-range chunks.
  seedkit_add_suite(reduce_mpfr_nosplit SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_reduce_mpfr.cpp"
                    LINK seedkit::seedkit Threads::Threads ${seedkit_mpfr_libs}
                    PREFIX "mpfr (no product split): ")
  target_compile_definitions(seedkit_reduce_mpfr_nosplit_tests PRIVATE SEEDKIT_EXACT_DOT_SPLIT=0)
  message(STATUS "seedkit: MPFR reference test for reduce.hpp enabled")
else()
  message(STATUS "seedkit: MPFR reference test for reduce.hpp skipped: install libmpfr-dev")
endif()


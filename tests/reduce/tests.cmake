# tests/reduce: independent references for seedkit/reduce.hpp.
#  - seedkit_reduce_mpfr_tests: exact_sum, exact_accumulator, exact dot and
#    parallel exact sums against MPFR on generated hard cases (needs
#    libmpfr-dev; skipped with a message without it).

if(seedkit_mpfr_libs)
  seedkit_add_suite(reduce_mpfr SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_reduce_mpfr.cpp"
                    LINK seedkit::seedkit Threads::Threads ${seedkit_mpfr_libs} PREFIX "mpfr: ")
  message(STATUS "seedkit: MPFR reference test for reduce.hpp enabled")
else()
  message(STATUS "seedkit: MPFR reference test for reduce.hpp skipped: install libmpfr-dev")
endif()


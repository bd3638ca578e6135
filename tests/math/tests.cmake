# tests/math: seedkit/math.hpp against MPFR (an independent arbitrary-precision
# library): the largest error in ulp of exp, log, log1p and expm1, double and
# float, over inputs spread across each function's domain, must stay within
# the bounds docs/math.md states (needs libmpfr-dev; skipped without it).
if(seedkit_mpfr_libs)
  seedkit_add_suite(math_mpfr SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_math_mpfr.cpp"
                    LINK seedkit::seedkit ${seedkit_mpfr_libs} PREFIX "mpfr: ")
else()
  message(STATUS "seedkit: MPFR accuracy test for math.hpp skipped: install libmpfr-dev")
endif()

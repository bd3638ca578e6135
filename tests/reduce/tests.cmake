# tests/reduce: independent references for seedkit/reduce.hpp.
#  - seedkit_reduce_mpfr_tests: exact_sum, exact_accumulator, exact dot and
#    parallel exact sums against MPFR on generated hard cases (needs
#    libmpfr-dev; skipped with a message without it).

# --- MPFR --------------------------------------------------------------------
set(seedkit_mpfr_libs "")
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(SEEDKIT_MPFR QUIET IMPORTED_TARGET mpfr)
  if(SEEDKIT_MPFR_FOUND)
    set(seedkit_mpfr_libs PkgConfig::SEEDKIT_MPFR)
  endif()
endif()
if(NOT seedkit_mpfr_libs)
  find_path(SEEDKIT_MPFR_INCLUDE_DIR mpfr.h)
  find_library(SEEDKIT_MPFR_LIBRARY mpfr)
  find_library(SEEDKIT_GMP_LIBRARY gmp)
  if(SEEDKIT_MPFR_INCLUDE_DIR AND SEEDKIT_MPFR_LIBRARY AND SEEDKIT_GMP_LIBRARY)
    add_library(seedkit_mpfr INTERFACE)
    target_include_directories(seedkit_mpfr SYSTEM INTERFACE "${SEEDKIT_MPFR_INCLUDE_DIR}")
    target_link_libraries(seedkit_mpfr INTERFACE "${SEEDKIT_MPFR_LIBRARY}" "${SEEDKIT_GMP_LIBRARY}")
    set(seedkit_mpfr_libs seedkit_mpfr)
  endif()
endif()

if(seedkit_mpfr_libs)
  seedkit_add_suite(reduce_mpfr SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_reduce_mpfr.cpp"
                    LINK seedkit::seedkit Threads::Threads ${seedkit_mpfr_libs} PREFIX "mpfr: ")
  message(STATUS "seedkit: MPFR reference test for reduce.hpp enabled")
else()
  message(STATUS "seedkit: MPFR reference test for reduce.hpp skipped: install libmpfr-dev")
endif()


# tests/reduce: independent references for seedkit/reduce.hpp.
#  - seedkit_reduce_mpfr_tests: exact_sum, exact_accumulator, exact dot and
#    parallel exact sums against MPFR on generated hard cases (needs
#    libmpfr-dev; skipped with a message without it).
#  - reduce_python_reference: re-runs tests/reference/pairwise_sum.py and
#    compares its output with the checked-in golden file that test_reduce.cpp
#    reads (needs Python 3; skipped with a message without it).

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
  add_executable(seedkit_reduce_mpfr_tests
    "${CMAKE_CURRENT_LIST_DIR}/test_reduce_mpfr.cpp" $<TARGET_OBJECTS:seedkit_catch_main>)
  target_include_directories(seedkit_reduce_mpfr_tests PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
  target_link_libraries(seedkit_reduce_mpfr_tests PRIVATE
    seedkit::seedkit seedkit_warnings Catch2::Catch2 Threads::Threads ${seedkit_mpfr_libs})
  catch_discover_tests(seedkit_reduce_mpfr_tests TEST_PREFIX "mpfr: ")
  message(STATUS "seedkit: MPFR reference test for reduce.hpp enabled")
else()
  message(STATUS "seedkit: MPFR reference test for reduce.hpp skipped: install libmpfr-dev")
endif()

# --- Python reference of the pairwise/compensated trees ----------------------
find_package(Python3 COMPONENTS Interpreter QUIET)
set(seedkit_python "")
if(Python3_Interpreter_FOUND)
  set(seedkit_python "${Python3_EXECUTABLE}")
elseif(EXISTS /usr/bin/python3)
  set(seedkit_python /usr/bin/python3)
endif()
if(seedkit_python AND SEEDKIT_TEST_REFERENCES)
  add_test(NAME reduce_python_reference
    COMMAND "${seedkit_python}" "${CMAKE_CURRENT_SOURCE_DIR}/reference/pairwise_sum.py"
            --check "${CMAKE_CURRENT_SOURCE_DIR}/reference/pairwise_sum_golden.txt")
  set_tests_properties(reduce_python_reference PROPERTIES TIMEOUT 600)
elseif(NOT SEEDKIT_TEST_REFERENCES)
  message(STATUS "seedkit: Python reference re-run left to another configuration (SEEDKIT_TEST_REFERENCES=OFF)")
else()
  message(STATUS "seedkit: Python reference check of pairwise_sum_golden.txt skipped: install python3")
endif()

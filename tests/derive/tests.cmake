# The derivation goldens are current: re-run the Python reference and compare
# its output with the checked-in tests/reference/derive_golden.txt.
find_package(Python3 COMPONENTS Interpreter)
if(NOT SEEDKIT_TEST_REFERENCES)
  return()
elseif(Python3_Interpreter_FOUND)
  add_test(NAME reference.derive_golden_is_current
           COMMAND "${CMAKE_COMMAND}"
                   "-DPYTHON=${Python3_EXECUTABLE}"
                   "-DSCRIPT=${CMAKE_CURRENT_SOURCE_DIR}/reference/derive.py"
                   "-DGOLDEN=${CMAKE_CURRENT_SOURCE_DIR}/reference/derive_golden.txt"
                   "-DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/derive_golden.regenerated.txt"
                   -P "${CMAKE_CURRENT_SOURCE_DIR}/derive/compare_reference.cmake")
else()
  message(STATUS "seedkit: reference.derive_golden_is_current skipped: no python3")
endif()

# The data-utility goldens are current: re-run the independent Python
# reference (tests/reference/data.py, which builds on derive.py and
# distributions.py) and compare its output with the checked-in
# tests/reference/data_golden.txt that tests/test_data.cpp replays.
find_package(Python3 COMPONENTS Interpreter)
if(NOT SEEDKIT_TEST_REFERENCES)
  return()
elseif(Python3_Interpreter_FOUND)
  add_test(NAME reference.data_golden_is_current
           COMMAND "${CMAKE_COMMAND}"
                   "-DPYTHON=${Python3_EXECUTABLE}"
                   "-DSCRIPT=${CMAKE_CURRENT_SOURCE_DIR}/reference/data.py"
                   "-DGOLDEN=${CMAKE_CURRENT_SOURCE_DIR}/reference/data_golden.txt"
                   "-DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/data_golden.regenerated.txt"
                   -P "${CMAKE_CURRENT_SOURCE_DIR}/derive/compare_reference.cmake")
else()
  message(STATUS "seedkit: reference.data_golden_is_current skipped: no python3")
endif()

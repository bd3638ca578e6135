# The header layout: the core needs only the standard library, add-ons use
# only their own dependencies, only global.hpp reaches process state, every
# standard include says what it is for, internal macros are undefined
# (tests/layout/check_layout.py). Needs Python 3; runs in every
# configuration that finds it.
if(Python3_Interpreter_FOUND)
  add_test(NAME layout.headers
           COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/check_layout.py"
                   "${PROJECT_SOURCE_DIR}/include")
  set_tests_properties(layout.headers PROPERTIES PASS_REGULAR_EXPRESSION "; 0 problems")
  # The check can fail: a copy of the headers where stream.hpp includes
  # global.hpp again must be refused.
  add_test(NAME layout.headers_detects_a_leak
           COMMAND "${CMAKE_COMMAND}" "-DPYTHON=${Python3_EXECUTABLE}"
                   "-DSCRIPT=${CMAKE_CURRENT_LIST_DIR}/check_layout.py"
                   "-DSOURCE=${PROJECT_SOURCE_DIR}/include"
                   "-DWORK=${CMAKE_CURRENT_BINARY_DIR}/layout_leak"
                   -P "${CMAKE_CURRENT_LIST_DIR}/check_leak_detected.cmake")
endif()

# A translation unit that includes seedkit/stream.hpp sees none of the
# process-global machinery: compiled, not run.
add_library(seedkit_layout_stream_alone OBJECT "${CMAKE_CURRENT_LIST_DIR}/stream_alone.cpp")
target_link_libraries(seedkit_layout_stream_alone PRIVATE seedkit::seedkit seedkit_warnings)

# The examples print what the README says, with values that match the
# independent Python reference (tests/reference/derive_golden.txt).
if(NOT TARGET quickstart)
  return()
endif()
set(quickstart_check "${CMAKE_CURRENT_SOURCE_DIR}/examples/check_quickstart.cmake")
set(quickstart_args "-DQUICKSTART=$<TARGET_FILE:quickstart>"
                    "-DGOLDEN=${CMAKE_CURRENT_SOURCE_DIR}/reference/derive_golden.txt")
add_test(NAME example.quickstart.argument
         COMMAND "${CMAKE_COMMAND}" ${quickstart_args} -DMODE=argument -P "${quickstart_check}")
add_test(NAME example.quickstart.environment
         COMMAND "${CMAKE_COMMAND}" ${quickstart_args} -DMODE=environment -P "${quickstart_check}")
add_test(NAME example.quickstart.bad_seed
         COMMAND "${CMAKE_COMMAND}" ${quickstart_args} -DMODE=bad -P "${quickstart_check}")

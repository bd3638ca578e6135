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

# train_mlp scenarios: same seed -> identical loss bits across runs and for
# 1, 2 and 4 threads; another seed -> another loss; a new stream changes
# nothing else; replay from the manifest reproduces the run; a deliberately
# changed step is located by the trace diff; seedkit-diff on real runs.
if(TARGET train_mlp AND TARGET seedkit-diff)
  add_test(NAME example.train_mlp.scenarios
           COMMAND "${CMAKE_COMMAND}" "-DTRAIN=$<TARGET_FILE:train_mlp>"
                   "-DDIFF=$<TARGET_FILE:seedkit-diff>"
                   "-DWORK=${CMAKE_CURRENT_BINARY_DIR}/train_mlp_runs"
                   -P "${CMAKE_CURRENT_SOURCE_DIR}/examples/check_train_mlp.cmake")
endif()

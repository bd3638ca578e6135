# seedkit-sweep end to end (and seedkit-sweep-plot's picture): statistics
# against scipy on fixed data, a
# bootstrap interval reproduced bit for bit, a failing replicate reported
# while the others are summarized, bad flags refused, and a real sweep of
# examples/train_mlp (its val_loss metric from the manifests).
if(NOT TARGET seedkit-sweep)
  return()
endif()
target_link_libraries(seedkit-sweep PRIVATE seedkit_warnings)

# scipy checks the statistics; Debian's python3 has it (python3-scipy).
set(seedkit_scipy_python "")
foreach(candidate IN ITEMS "${Python3_EXECUTABLE}" /usr/bin/python3)
  if(candidate AND NOT seedkit_scipy_python)
    execute_process(COMMAND "${candidate}" -c "import scipy.stats, numpy"
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      set(seedkit_scipy_python "${candidate}")
    endif()
  endif()
endforeach()
if(NOT seedkit_scipy_python)
  message(STATUS "seedkit: seedkit-sweep statistics check skipped: install python3-scipy")
endif()
# matplotlib draws the picture (python3-matplotlib).
set(seedkit_plot_python "")
foreach(candidate IN ITEMS "${Python3_EXECUTABLE}" /usr/bin/python3)
  if(candidate AND NOT seedkit_plot_python)
    execute_process(COMMAND "${candidate}" -c "import matplotlib"
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(rc EQUAL 0)
      set(seedkit_plot_python "${candidate}")
    endif()
  endif()
endforeach()
if(NOT seedkit_plot_python)
  message(STATUS "seedkit: seedkit-sweep-plot check skipped: install python3-matplotlib")
endif()

set(train "")
if(TARGET train_mlp)
  set(train "-DTRAIN=$<TARGET_FILE:train_mlp>")
endif()
add_test(NAME sweep.scenarios
         COMMAND "${CMAKE_COMMAND}" "-DSWEEP=$<TARGET_FILE:seedkit-sweep>" ${train}
                 "-DPYTHON=${seedkit_scipy_python}" "-DPLOT_PYTHON=${seedkit_plot_python}"
                 "-DPLOT=${PROJECT_SOURCE_DIR}/tools/seedkit_sweep_plot.py"
                 "-DCHECK_STATS=${CMAKE_CURRENT_LIST_DIR}/check_stats.py"
                 "-DWORK=${CMAKE_CURRENT_BINARY_DIR}/sweep_runs"
                 -P "${CMAKE_CURRENT_LIST_DIR}/check_sweep.cmake")
set_tests_properties(sweep.scenarios PROPERTIES TIMEOUT 600)

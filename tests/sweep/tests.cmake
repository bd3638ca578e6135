# seedkit-sweep end to end (and seedkit-sweep-plot's picture): statistics
# against scipy on fixed data, a
# bootstrap interval reproduced bit for bit, a failing replicate reported
# while the others are summarized, bad flags refused, and a real sweep of
# examples/train_mlp (its val_loss metric from the manifests).
if(NOT TARGET seedkit-sweep)
  return()
endif()
target_link_libraries(seedkit-sweep PRIVATE seedkit_warnings)

# The first of CMake's Python and Debian's /usr/bin/python3 that can import
# `modules`, into `out` ("" when neither can: the check is skipped, saying so).
function(seedkit_python_with out modules package)
  set(found "")
  foreach(candidate IN ITEMS "${Python3_EXECUTABLE}" /usr/bin/python3)
    if(candidate AND NOT found)
      execute_process(COMMAND "${candidate}" -c "import ${modules}"
                      RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
      if(rc EQUAL 0)
        set(found "${candidate}")
      endif()
    endif()
  endforeach()
  if(NOT found)
    message(STATUS "seedkit: a seedkit-sweep check skipped: install ${package}")
  endif()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()
seedkit_python_with(seedkit_scipy_python "scipy.stats, numpy" python3-scipy)  # the statistics
seedkit_python_with(seedkit_plot_python matplotlib python3-matplotlib)       # the picture

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

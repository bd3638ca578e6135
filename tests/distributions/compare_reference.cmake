# Runs a Python reference script and compares its output with the checked-in
# file: cmake -DPYTHON=... -DSCRIPT=... -DEXPECTED=... -DOUTPUT=... -P this
execute_process(COMMAND ${PYTHON} ${SCRIPT} OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUTPUT} ${EXPECTED} RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  message(FATAL_ERROR "${EXPECTED} differs from the output of ${SCRIPT} (${OUTPUT}); "
                      "regenerate it: python3 ${SCRIPT} > ${EXPECTED}")
endif()
message(STATUS "${EXPECTED} matches ${SCRIPT}")

# cmake -DPYTHON=python3 -DSCRIPT=bench/gpu_summary.py -DJSON=file -DEXPECTED_STATUS=n
#       [-DARGS=arg;arg...] [-DEXPECTED_OUTPUT=regex] -P check_summary_status.cmake
# Runs `gpu_summary.py JSON ARGS...` and passes when it exits with
# EXPECTED_STATUS and (if given) its output matches EXPECTED_OUTPUT.
execute_process(
  COMMAND "${PYTHON}" "${SCRIPT}" "${JSON}" ${ARGS}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err)
message("${out}${err}")
if(NOT status STREQUAL "${EXPECTED_STATUS}")
  message(FATAL_ERROR "gpu_summary.py ${JSON} ${ARGS} exited with ${status} "
                      "(expected ${EXPECTED_STATUS})")
endif()
if(DEFINED EXPECTED_OUTPUT AND NOT out MATCHES "${EXPECTED_OUTPUT}")
  message(FATAL_ERROR "gpu_summary.py output does not match '${EXPECTED_OUTPUT}'")
endif()

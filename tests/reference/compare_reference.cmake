# Run as `cmake -P`: runs SCRIPT with PYTHON, writes OUTPUT, and fails unless
# it is byte-identical to the checked-in GOLDEN.
get_filename_component(output_dir "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${output_dir}")
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" OUTPUT_FILE "${OUTPUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} failed (${rc})")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -E compare_files "${OUTPUT}" "${GOLDEN}" RESULT_VARIABLE diff)
if(NOT diff EQUAL 0)
  message(FATAL_ERROR "${GOLDEN} is stale: ${SCRIPT} now writes ${OUTPUT}; review and check in the new output")
endif()
message(STATUS "${GOLDEN} is current")

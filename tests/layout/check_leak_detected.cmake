# Copies the headers to WORK, makes seedkit/stream.hpp include
# seedkit/global.hpp, and passes only when check_layout.py refuses the copy
# and names the leak.
file(REMOVE_RECURSE "${WORK}")
file(COPY "${SOURCE}/seedkit" DESTINATION "${WORK}")
file(READ "${WORK}/seedkit/stream.hpp" text)
string(REPLACE "#include \"seedkit/derive.hpp\"" "#include \"seedkit/derive.hpp\"\n#include \"seedkit/global.hpp\"" text "${text}")
file(WRITE "${WORK}/seedkit/stream.hpp" "${text}")
execute_process(COMMAND "${PYTHON}" "${SCRIPT}" "${WORK}" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(rc EQUAL 0 OR NOT out MATCHES "seedkit/stream.hpp reaches seedkit/global.hpp")
  message(FATAL_ERROR "check_layout.py did not refuse stream.hpp including global.hpp:\n${out}")
endif()
message(STATUS "check_layout.py refused the leak")

# Run as `cmake -P` with PYTHON, SOURCE (python/), WORK and CROSS: builds
# the module with `pip install --no-build-isolation` from a copy of python/
# and include/ (so the source tree gets no build folders), imports it from
# the scratch prefix and compares a stream's words with the C++ program's.
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/src")
file(COPY "${SOURCE}" DESTINATION "${WORK}/src" PATTERN "__pycache__" EXCLUDE
     PATTERN "build" EXCLUDE PATTERN "*.egg-info" EXCLUDE)
file(COPY "${SOURCE}/../include" DESTINATION "${WORK}/src")
execute_process(COMMAND "${PYTHON}" -m pip install --no-build-isolation --no-deps --no-index
                        --target "${WORK}/prefix" "${WORK}/src/python"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pip install --no-build-isolation ./python failed (rc ${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND "${CROSS}" OUTPUT_VARIABLE cross)
string(REGEX MATCH "words 42 data/shuffle [0-9 ]+" line "${cross}")
string(REPLACE " " ";" fields "${line}")
list(SUBLIST fields 3 8 expected)
list(JOIN expected " " expected)
set(ENV{PYTHONPATH} "${WORK}/prefix")
execute_process(COMMAND "${PYTHON}" -c
  "import seedkit; s = seedkit.stream(seedkit.key(42).derive('data/shuffle')); print(' '.join(str(w) for w in s.fill(8)))"
  WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE rc OUTPUT_VARIABLE got ERROR_VARIABLE err)
string(STRIP "${got}" got)
if(NOT rc EQUAL 0 OR NOT got STREQUAL expected)
  message(FATAL_ERROR "the pip-built module's words differ from C++ (rc ${rc}):\n${got}\n${expected}\n${err}")
endif()
message(STATUS "pip-built seedkit: ${got}")

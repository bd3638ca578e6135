# Run as `cmake -P`: compile consumer.cpp with the flags pkg-config gives for
# the installed seedkit.pc, then run it.
set(ENV{PKG_CONFIG_PATH} "${PREFIX}/share/pkgconfig")
execute_process(COMMAND "${PKG_CONFIG}" --cflags seedkit
                OUTPUT_VARIABLE cflags OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags seedkit failed (${rc})")
endif()
if(NOT cflags MATCHES "-I${PREFIX}/share/pkgconfig/../../include")
  message(FATAL_ERROR "unexpected Cflags from seedkit.pc: '${cflags}'")
endif()
separate_arguments(cflags UNIX_COMMAND "${cflags}")
separate_arguments(cxxflags UNIX_COMMAND "${CXX_FLAGS}")
execute_process(COMMAND "${CXX}" -std=c++17 ${cxxflags} ${cflags} "${SOURCE}" -o "${OUTPUT}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling with pkg-config flags failed")
endif()
execute_process(COMMAND "${OUTPUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the pkg-config consumer failed (${rc})")
endif()

# The record add-on's seedkit-record.pc requires its dependencies: a
# consumer compiles and links with its flags alone (there was no such file).
if(RECORD_SOURCE)
  execute_process(COMMAND "${PKG_CONFIG}" --print-requires seedkit-record
                  OUTPUT_VARIABLE requires RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT requires MATCHES "fmt" OR NOT requires MATCHES "nlohmann_json")
    message(FATAL_ERROR "seedkit-record.pc does not require fmt and nlohmann_json (${rc}): ${requires}")
  endif()
  execute_process(COMMAND "${PKG_CONFIG}" --cflags --libs seedkit-record
                  OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags --libs seedkit-record failed (${rc})")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  execute_process(COMMAND "${CXX}" -std=c++17 ${cxxflags} "${RECORD_SOURCE}" ${flags}
                          -o "${OUTPUT}_record" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compiling the record consumer with seedkit-record.pc's flags failed")
  endif()
  execute_process(COMMAND "${OUTPUT}_record" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the seedkit-record pkg-config consumer failed (${rc})")
  endif()
endif()

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

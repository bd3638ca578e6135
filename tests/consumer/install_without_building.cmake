# Run as `cmake -P` with SOURCE (seedkit's tree), WORK (a scratch directory)
# and CXX: configures seedkit as the README's demo build does (record on,
# tests off), builds nothing, and installs. `cmake --install` failed when
# seedkit-diff had not been built.
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE}" -B "${WORK}/build"
                        "-DCMAKE_CXX_COMPILER=${CXX}" -DCMAKE_BUILD_TYPE=Release
                        -DSEEDKIT_BUILD_TESTS=OFF -DSEEDKIT_BUILD_EXAMPLES=OFF
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring failed (${rc}):\n${out}${err}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${WORK}/build" --prefix "${WORK}/prefix"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install of an unbuilt tree failed (${rc}):\n${out}${err}")
endif()
foreach(file include/seedkit/seedkit.hpp share/pkgconfig/seedkit.pc share/pkgconfig/seedkit-record.pc
             share/cmake/seedkit/seedkit-config.cmake)
  if(NOT EXISTS "${WORK}/prefix/${file}")
    message(FATAL_ERROR "cmake --install did not install ${file}")
  endif()
endforeach()
message(STATUS "installed without building: ok")

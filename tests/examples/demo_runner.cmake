# Shared by the example scenario scripts (run as `cmake -P`): a fresh
# scratch directory, no inherited SEEDKIT_* run variables, and
#   demo_run(<program> <result line regex> <name> args...)
# which runs the program, fails on a non-zero exit or a missing result
# line, and sets out_<name> (stdout) and loss_<name> (the matched line) in
# the caller's scope; plus expect_equal(a b why).
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
foreach(variable SEEDKIT_SEED SEEDKIT_REPLAY SEEDKIT_TRACE_REFERENCE SEEDKIT_MANIFEST)
  unset(ENV{${variable}})
endforeach()

macro(demo_run program line name)
  execute_process(COMMAND "${program}" ${ARGN}
                  RESULT_VARIABLE demo_rc OUTPUT_VARIABLE demo_out ERROR_VARIABLE demo_err)
  if(NOT demo_rc EQUAL 0)
    get_filename_component(demo_program "${program}" NAME)
    message(FATAL_ERROR "${demo_program} ${ARGN} failed (${demo_rc}): ${demo_err}")
  endif()
  if(NOT demo_out MATCHES "${line}")
    message(FATAL_ERROR "no line matching '${line}' in:\n${demo_out}")
  endif()
  set(out_${name} "${demo_out}")
  set(loss_${name} "${CMAKE_MATCH_0}")
  message(STATUS "${name}: ${CMAKE_MATCH_0}")
endmacro()

function(expect_equal a b why)
  if(NOT "${a}" STREQUAL "${b}")
    message(FATAL_ERROR "${why}:\n  ${a}\n  ${b}")
  endif()
endfunction()

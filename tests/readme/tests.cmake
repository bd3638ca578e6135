# Every C++ snippet of README.md compiles (and the runnable ones run), as
# nlohmann_json's unit-readme does: tests/readme/snippets.py extracts each
# ```cpp block, named by the <!-- snippet: ... --> line before it, into its
# own translation unit; each is built with the rest of the tests, so a
# snippet that stops compiling breaks the build.
if(NOT Python3_Interpreter_FOUND)
  message(STATUS "seedkit: README snippet tests skipped: no python3")
  return()
endif()
set(readme_out "${CMAKE_CURRENT_BINARY_DIR}/readme")
file(MAKE_DIRECTORY "${readme_out}")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             "${PROJECT_SOURCE_DIR}/README.md" "${CMAKE_CURRENT_LIST_DIR}/snippets.py")
execute_process(COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/snippets.py"
                        "${PROJECT_SOURCE_DIR}/README.md" "${readme_out}"
                RESULT_VARIABLE readme_rc OUTPUT_VARIABLE readme_out_text ERROR_VARIABLE readme_err)
if(NOT readme_rc EQUAL 0)
  message(FATAL_ERROR "seedkit: extracting the README snippets failed:\n${readme_err}")
endif()

# seedkit_readme_snippet(<name> <add-on or ""> <run ON/OFF> <args>): builds
# readme_<name> from the extracted file, linking the core or the add-on;
# skipped (with a message) when the add-on is not part of this build.
function(seedkit_readme_snippet name needs run args)
  if(needs STREQUAL "")
    set(target seedkit::seedkit)
  else()
    set(target seedkit::${needs})
  endif()
  if(NOT TARGET ${target})
    message(STATUS "seedkit: README snippet ${name} skipped: ${target} is not part of this build")
    return()
  endif()
  add_executable(readme_${name} "${readme_out}/${name}.cpp")
  target_link_libraries(readme_${name} PRIVATE ${target})
  if(run)
    add_test(NAME readme.${name} COMMAND readme_${name} ${args})
  endif()
endfunction()
include("${readme_out}/snippets.cmake")

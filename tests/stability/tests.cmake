# docs/stability.md lists every public entity with a defined level, and
# nothing else (tests/stability/public_entities.py).
if(Python3_Interpreter_FOUND)
  add_test(NAME stability.every_public_entity_listed
           COMMAND "${Python3_EXECUTABLE}" "${CMAKE_CURRENT_LIST_DIR}/public_entities.py"
                   "${PROJECT_SOURCE_DIR}/include" "${PROJECT_SOURCE_DIR}/docs/stability.md")
  set_tests_properties(stability.every_public_entity_listed PROPERTIES
    PASS_REGULAR_EXPRESSION "; 0 problems")
endif()

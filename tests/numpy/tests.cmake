# numpy_seed_sequence against numpy itself (Debian python3-numpy, run with
# /usr/bin/python3): numpy writes cases for many random entropies, spawn keys
# and lengths; a C++ checker recomputes them. Exit code 77 = skipped (no numpy).
find_program(SEEDKIT_SYSTEM_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(NOT SEEDKIT_SYSTEM_PYTHON)
  find_program(SEEDKIT_SYSTEM_PYTHON python3)
endif()
if(NOT SEEDKIT_SYSTEM_PYTHON)
  message(STATUS "seedkit: numpy cross-check skipped: no python3")
  return()
endif()
add_executable(seedkit_numpy_check "${CMAKE_CURRENT_SOURCE_DIR}/numpy/numpy_check.cpp")
target_link_libraries(seedkit_numpy_check PRIVATE seedkit::seedkit seedkit_warnings)
set(numpy_cases "${CMAKE_CURRENT_BINARY_DIR}/numpy_cases.txt")
add_test(NAME numpy.generate_cases
         COMMAND "${SEEDKIT_SYSTEM_PYTHON}" "${CMAKE_CURRENT_SOURCE_DIR}/numpy/numpy_cases.py" "${numpy_cases}")
set_tests_properties(numpy.generate_cases PROPERTIES FIXTURES_SETUP numpy_cases SKIP_RETURN_CODE 77)
add_test(NAME numpy.seed_sequence_matches_numpy COMMAND seedkit_numpy_check "${numpy_cases}")
set_tests_properties(numpy.seed_sequence_matches_numpy PROPERTIES FIXTURES_REQUIRED numpy_cases SKIP_RETURN_CODE 77)

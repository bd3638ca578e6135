# Tests of the seedkit::torch add-on against the real libtorch. Added only
# when SEEDKIT_ENABLE_TORCH is ON. A TU including <torch/torch.h> takes
# about 12 s to compile, so there are three: the Catch2 tests (test_torch.cpp
# includes seedkit/torch/torch.hpp first, proving it self-contained;
# test_torch_resume.cpp covers resuming and data loading) and the demo.
if(NOT TARGET seedkit::torch)
  message(STATUS "seedkit: libtorch add-on tests skipped (SEEDKIT_ENABLE_TORCH is OFF)")
  return()
endif()

seedkit_add_suite(torch SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_torch.cpp"
                  "${CMAKE_CURRENT_LIST_DIR}/test_torch_resume.cpp" LINK seedkit::torch)

# torch_train scenarios: same seed -> identical loss bits; resume from the
# epoch-2 checkpoint -> the uninterrupted run's final loss bits; another
# seed -> another loss; 1 vs 2 threads -> identical data and epoch orders
# (guaranteed), loss bits compared and reported (observed, see docs/torch.md).
if(TARGET torch_train)
  target_link_libraries(torch_train PRIVATE seedkit_warnings)
  add_test(NAME example.torch_train.scenarios
           COMMAND "${CMAKE_COMMAND}" "-DTRAIN=$<TARGET_FILE:torch_train>"
                   "-DWORK=${CMAKE_CURRENT_BINARY_DIR}/torch_train_runs"
                   -P "${CMAKE_CURRENT_SOURCE_DIR}/examples/check_torch_train.cmake")
  set_tests_properties(example.torch_train.scenarios PROPERTIES TIMEOUT 300)
endif()

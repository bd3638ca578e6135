# Tests of the seedkit::torch add-on against the real libtorch. Added only
# when SEEDKIT_ENABLE_TORCH is ON. A TU including <torch/torch.h> takes
# about 12 s to compile, so there are two: the Catch2 test (which includes
# seedkit/torch.hpp first, proving it self-contained) and the demo.
if(NOT TARGET seedkit::torch)
  message(STATUS "seedkit: libtorch add-on tests skipped (SEEDKIT_ENABLE_TORCH is OFF)")
  return()
endif()

add_executable(seedkit_torch_tests "${CMAKE_CURRENT_SOURCE_DIR}/torch/test_torch.cpp"
               $<TARGET_OBJECTS:seedkit_catch_main>)
target_link_libraries(seedkit_torch_tests PRIVATE seedkit::torch seedkit_warnings Catch2::Catch2)
target_compile_definitions(seedkit_torch_tests PRIVATE
  SEEDKIT_TEST_BINARY_DIR="${CMAKE_CURRENT_BINARY_DIR}")
catch_discover_tests(seedkit_torch_tests TEST_PREFIX "torch.")

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

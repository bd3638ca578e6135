# The cuDNN determinism helpers (seedkit/cudnn.hpp, target seedkit::cudnn).
# Two executables, neither needs a GPU:
#  - seedkit_cudnn_fake_tests: the helpers against fake_cudnn.cpp, a link-seam
#    fake of the cuDNN functions they call; it does NOT link libcudnn (only
#    the headers), so scripted engine configs and failures can be served and
#    every call recorded;
#  - seedkit_cudnn_real_tests: check() and the descriptor handling against
#    the real libcudnn, and docs/cudnn.md's example compiled and linked.
if(NOT SEEDKIT_ENABLE_CUDA OR NOT TARGET seedkit_cudnn)
  return()
endif()

add_executable(seedkit_cudnn_fake_tests
  "${CMAKE_CURRENT_LIST_DIR}/test_cudnn_fake.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/fake_cudnn.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/selfcontained_cudnn.cpp"
  $<TARGET_OBJECTS:seedkit_catch_main>)
# CUDA::toolkit: the toolkit's include directory (cuda_runtime_api.h) and no
# library; cudnn.h's directory as SYSTEM, like seedkit::cudnn.
target_include_directories(seedkit_cudnn_fake_tests SYSTEM PRIVATE "${SEEDKIT_CUDNN_INCLUDE_DIR}")
target_link_libraries(seedkit_cudnn_fake_tests PRIVATE
  seedkit::seedkit CUDA::toolkit seedkit_warnings Catch2::Catch2 ${CMAKE_DL_LIBS})
catch_discover_tests(seedkit_cudnn_fake_tests TEST_PREFIX "cudnn_addon.fake.")

add_executable(seedkit_cudnn_real_tests
  "${CMAKE_CURRENT_LIST_DIR}/test_cudnn_real.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/example_heuristics.cpp"
  $<TARGET_OBJECTS:seedkit_catch_main>)
target_link_libraries(seedkit_cudnn_real_tests PRIVATE
  seedkit::cudnn seedkit_warnings Catch2::Catch2)
catch_discover_tests(seedkit_cudnn_real_tests TEST_PREFIX "cudnn_addon.real.")

# The cuDNN determinism helpers (seedkit/cudnn/cudnn.hpp, target seedkit::cudnn).
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

seedkit_add_suite(cudnn_fake
  SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_cudnn_fake.cpp" "${CMAKE_CURRENT_LIST_DIR}/fake_cudnn.cpp"
  LINK seedkit::seedkit CUDA::toolkit ${CMAKE_DL_LIBS} PREFIX "cudnn_addon.fake.")
# CUDA::toolkit: the toolkit's include directory (cuda_runtime_api.h) and no
# library; cudnn.h's directory as SYSTEM, like seedkit::cudnn.
target_include_directories(seedkit_cudnn_fake_tests SYSTEM PRIVATE "${SEEDKIT_CUDNN_INCLUDE_DIR}")

seedkit_add_suite(cudnn_real
  SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_cudnn_real.cpp" "${CMAKE_CURRENT_LIST_DIR}/example_heuristics.cpp"
  LINK seedkit::cudnn PREFIX "cudnn_addon.real.")

# Distribution tests beyond the Catch2 suite (included by tests/CMakeLists.txt).
#
# The golden file (kept current by tests/reference/tests.cmake) is checked by stand-alone programs built with different
#    floating-point code generation: -ffp-contract=off, -ffp-contract=fast with
#    FMA instructions available, and -O0. Together with the Catch2 suite (the
#    preset's own flags) this compares the bits of every flavour.

# --- the golden file under several floating-point flavours ---------------
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag(-mfma SEEDKIT_HAVE_MFMA_FLAG)
set(seedkit_golden_flavours contract_off contract_fast_fma O0)
foreach(flavour IN LISTS seedkit_golden_flavours)
  set(target seedkit_distributions_golden_${flavour})
  add_executable(${target} ${CMAKE_CURRENT_LIST_DIR}/golden_main.cpp)
  target_link_libraries(${target} PRIVATE seedkit::seedkit seedkit_warnings)
  target_compile_definitions(${target} PRIVATE SEEDKIT_GOLDEN_FLAVOUR="${flavour}")
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    if(flavour STREQUAL "contract_off")
      target_compile_options(${target} PRIVATE -ffp-contract=off)
    elseif(flavour STREQUAL "contract_fast_fma")
      target_compile_options(${target} PRIVATE -ffp-contract=fast)
      if(SEEDKIT_HAVE_MFMA_FLAG)
        target_compile_options(${target} PRIVATE -mfma)
        target_compile_definitions(${target} PRIVATE SEEDKIT_GOLDEN_NEEDS_FMA=1)
      endif()
    elseif(flavour STREQUAL "O0")
      target_compile_options(${target} PRIVATE -O0)
    endif()
  endif()
  add_test(NAME ${target}
    COMMAND ${target} ${PROJECT_SOURCE_DIR}/tests/reference/distributions_golden.txt)
  # 77: the CPU lacks the FMA instructions this flavour was built for.
  set_tests_properties(${target} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()

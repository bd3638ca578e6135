# philox4_lanes under each x86 instruction set it has a code path for
# (included by tests/CMakeLists.txt). The preset's own flags pick one path
# for the Catch2 suite; these stand-alone programs build the others:
# - avx512: AVX-512F intrinsics (SEEDKIT_SIMD_LANES, u32_lanes of 8),
# - avx2: AVX2 intrinsics (u32_lanes of 4),
# - avx2_portable: the auto-vectorized block-major loop (SEEDKIT_SIMD_LANES=0),
# - baseline: no -m flags: the AVX2 kernel chosen at run time where the CPU
#   has AVX2 (SEEDKIT_DISPATCH_AVX2), else the SSE2 intrinsics,
# - sse2: the SSE2 intrinsics always (SEEDKIT_DISPATCH_AVX2=0),
# - portable: the round-major loop (SEEDKIT_SIMD_LANES=0, no -m flags).
# Flavours the CPU cannot run are not built (and each still skips, exit 77,
# on a CPU without its instructions).
# The same program, cross-compiled (static) and run under qemu-user, checks
# the NEON path (aarch64) and the big- and little-endian portable paths
# (s390x, ppc64le), with published known answers, where Debian's cross
# compilers (g++-aarch64-linux-gnu, ...) and qemu-user are installed.
set(seedkit_cross_targets aarch64 powerpc64le s390x)
foreach(arch IN LISTS seedkit_cross_targets)
  string(REPLACE "powerpc64le" "ppc64le" qemu_arch "${arch}")
  find_program(SEEDKIT_CROSS_CXX_${arch} ${arch}-linux-gnu-g++)
  find_program(SEEDKIT_QEMU_${arch} qemu-${qemu_arch})
  if(NOT SEEDKIT_CROSS_CXX_${arch} OR NOT SEEDKIT_QEMU_${arch})
    continue()
  endif()
  set(exe "${CMAKE_CURRENT_BINARY_DIR}/seedkit_lanes_${arch}")
  add_custom_command(
    OUTPUT "${exe}"
    COMMAND "${SEEDKIT_CROSS_CXX_${arch}}" -std=c++17 -O2 -static -Wall -Wextra -Werror
            "-I${PROJECT_SOURCE_DIR}/include" "${CMAKE_CURRENT_LIST_DIR}/lanes_main.cpp" -o "${exe}"
    DEPENDS "${CMAKE_CURRENT_LIST_DIR}/lanes_main.cpp"
    IMPLICIT_DEPENDS CXX "${CMAKE_CURRENT_LIST_DIR}/lanes_main.cpp"
    COMMENT "Cross-compiling the lanes check for ${arch}"
    VERBATIM)
  add_custom_target(seedkit_lanes_${arch}_build ALL DEPENDS "${exe}")
  add_test(NAME seedkit_lanes_cross_${arch} COMMAND "${SEEDKIT_QEMU_${arch}}" "${exe}")
  set_tests_properties(seedkit_lanes_cross_${arch} PROPERTIES PASS_REGULAR_EXPRESSION "^ok ")
endforeach()

if(NOT CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang" OR
   NOT CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
  return()
endif()
include(CheckCXXCompilerFlag)
include(CheckCXXSourceRuns)
check_cxx_compiler_flag(-mavx512f SEEDKIT_HAVE_MAVX512F_FLAG)
check_cxx_compiler_flag(-mavx2 SEEDKIT_HAVE_MAVX2_FLAG)
# Only flavours this machine's CPU runs are built: a program compiled for
# instructions the CPU lacks can fault before main's own check (ASan's
# constructors are compiled with the same -m flags).
check_cxx_source_runs("int main() { return __builtin_cpu_supports(\"avx512f\") ? 0 : 1; }"
                      SEEDKIT_CPU_RUNS_AVX512F)
check_cxx_source_runs("int main() { return __builtin_cpu_supports(\"avx2\") ? 0 : 1; }"
                      SEEDKIT_CPU_RUNS_AVX2)
set(seedkit_lanes_flavours baseline sse2 portable)
if(SEEDKIT_HAVE_MAVX2_FLAG AND SEEDKIT_CPU_RUNS_AVX2)
  list(APPEND seedkit_lanes_flavours avx2 avx2_portable)
endif()
if(SEEDKIT_HAVE_MAVX512F_FLAG AND SEEDKIT_CPU_RUNS_AVX512F)
  list(APPEND seedkit_lanes_flavours avx512)
endif()
foreach(flavour IN LISTS seedkit_lanes_flavours)
  set(target seedkit_lanes_${flavour})
  add_executable(${target} ${CMAKE_CURRENT_LIST_DIR}/lanes_main.cpp)
  target_link_libraries(${target} PRIVATE seedkit::seedkit seedkit_warnings)
  if(flavour STREQUAL "baseline")
    target_compile_definitions(${target} PRIVATE SEEDKIT_LANES_EXPECT_SIMD=1)
  elseif(flavour STREQUAL "sse2")
    target_compile_definitions(${target} PRIVATE SEEDKIT_DISPATCH_AVX2=0 SEEDKIT_LANES_EXPECT_SIMD=1)
  elseif(flavour STREQUAL "portable")
    target_compile_definitions(${target} PRIVATE SEEDKIT_SIMD_LANES=0 SEEDKIT_LANES_EXPECT_SIMD=0)
  elseif(flavour STREQUAL "avx512")
    target_compile_options(${target} PRIVATE -mavx512f)
    target_compile_definitions(${target} PRIVATE SEEDKIT_LANES_NEEDS="avx512f"
                                                 SEEDKIT_LANES_EXPECT_SIMD=1)
  elseif(flavour STREQUAL "avx2")
    target_compile_options(${target} PRIVATE -mavx2 -mno-avx512f)
    target_compile_definitions(${target} PRIVATE SEEDKIT_LANES_NEEDS="avx2"
                                                 SEEDKIT_LANES_EXPECT_SIMD=1)
  elseif(flavour STREQUAL "avx2_portable")
    target_compile_options(${target} PRIVATE -mavx2 -mno-avx512f)
    target_compile_definitions(${target} PRIVATE SEEDKIT_LANES_NEEDS="avx2"
                                                 SEEDKIT_SIMD_LANES=0 SEEDKIT_LANES_EXPECT_SIMD=0)
  endif()
  add_test(NAME ${target} COMMAND ${target})
  set_tests_properties(${target} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()

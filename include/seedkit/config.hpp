// seedkit/config.hpp: the one place where seedkit looks at the compiler.
//
// Every SEEDKIT_* feature macro is always defined, to 0 or 1, and may be
// overridden by defining it before the first seedkit include. Test them with
// `#if`, never `#ifdef`. Nothing here includes a standard header. The
// internal macros of other headers are #undef'd at their ends; the ones
// here that several headers share (SEEDKIT_UNROLL, SEEDKIT_KEEP_LOOP,
// SEEDKIT_STRINGIFY) stay defined.
#ifndef SEEDKIT_CONFIG_HPP
#define SEEDKIT_CONFIG_HPP

// SEEDKIT_CUDA: 1 while nvcc (or hipcc) compiles this translation unit.
#ifndef SEEDKIT_CUDA
#  if defined(__CUDACC__) || defined(__HIPCC__)
#    define SEEDKIT_CUDA 1
#  else
#    define SEEDKIT_CUDA 0
#  endif
#endif

// SEEDKIT_HD marks functions usable in both host and device code. Use
// __CUDA_ARCH__ only inside function bodies, so one declaration serves both
// compilation passes.
#ifndef SEEDKIT_HD
#  if SEEDKIT_CUDA
#    define SEEDKIT_HD __host__ __device__
#  else
#    define SEEDKIT_HD
#  endif
#endif

// The compiler, the target and its instruction sets, for the headers that
// pick a code path (every path gives the same bits; only speed differs):
// SEEDKIT_COMPILER_GCC / SEEDKIT_COMPILER_CLANG: the major version of g++
// (not clang) / clang, 0 for another compiler; SEEDKIT_GNU_EXTENSIONS: 1
// where GNU inline asm, attributes and builtins exist (g++ and clang).
#ifndef SEEDKIT_COMPILER_CLANG
#  if defined(__clang__)
#    define SEEDKIT_COMPILER_CLANG __clang_major__
#  else
#    define SEEDKIT_COMPILER_CLANG 0
#  endif
#endif
#ifndef SEEDKIT_COMPILER_GCC
#  if defined(__GNUC__) && !defined(__clang__)
#    define SEEDKIT_COMPILER_GCC __GNUC__
#  else
#    define SEEDKIT_COMPILER_GCC 0
#  endif
#endif
#ifndef SEEDKIT_GNU_EXTENSIONS
#  if defined(__GNUC__) || defined(__clang__)
#    define SEEDKIT_GNU_EXTENSIONS 1
#  else
#    define SEEDKIT_GNU_EXTENSIONS 0
#  endif
#endif
// SEEDKIT_ARCH_X86: x86-64, or 32-bit x86 doing its floating point in SSE2;
// SEEDKIT_ARCH_ARM: AArch64, or 32-bit ARM with a floating-point unit.
#ifndef SEEDKIT_ARCH_X86
#  if defined(__x86_64__) || defined(_M_X64) || (defined(__i386__) && defined(__SSE2_MATH__))
#    define SEEDKIT_ARCH_X86 1
#  else
#    define SEEDKIT_ARCH_X86 0
#  endif
#endif
#ifndef SEEDKIT_ARCH_ARM
#  if defined(__aarch64__) || defined(_M_ARM64) || (defined(__arm__) && defined(__ARM_FP))
#    define SEEDKIT_ARCH_ARM 1
#  else
#    define SEEDKIT_ARCH_ARM 0
#  endif
#endif
// SEEDKIT_AVX2 / SEEDKIT_AVX512F: the translation unit is compiled for them.
#ifndef SEEDKIT_AVX2
#  if defined(__AVX2__)
#    define SEEDKIT_AVX2 1
#  else
#    define SEEDKIT_AVX2 0
#  endif
#endif
#ifndef SEEDKIT_AVX512F
#  if defined(__AVX512F__)
#    define SEEDKIT_AVX512F 1
#  else
#    define SEEDKIT_AVX512F 0
#  endif
#endif
// SEEDKIT_POSIX: a POSIX system (uname, the environ array).
#ifndef SEEDKIT_POSIX
#  if defined(__unix__) || defined(__APPLE__)
#    define SEEDKIT_POSIX 1
#  else
#    define SEEDKIT_POSIX 0
#  endif
#endif

// SEEDKIT_COMPILER_NAME / SEEDKIT_STDLIB_NAME: the compiler and the standard
// library with their versions, as string literals ("g++ 12.2.0",
// "libstdc++ 20230528"), for the record add-on's fingerprint.
#define SEEDKIT_STRINGIFY_IMPL(x) #x
#define SEEDKIT_STRINGIFY(x) SEEDKIT_STRINGIFY_IMPL(x)
#ifndef SEEDKIT_COMPILER_NAME
#  if defined(__clang__)
#    define SEEDKIT_COMPILER_NAME                                          \
      "clang++ " SEEDKIT_STRINGIFY(__clang_major__) "." SEEDKIT_STRINGIFY( \
          __clang_minor__) "." SEEDKIT_STRINGIFY(__clang_patchlevel__)
#  elif defined(__GNUC__)
#    define SEEDKIT_COMPILER_NAME                               \
      "g++ " SEEDKIT_STRINGIFY(__GNUC__) "." SEEDKIT_STRINGIFY( \
          __GNUC_MINOR__) "." SEEDKIT_STRINGIFY(__GNUC_PATCHLEVEL__)
#  elif defined(_MSC_VER)
#    define SEEDKIT_COMPILER_NAME "msvc " SEEDKIT_STRINGIFY(_MSC_VER)
#  else
#    define SEEDKIT_COMPILER_NAME "unknown"
#  endif
#endif
#ifndef SEEDKIT_STDLIB_NAME
#  if defined(_LIBCPP_VERSION)
#    define SEEDKIT_STDLIB_NAME "libc++ " SEEDKIT_STRINGIFY(_LIBCPP_VERSION)
#  elif defined(__GLIBCXX__)
#    define SEEDKIT_STDLIB_NAME "libstdc++ " SEEDKIT_STRINGIFY(__GLIBCXX__)
#  elif defined(_MSVC_STL_VERSION)
#    define SEEDKIT_STDLIB_NAME "msvc-stl " SEEDKIT_STRINGIFY(_MSVC_STL_VERSION)
#  else
#    define SEEDKIT_STDLIB_NAME "unknown"
#  endif
#endif

// SEEDKIT_HAS_INT128: the compiler offers unsigned __int128 on the host.
#ifndef SEEDKIT_HAS_INT128
#  if defined(__SIZEOF_INT128__)
#    define SEEDKIT_HAS_INT128 1
#  else
#    define SEEDKIT_HAS_INT128 0
#  endif
#endif

// SEEDKIT_CPLUSPLUS: the language version, corrected for MSVC's /Zc:__cplusplus.
#ifndef SEEDKIT_CPLUSPLUS
#  if defined(_MSVC_LANG)
#    define SEEDKIT_CPLUSPLUS _MSVC_LANG
#  else
#    define SEEDKIT_CPLUSPLUS __cplusplus
#  endif
#endif

// SEEDKIT_HAS_EXCEPTIONS: 1 when the host code may throw.
#ifndef SEEDKIT_HAS_EXCEPTIONS
#  if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#    define SEEDKIT_HAS_EXCEPTIONS 1
#  else
#    define SEEDKIT_HAS_EXCEPTIONS 0
#  endif
#endif

// SEEDKIT_FAST_MATH: 1 under -ffast-math (or -Ofast). seedkit's engines and
// integer algorithms still give the documented bits; its floating-point
// distributions and reductions do not promise bit-identity in this mode,
// and the environment fingerprint reports it.
#ifndef SEEDKIT_FAST_MATH
#  if defined(__FAST_MATH__)
#    define SEEDKIT_FAST_MATH 1
#  else
#    define SEEDKIT_FAST_MATH 0
#  endif
#endif

// SEEDKIT_WIDE_LANES: 1 where philox4_lanes should run whole blocks in
// 64-bit lanes (x86 with AVX2 or AVX-512: a 64-bit lane multiply is one
// instruction), 0 where it should run round by round in 32-bit lanes (SSE2
// and other targets, where g++ finds 64-bit lanes unprofitable). Either way
// the outputs are the same; only speed differs.
#ifndef SEEDKIT_WIDE_LANES
#  if SEEDKIT_AVX2 || SEEDKIT_AVX512F
#    define SEEDKIT_WIDE_LANES 1
#  else
#    define SEEDKIT_WIDE_LANES 0
#  endif
#endif

// SEEDKIT_SIMD_LANES: 1 where philox4_lanes runs on explicit vector code
// (detail/simd_lanes.hpp): x86-64 with AVX-512F, AVX2 or the SSE2 every
// x86-64 has, and AArch64 with NEON; 0 where it leaves its lanes to the
// auto-vectorizer (the block-major or round-major loop, SEEDKIT_WIDE_LANES).
// The intrinsics only supply the 32x32->64-bit product and the bit
// operations; the rounds are still philox_round's. Always 0 under nvcc or
// hipcc (both passes), and needs g++ or clang (for
// __builtin_is_constant_evaluated, so that constant evaluation takes the
// portable loop). Either way the outputs are the same; only speed differs.
#ifndef SEEDKIT_SIMD_LANES
#  if !SEEDKIT_CUDA && !defined(__HIPCC__) &&                       \
      (SEEDKIT_COMPILER_CLANG >= 9 || SEEDKIT_COMPILER_GCC >= 9) && \
      ((defined(__x86_64__) && defined(__SSE2__)) ||                \
       (defined(__aarch64__) && defined(__ARM_NEON)))
#    define SEEDKIT_SIMD_LANES 1
#  else
#    define SEEDKIT_SIMD_LANES 0
#  endif
#endif

// SEEDKIT_REDUCE_VECTORS: 1 where the pairwise and compensated kernels
// (detail/reduce_kernels.hpp) hold their lanes in GNU vector-extension
// registers, so that -O2 runs them at the vector rate without the
// auto-vectorizer (g++ and clang, host code); 0 where they are plain loops
// over lane arrays (other compilers, nvcc and hipcc). Either way the results
// have the same bits (docs/reductions.md, "Vector code and bit-identity").
#ifndef SEEDKIT_REDUCE_VECTORS
#  if SEEDKIT_GNU_EXTENSIONS && !SEEDKIT_CUDA
#    define SEEDKIT_REDUCE_VECTORS 1
#  else
#    define SEEDKIT_REDUCE_VECTORS 0
#  endif
#endif

// SEEDKIT_HARDWARE_FMA: 1 where the target has a fused multiply-add
// instruction that std::fma compiles to (x86 with -mfma or -march=native,
// AArch64), 0 elsewhere (then std::fma may be a slow libm call). The exact
// dot product of doubles uses it to split products error-free when it is 1;
// the exact result is the same either way.
#ifndef SEEDKIT_HARDWARE_FMA
#  if (defined(__FMA__) || defined(__ARM_FEATURE_FMA)) && !SEEDKIT_CUDA
#    define SEEDKIT_HARDWARE_FMA 1
#  else
#    define SEEDKIT_HARDWARE_FMA 0
#  endif
#endif

// SEEDKIT_EXACT_DOT_SPLIT: 1 where exact dot products of doubles split
// in-range products error-free with an FMA (p = x * y, e = fma(x, y, -p))
// and sum p and e in the exact sum's bins (docs/reductions.md, "Dot
// products"): with SEEDKIT_HARDWARE_FMA, or on x86-64 with g++ or clang,
// where an AVX2+FMA kernel is chosen at run time when the CPU has both; 0
// elsewhere (every pair in the integer bins; define it to 0 to force that).
// The exact result is the same either way; only speed differs.
#ifndef SEEDKIT_EXACT_DOT_SPLIT
#  if SEEDKIT_HARDWARE_FMA || \
      (SEEDKIT_ARCH_X86 && SEEDKIT_GNU_EXTENSIONS && !SEEDKIT_CUDA && defined(__x86_64__))
#    define SEEDKIT_EXACT_DOT_SPLIT 1
#  else
#    define SEEDKIT_EXACT_DOT_SPLIT 0
#  endif
#endif

// SEEDKIT_DISPATCH_AVX2: 1 where x86-64 code compiled without -mavx2 picks
// an AVX2 Philox kernel at run time when the CPU has AVX2
// (detail/simd_lanes.hpp), 0 where the SSE2 lanes always run (define it to
// 0 to force them). The outputs are the same; only speed differs.
#ifndef SEEDKIT_DISPATCH_AVX2
#  if SEEDKIT_SIMD_LANES && SEEDKIT_ARCH_X86 && !SEEDKIT_AVX2 && !SEEDKIT_AVX512F
#    define SEEDKIT_DISPATCH_AVX2 1
#  else
#    define SEEDKIT_DISPATCH_AVX2 0
#  endif
#endif

// SEEDKIT_IS_CONSTANT_EVALUATED() (internal): true during constant
// evaluation (C++20's std::is_constant_evaluated, as the builtin g++ 9,
// clang 9 and MSVC 19.25 offer in C++17); true where unknown, so that the
// constexpr-safe path is taken.
#ifndef SEEDKIT_IS_CONSTANT_EVALUATED
#  if SEEDKIT_COMPILER_GCC >= 9 || SEEDKIT_COMPILER_CLANG >= 9 || \
      (defined(_MSC_VER) && _MSC_VER >= 1925)
#    define SEEDKIT_IS_CONSTANT_EVALUATED() __builtin_is_constant_evaluated()
#  else
#    define SEEDKIT_IS_CONSTANT_EVALUATED() true
#  endif
#endif

// SEEDKIT_FORCE_INLINE: a strong inlining hint for the innermost mixing code.
#ifndef SEEDKIT_FORCE_INLINE
#  if SEEDKIT_GNU_EXTENSIONS
#    define SEEDKIT_FORCE_INLINE inline __attribute__((always_inline))
#  elif defined(_MSC_VER)
#    define SEEDKIT_FORCE_INLINE __forceinline
#  else
#    define SEEDKIT_FORCE_INLINE inline
#  endif
#endif

// SEEDKIT_UNROLL (internal): ask for full unrolling of a fixed-count loop.
#ifndef SEEDKIT_UNROLL
#  if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
#    define SEEDKIT_UNROLL _Pragma("unroll")
#  elif SEEDKIT_CUDA
#    define SEEDKIT_UNROLL  // nvcc's host pass: the host compiler may not know the pragma
#  elif SEEDKIT_COMPILER_CLANG
#    define SEEDKIT_UNROLL _Pragma("clang loop unroll(full)")
#  elif SEEDKIT_COMPILER_GCC >= 8
#    define SEEDKIT_UNROLL _Pragma("GCC unroll 16")
#  else
#    define SEEDKIT_UNROLL
#  endif
#endif

// SEEDKIT_KEEP_LOOP (internal): keep a lane loop rolled, so that g++'s loop
// vectorizer handles it (g++ -O3 would otherwise unroll it completely and
// then leave the lanes scalar). Not under nvcc, whose front end rejects the
// GCC pragma (warning 1675).
#ifndef SEEDKIT_KEEP_LOOP
#  if SEEDKIT_COMPILER_GCC >= 8 && !SEEDKIT_CUDA
#    define SEEDKIT_KEEP_LOOP _Pragma("GCC unroll 1")
#  else
#    define SEEDKIT_KEEP_LOOP
#  endif
#endif

// The versioned inline namespace. Every output-changing decision lives under
// it, so two builds that disagree on the stream contract fail to link
// instead of silently diverging. Bump together with SEEDKIT_STREAM_VERSION.
#define SEEDKIT_ABI_TAG v2
#define SEEDKIT_BEGIN_NAMESPACE \
  namespace seedkit {           \
  inline namespace v2 {
#define SEEDKIT_END_NAMESPACE \
  }                           \
  }

#endif  // SEEDKIT_CONFIG_HPP

// seedkit/config.hpp: the one place where seedkit looks at the compiler.
//
// Every SEEDKIT_* feature macro is always defined, to 0 or 1, and may be
// overridden by defining it before the first seedkit include. Test them with
// `#if`, never `#ifdef`. Nothing here includes a standard header beyond
// <cstdint>.
#ifndef SEEDKIT_CONFIG_HPP
#define SEEDKIT_CONFIG_HPP

#include <cstdint>

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
#  if defined(__AVX2__) || defined(__AVX512F__)
#    define SEEDKIT_WIDE_LANES 1
#  else
#    define SEEDKIT_WIDE_LANES 0
#  endif
#endif

// SEEDKIT_SIMD_LANES: 1 where philox4_lanes runs its block-major lanes
// (SEEDKIT_WIDE_LANES) through x86 intrinsics, AVX-512F or else AVX2
// (detail/simd_lanes.hpp), 0 where it leaves them to the auto-vectorizer.
// The intrinsics only supply the 32x32->64-bit product (vpmuludq), which
// g++ 12 would otherwise vectorize as a 64-bit vpmullq plus masks; the
// rounds are still philox_round's. Always 0 under nvcc or hipcc (both
// passes), and needs g++ or clang (for __builtin_is_constant_evaluated, so
// that constant evaluation takes the portable loop). Either way the outputs
// are the same; only speed differs.
#ifndef SEEDKIT_SIMD_LANES
#  if SEEDKIT_WIDE_LANES && !SEEDKIT_CUDA && (defined(__AVX512F__) || defined(__AVX2__)) && \
      ((defined(__clang__) && __clang_major__ >= 9) ||                                   \
       (!defined(__clang__) && defined(__GNUC__) && __GNUC__ >= 9))
#    define SEEDKIT_SIMD_LANES 1
#  else
#    define SEEDKIT_SIMD_LANES 0
#  endif
#endif

// SEEDKIT_FORCE_INLINE: a strong inlining hint for the innermost mixing code.
#ifndef SEEDKIT_FORCE_INLINE
#  if defined(__GNUC__) || defined(__clang__)
#    define SEEDKIT_FORCE_INLINE inline __attribute__((always_inline))
#  elif defined(_MSC_VER)
#    define SEEDKIT_FORCE_INLINE __forceinline
#  else
#    define SEEDKIT_FORCE_INLINE inline
#  endif
#endif

// The versioned inline namespace. Every output-changing decision lives under
// it, so two builds that disagree on the stream contract fail to link
// instead of silently diverging. Bump together with SEEDKIT_STREAM_VERSION.
#define SEEDKIT_ABI_TAG v1
#define SEEDKIT_BEGIN_NAMESPACE \
  namespace seedkit {           \
  inline namespace v1 {
#define SEEDKIT_END_NAMESPACE \
  }                           \
  }

#endif  // SEEDKIT_CONFIG_HPP

// seedkit/detail/simd_lanes.hpp: SIMD lanes for philox4_lanes.
//
// A lane type that philox4_rounds (philox_core.hpp) runs on unchanged: the
// rounds, key schedule and constants stay philox_round's; this header only
// supplies the 32x32->64-bit multiply, the bit operations, and the store
// that interleaves the lanes into blocks. Used by philox4_lanes alone, and
// only when SEEDKIT_SIMD_LANES is 1 (never under nvcc or hipcc):
// - x86-64: AVX-512F, else AVX2, else SSE2 (always present on x86-64). Each
//   32-bit word sits in the low half of a 64-bit lane, so that the product
//   is one (v)pmuludq and its high half one shift: 8, 4 or 2 words per
//   register.
// - AArch64: NEON, four 32-bit words per register; the four products of a
//   register are two umull and two uzp.
#ifndef SEEDKIT_DETAIL_SIMD_LANES_HPP
#define SEEDKIT_DETAIL_SIMD_LANES_HPP

#include <cstddef>  // size_t
#include <cstdint>  // uint32_t, uint64_t

#include "seedkit/config.hpp"

#if SEEDKIT_SIMD_LANES
#  if SEEDKIT_ARCH_X86
#    include <immintrin.h>
#  else
#    include <arm_neon.h>
#  endif

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

#  if SEEDKIT_ARCH_X86 && SEEDKIT_AVX512F
// The AVX-512 intrinsics below are the zero-masking forms under an all-ones
// mask (the same instructions): g++ 12's unmasked forms pass
// _mm512_undefined_epi32() and trip -Wmaybe-uninitialized (GCC PR 105593).
inline constexpr __mmask8 all_lanes = 0xFF;
using simd_reg = __m512i;
inline constexpr std::size_t words_per_reg = 8;
inline constexpr std::size_t regs_per_value = 2;
#  elif SEEDKIT_ARCH_X86 && SEEDKIT_AVX2
using simd_reg = __m256i;
inline constexpr std::size_t words_per_reg = 4;
inline constexpr std::size_t regs_per_value = 4;  // 2 chains: 25% slower
#  elif SEEDKIT_ARCH_X86
using simd_reg = __m128i;
inline constexpr std::size_t words_per_reg = 2;
inline constexpr std::size_t regs_per_value = 4;  // 2: 15% slower (fewer chains); 3: spills
#  else
using simd_reg = uint32x4_t;
inline constexpr std::size_t words_per_reg = 4;
inline constexpr std::size_t regs_per_value = 2;
#  endif

// One register's worth of operations, per instruction set.
struct simd_ops {
#  if SEEDKIT_ARCH_X86 && SEEDKIT_AVX512F
  SEEDKIT_FORCE_INLINE static simd_reg splat(std::uint64_t w) noexcept {
    return _mm512_set1_epi64(static_cast<long long>(w));
  }
  SEEDKIT_FORCE_INLINE static simd_reg iota(std::uint64_t w) noexcept {
    return _mm512_add_epi64(splat(w), _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
  }
  SEEDKIT_FORCE_INLINE static simd_reg bxor(simd_reg a, simd_reg b) noexcept {
    return _mm512_xor_si512(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg band(simd_reg a, simd_reg b) noexcept {
    return _mm512_and_si512(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg add(simd_reg a, simd_reg b) noexcept {
    return _mm512_add_epi64(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg mulhilo(simd_reg a, simd_reg b, simd_reg& hi) noexcept {
    a = _mm512_maskz_mul_epu32(all_lanes, a, b);
    hi = _mm512_maskz_srli_epi64(all_lanes, a, 32);
    return a;
  }
#  elif SEEDKIT_ARCH_X86 && SEEDKIT_AVX2
  SEEDKIT_FORCE_INLINE static simd_reg splat(std::uint64_t w) noexcept {
    return _mm256_set1_epi64x(static_cast<long long>(w));
  }
  SEEDKIT_FORCE_INLINE static simd_reg iota(std::uint64_t w) noexcept {
    return _mm256_add_epi64(splat(w), _mm256_set_epi64x(3, 2, 1, 0));
  }
  SEEDKIT_FORCE_INLINE static simd_reg bxor(simd_reg a, simd_reg b) noexcept {
    return _mm256_xor_si256(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg band(simd_reg a, simd_reg b) noexcept {
    return _mm256_and_si256(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg add(simd_reg a, simd_reg b) noexcept {
    return _mm256_add_epi64(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg mulhilo(simd_reg a, simd_reg b, simd_reg& hi) noexcept {
    a = _mm256_mul_epu32(a, b);
    hi = _mm256_srli_epi64(a, 32);
    return a;
  }
#  elif SEEDKIT_ARCH_X86
  SEEDKIT_FORCE_INLINE static simd_reg splat(std::uint64_t w) noexcept {
    return _mm_set1_epi64x(static_cast<long long>(w));
  }
  SEEDKIT_FORCE_INLINE static simd_reg iota(std::uint64_t w) noexcept {
    return _mm_add_epi64(splat(w), _mm_set_epi64x(1, 0));
  }
  SEEDKIT_FORCE_INLINE static simd_reg bxor(simd_reg a, simd_reg b) noexcept {
    return _mm_xor_si128(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg band(simd_reg a, simd_reg b) noexcept {
    return _mm_and_si128(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg add(simd_reg a, simd_reg b) noexcept {
    return _mm_add_epi64(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg mulhilo(simd_reg a, simd_reg b, simd_reg& hi) noexcept {
    a = _mm_mul_epu32(a, b);
    hi = _mm_srli_epi64(a, 32);
    return a;
  }
#  else
  SEEDKIT_FORCE_INLINE static simd_reg splat(std::uint64_t w) noexcept {
    return vdupq_n_u32(static_cast<std::uint32_t>(w));
  }
  SEEDKIT_FORCE_INLINE static simd_reg iota(std::uint64_t w) noexcept {
    const std::uint32_t step[4] = {0, 1, 2, 3};
    return vaddq_u32(splat(w), vld1q_u32(step));
  }
  SEEDKIT_FORCE_INLINE static simd_reg bxor(simd_reg a, simd_reg b) noexcept {
    return veorq_u32(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg band(simd_reg a, simd_reg b) noexcept {
    return vandq_u32(a, b);
  }
  SEEDKIT_FORCE_INLINE static simd_reg add(simd_reg a, simd_reg b) noexcept {
    return vaddq_u32(a, b);
  }
  // Products of words 0, 1 and 2, 3 as 64-bit lanes; uzp1 gathers their low
  // halves, uzp2 their high halves (little-endian lane order in both).
  SEEDKIT_FORCE_INLINE static simd_reg mulhilo(simd_reg a, simd_reg b, simd_reg& hi) noexcept {
    const uint32x4_t p01 = vreinterpretq_u32_u64(vmull_u32(vget_low_u32(a), vget_low_u32(b)));
    const uint32x4_t p23 = vreinterpretq_u32_u64(vmull_high_u32(a, b));
    hi = vuzp2q_u32(p01, p23);
    return vuzp1q_u32(p01, p23);
  }
#  endif
};

// `size` 32-bit words in SIMD registers. On x86 each word is the low half of
// a 64-bit lane and the high halves are unspecified: ^, + and & act on the
// words modulo 2^32 (the low half of a 64-bit result depends only on the
// low halves of its operands), so that philox_round's masking to 32 bits is
// implied and costs nothing. Several registers per value give independent
// dependency chains per round, which keeps the multipliers busy.
struct u32_lanes {
  static constexpr std::size_t regs = regs_per_value;
  static constexpr std::size_t size = regs * words_per_reg;
  simd_reg v[regs];

  u32_lanes() noexcept = default;
  // Every lane holds w (w < 2^32).
  SEEDKIT_FORCE_INLINE explicit u32_lanes(std::uint64_t w) noexcept {
    SEEDKIT_UNROLL
    for (simd_reg& r : v) r = simd_ops::splat(w);
  }
  // Lane j holds w + j (no carry out of 32 bits: philox4_lanes' caller).
  SEEDKIT_FORCE_INLINE static u32_lanes iota(std::uint64_t w) noexcept {
    u32_lanes x;
    SEEDKIT_UNROLL
    for (std::size_t r = 0; r < regs; ++r) x.v[r] = simd_ops::iota(w + r * words_per_reg);
    return x;
  }

  SEEDKIT_FORCE_INLINE friend u32_lanes operator^(u32_lanes a, u32_lanes b) noexcept {
    SEEDKIT_UNROLL
    for (std::size_t r = 0; r < regs; ++r) a.v[r] = simd_ops::bxor(a.v[r], b.v[r]);
    return a;
  }
  SEEDKIT_FORCE_INLINE friend u32_lanes operator&(u32_lanes a, u32_lanes b) noexcept {
    SEEDKIT_UNROLL
    for (std::size_t r = 0; r < regs; ++r) a.v[r] = simd_ops::band(a.v[r], b.v[r]);
    return a;
  }
  SEEDKIT_FORCE_INLINE friend u32_lanes operator+(u32_lanes a, u32_lanes b) noexcept {
    SEEDKIT_UNROLL
    for (std::size_t r = 0; r < regs; ++r) a.v[r] = simd_ops::add(a.v[r], b.v[r]);
    return a;
  }
};

// mulhilo (philox_core.hpp) on u32_lanes: hi:lo = a * b per word. On x86
// lo's high halves are left holding hi (unspecified, as above).
template <unsigned W>
SEEDKIT_FORCE_INLINE u32_lanes mulhilo(u32_lanes a, u32_lanes b, u32_lanes& hi) noexcept {
  static_assert(W == 32, "u32_lanes hold 32-bit words");
  SEEDKIT_UNROLL
  for (std::size_t r = 0; r < u32_lanes::regs; ++r)
    a.v[r] = simd_ops::mulhilo(a.v[r], b.v[r], hi.v[r]);
  return a;
}

// Stores the blocks held in x (block j in lane j of x[0] .. x[3]) as
// 4 * u32_lanes::size consecutive words: y[4j + i] = word i of block j.
SEEDKIT_FORCE_INLINE void store_blocks(const u32_lanes (&x)[4], std::uint32_t* y) noexcept {
  SEEDKIT_UNROLL
  for (std::size_t r = 0; r < u32_lanes::regs; ++r, y += 4 * words_per_reg) {
#  if SEEDKIT_ARCH_X86 && SEEDKIT_AVX512F
    // 64-bit lane j of a: words 0 and 1 of block j; of b: words 2 and 3.
    const __m512i a = _mm512_mask_blend_epi32(0xAAAA, x[0].v[r],
                                              _mm512_maskz_slli_epi64(all_lanes, x[1].v[r], 32));
    const __m512i b = _mm512_mask_blend_epi32(0xAAAA, x[2].v[r],
                                              _mm512_maskz_slli_epi64(all_lanes, x[3].v[r], 32));
    const __m512i lo = _mm512_permutex2var_epi64(a, _mm512_set_epi64(11, 3, 10, 2, 9, 1, 8, 0), b);
    const __m512i hi =
        _mm512_permutex2var_epi64(a, _mm512_set_epi64(15, 7, 14, 6, 13, 5, 12, 4), b);
    _mm512_storeu_si512(static_cast<void*>(y), lo);
    _mm512_storeu_si512(static_cast<void*>(y + 16), hi);
#  elif SEEDKIT_ARCH_X86 && SEEDKIT_AVX2
    const __m256i a = _mm256_blend_epi32(x[0].v[r], _mm256_slli_epi64(x[1].v[r], 32), 0xAA);
    const __m256i b = _mm256_blend_epi32(x[2].v[r], _mm256_slli_epi64(x[3].v[r], 32), 0xAA);
    const __m256i l = _mm256_unpacklo_epi64(a, b);  // blocks 0 and 2
    const __m256i h = _mm256_unpackhi_epi64(a, b);  // blocks 1 and 3
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y), _mm256_permute2x128_si256(l, h, 0x20));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + 8), _mm256_permute2x128_si256(l, h, 0x31));
#  elif SEEDKIT_ARCH_X86
    const __m128i low = _mm_set1_epi64x(0xffffffff);
    const __m128i a = _mm_or_si128(_mm_and_si128(x[0].v[r], low), _mm_slli_epi64(x[1].v[r], 32));
    const __m128i b = _mm_or_si128(_mm_and_si128(x[2].v[r], low), _mm_slli_epi64(x[3].v[r], 32));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y), _mm_unpacklo_epi64(a, b));      // block 0
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + 4), _mm_unpackhi_epi64(a, b));  // block 1
#  else
    vst4q_u32(y, uint32x4x4_t{{x[0].v[r], x[1].v[r], x[2].v[r], x[3].v[r]}});
#  endif
  }
}

#  if SEEDKIT_DISPATCH_AVX2
// The AVX2 kernel for x86-64 code compiled without -mavx2, chosen at run
// time when the CPU has AVX2 (as absl's Randen chooses AES-NI): the same
// rounds as philox4_rounds on u32_lanes under AVX2 (philox_round's
// equations, spelled out here because a function compiled for AVX2 cannot
// inline the generic templates' intrinsics), 4H blocks at a time in H
// independent chains (H = 4: a round's multiply-shift-xor latency is
// hidden; 2 chains ran 20% slower). Blocks j = 0 .. n - 1 with counters (x0 + j, x1, x2, x3) go to
// y[4j .. 4j + 3]; n is a multiple of 4H and x0 + n - 1 does not carry.
template <std::size_t R, std::size_t H>
__attribute__((target("avx2"))) inline void philox4x32_avx2(
    std::uint32_t x0, std::uint32_t x1, std::uint32_t x2, std::uint32_t x3, std::uint32_t k0,
    std::uint32_t k1, std::uint32_t m0, std::uint32_t m1, std::uint32_t c0, std::uint32_t c1,
    std::size_t n, std::uint32_t* y) noexcept {
  const __m256i mul0 = _mm256_set1_epi64x(m0), mul1 = _mm256_set1_epi64x(m1);
  const __m256i step = _mm256_set_epi64x(3, 2, 1, 0);
  for (std::size_t j = 0; j < n; j += 4 * H, y += 16 * H) {
    __m256i v[H][4];
    SEEDKIT_UNROLL
    for (std::size_t h = 0; h < H; ++h) {
      const auto first = static_cast<std::uint32_t>(x0 + j + 4 * h);
      v[h][0] = _mm256_add_epi64(_mm256_set1_epi64x(first), step);
      v[h][1] = _mm256_set1_epi64x(x1);
      v[h][2] = _mm256_set1_epi64x(x2);
      v[h][3] = _mm256_set1_epi64x(x3);
    }
    std::uint32_t ka = k0, kb = k1;
    SEEDKIT_UNROLL
    for (std::size_t r = 0; r < R; ++r) {
      const __m256i key0 = _mm256_set1_epi64x(ka), key1 = _mm256_set1_epi64x(kb);
      SEEDKIT_UNROLL
      for (std::size_t h = 0; h < H; ++h) {
        // lo0:hi0 = m0 * x2, lo1:hi1 = m1 * x0;
        // (x0, x1, x2, x3) = (hi0 ^ k0 ^ x1, lo0, hi1 ^ k1 ^ x3, lo1).
        const __m256i p0 = _mm256_mul_epu32(mul0, v[h][2]);
        const __m256i p1 = _mm256_mul_epu32(mul1, v[h][0]);
        v[h][0] = _mm256_xor_si256(_mm256_srli_epi64(p0, 32), _mm256_xor_si256(key0, v[h][1]));
        v[h][1] = p0;
        v[h][2] = _mm256_xor_si256(_mm256_srli_epi64(p1, 32), _mm256_xor_si256(key1, v[h][3]));
        v[h][3] = p1;
      }
      ka += c0;
      kb += c1;
    }
    SEEDKIT_UNROLL
    for (std::size_t h = 0; h < H; ++h) {
      const __m256i a = _mm256_blend_epi32(v[h][0], _mm256_slli_epi64(v[h][1], 32), 0xAA);
      const __m256i b = _mm256_blend_epi32(v[h][2], _mm256_slli_epi64(v[h][3], 32), 0xAA);
      const __m256i l = _mm256_unpacklo_epi64(a, b);  // blocks 0 and 2
      const __m256i u = _mm256_unpackhi_epi64(a, b);  // blocks 1 and 3
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + 16 * h),
                          _mm256_permute2x128_si256(l, u, 0x20));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + 16 * h + 8),
                          _mm256_permute2x128_si256(l, u, 0x31));
    }
  }
}

// Whether this CPU runs AVX2, asked once per process.
inline bool cpu_has_avx2() noexcept {
  static const bool yes = __builtin_cpu_supports("avx2") != 0;
  return yes;
}
#  endif

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_SIMD_LANES
#endif  // SEEDKIT_DETAIL_SIMD_LANES_HPP

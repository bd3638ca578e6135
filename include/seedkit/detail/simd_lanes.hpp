// seedkit/detail/simd_lanes.hpp: x86 SIMD lanes for philox4_lanes.
//
// A lane type that philox4_rounds (philox_core.hpp) runs on unchanged: the
// rounds, key schedule and constants stay philox_round's; this header only
// supplies the 32x32->64-bit multiply as one vpmuludq (_mm512_mul_epu32,
// _mm256_mul_epu32) plus the bit operations, and the store that interleaves
// the lanes into blocks. Used by philox4_lanes alone, and only when
// SEEDKIT_SIMD_LANES is 1 (x86 with AVX-512F or AVX2, never under nvcc).
#ifndef SEEDKIT_DETAIL_SIMD_LANES_HPP
#define SEEDKIT_DETAIL_SIMD_LANES_HPP

#include <cstddef>  // size_t
#include <cstdint>  // uint32_t, uint64_t

#include "seedkit/config.hpp"

#if SEEDKIT_SIMD_LANES
#  include <immintrin.h>

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

#  if SEEDKIT_AVX512F
// The AVX-512 intrinsics below are the zero-masking forms under an all-ones
// mask (the same instructions): g++ 12's unmasked forms pass
// _mm512_undefined_epi32() and trip -Wmaybe-uninitialized (GCC PR 105593).
inline constexpr __mmask8 all_lanes = 0xFF;
using simd_reg = __m512i;
inline constexpr std::size_t words_per_reg = 8;
#  else
using simd_reg = __m256i;
inline constexpr std::size_t words_per_reg = 4;
#  endif

// `size` 32-bit words, each in the low half of a 64-bit SIMD lane; the high
// halves are unspecified. ^, + and & act on the words modulo 2^32 (the low
// half of a 64-bit result depends only on the low halves of its operands),
// so that philox_round's masking to 32 bits is implied and costs nothing.
// Two registers per value: two independent dependency chains per round,
// which keeps the multipliers busy (about 15% faster than one).
struct u32_lanes {
  static constexpr std::size_t regs = 2;
  static constexpr std::size_t size = regs * words_per_reg;
  simd_reg v[regs];

  u32_lanes() noexcept = default;
  // Every lane holds w.
  explicit u32_lanes(std::uint64_t w) noexcept {
    for (simd_reg& r : v) r = broadcast(w);
  }
  // Lane j holds w + j.
  static u32_lanes iota(std::uint64_t w) noexcept {
    u32_lanes x;
    for (std::size_t r = 0; r < regs; ++r) {
#  if SEEDKIT_AVX512F
      x.v[r] = _mm512_add_epi64(broadcast(w + r * words_per_reg),
                                _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
#  else
      x.v[r] = _mm256_add_epi64(broadcast(w + r * words_per_reg), _mm256_set_epi64x(3, 2, 1, 0));
#  endif
    }
    return x;
  }

  friend u32_lanes operator^(u32_lanes a, u32_lanes b) noexcept {
    for (std::size_t r = 0; r < regs; ++r) {
#  if SEEDKIT_AVX512F
      a.v[r] = _mm512_xor_si512(a.v[r], b.v[r]);
#  else
      a.v[r] = _mm256_xor_si256(a.v[r], b.v[r]);
#  endif
    }
    return a;
  }
  friend u32_lanes operator&(u32_lanes a, u32_lanes b) noexcept {
    for (std::size_t r = 0; r < regs; ++r) {
#  if SEEDKIT_AVX512F
      a.v[r] = _mm512_and_si512(a.v[r], b.v[r]);
#  else
      a.v[r] = _mm256_and_si256(a.v[r], b.v[r]);
#  endif
    }
    return a;
  }
  friend u32_lanes operator+(u32_lanes a, u32_lanes b) noexcept {
    for (std::size_t r = 0; r < regs; ++r) {
#  if SEEDKIT_AVX512F
      a.v[r] = _mm512_add_epi64(a.v[r], b.v[r]);
#  else
      a.v[r] = _mm256_add_epi64(a.v[r], b.v[r]);
#  endif
    }
    return a;
  }

 private:
  static simd_reg broadcast(std::uint64_t w) noexcept {
#  if SEEDKIT_AVX512F
    return _mm512_set1_epi64(static_cast<long long>(w));
#  else
    return _mm256_set1_epi64x(static_cast<long long>(w));
#  endif
  }
};

// mulhilo (philox_core.hpp) on u32_lanes: hi:lo = a * b per lane, from the
// low halves only. lo's high half is left holding hi (unspecified, as above).
template <unsigned W>
SEEDKIT_FORCE_INLINE u32_lanes mulhilo(u32_lanes a, u32_lanes b, u32_lanes& hi) noexcept {
  static_assert(W == 32, "u32_lanes hold 32-bit words");
  for (std::size_t r = 0; r < u32_lanes::regs; ++r) {
#  if SEEDKIT_AVX512F
    a.v[r] = _mm512_maskz_mul_epu32(all_lanes, a.v[r], b.v[r]);
    hi.v[r] = _mm512_maskz_srli_epi64(all_lanes, a.v[r], 32);
#  else
    a.v[r] = _mm256_mul_epu32(a.v[r], b.v[r]);
    hi.v[r] = _mm256_srli_epi64(a.v[r], 32);
#  endif
  }
  return a;
}

// Stores the blocks held in x (block j in lane j of x[0] .. x[3]) as
// 4 * u32_lanes::size consecutive words: y[4j + i] = word i of block j.
SEEDKIT_FORCE_INLINE void store_blocks(const u32_lanes (&x)[4], std::uint32_t* y) noexcept {
  for (std::size_t r = 0; r < u32_lanes::regs; ++r, y += 4 * words_per_reg) {
#  if SEEDKIT_AVX512F
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
#  else
    const __m256i a = _mm256_blend_epi32(x[0].v[r], _mm256_slli_epi64(x[1].v[r], 32), 0xAA);
    const __m256i b = _mm256_blend_epi32(x[2].v[r], _mm256_slli_epi64(x[3].v[r], 32), 0xAA);
    const __m256i l = _mm256_unpacklo_epi64(a, b);  // blocks 0 and 2
    const __m256i h = _mm256_unpackhi_epi64(a, b);  // blocks 1 and 3
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y), _mm256_permute2x128_si256(l, h, 0x20));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + 8), _mm256_permute2x128_si256(l, h, 0x31));
#  endif
  }
}

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_SIMD_LANES
#endif  // SEEDKIT_DETAIL_SIMD_LANES_HPP

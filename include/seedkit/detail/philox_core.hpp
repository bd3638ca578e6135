// seedkit/detail/philox_core.hpp: the one Philox implementation.
//
// Everything in seedkit that mixes bits (the engines, derivation, streams,
// device code) goes through philox_round below. Salmon, Moraes, Dror, Shaw,
// "Parallel random numbers: as easy as 1, 2, 3", SC'11, defines the
// function; C++26 [rand.eng.philox] fixes the word order that seedkit uses.
#ifndef SEEDKIT_DETAIL_PHILOX_CORE_HPP
#define SEEDKIT_DETAIL_PHILOX_CORE_HPP

#include <cstddef>      // size_t, ptrdiff_t
#include <cstdint>      // uint32_t, uint64_t
#include <type_traits>  // conditional_t, is_same_v

#include "seedkit/config.hpp"
#include "seedkit/detail/wide_mul.hpp"
#if SEEDKIT_SIMD_LANES
#  include "seedkit/detail/simd_lanes.hpp"
#endif

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

// The low `w` bits set, for 0 < w <= 64.
template <unsigned W>
SEEDKIT_HD constexpr std::uint64_t low_mask() noexcept {
  return W >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << (W % 64)) - 1;
}

// hi:lo = a * b as a 2W-bit product, for W-bit operands a and b.
template <unsigned W, class T>
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr T mulhilo(T a, T b, T& hi) noexcept {
  static_assert(W > 0 && W <= 64, "Philox words are 1 to 64 bits wide");
  if constexpr (W <= 32) {
    // Operands are W-bit values; truncating them to 32 bits is a no-op that
    // tells vectorizers the product is a 32x32->64 one (x86 pmuludq) also
    // when T is a 64-bit lane type.
    const std::uint64_t p =
        std::uint64_t{static_cast<std::uint32_t>(a)} * std::uint64_t{static_cast<std::uint32_t>(b)};
    hi = static_cast<T>(p >> W);
    return static_cast<T>(p & low_mask<W>());
  } else {
    const std::uint64_t x = a;
    const std::uint64_t y = b;
    const std::uint64_t lo64 = x * y;  // wraps modulo 2^64 by design
    const std::uint64_t hi64 = mulhi64(x, y);
    if constexpr (W == 64) {
      hi = static_cast<T>(hi64);
      return static_cast<T>(lo64);
    } else {
      hi = static_cast<T>((hi64 << (64 - W)) | (lo64 >> W));
      return static_cast<T>(lo64 & low_mask<W>());
    }
  }
}

// One Philox round on a 2-word block (C++26 [rand.eng.philox], n = 2):
// V = (X0, X1); Y0 = mulhi(V0, M0) ^ K0 ^ V1; Y1 = mullo(V0, M0).
template <unsigned W, class T>
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr void philox_round(T& x0, T& x1, T k0, T m0) noexcept {
  T hi{};
  const T lo = mulhilo<W>(m0, x0, hi);
  x0 = static_cast<T>(hi ^ k0 ^ x1);
  x1 = lo;
}

// One Philox round on a 4-word block (C++26 [rand.eng.philox], n = 4):
// V = (X2, X1, X0, X3); Y[2k] = mulhi(V[2k], M[k]) ^ K[k] ^ V[2k+1] and
// Y[2k+1] = mullo(V[2k], M[k]). With M = (0xCD9E8D57, 0xD2511F53) this is
// Random123's philox4x32 round. T is an unsigned integer type of at least
// W bits, or (in philox4_lanes) detail::u32_lanes, several 32-bit words at
// once, with its own mulhilo.
template <unsigned W, class T>
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr void philox_round(T& x0, T& x1, T& x2, T& x3, T k0, T k1,
                                                            T m0, T m1) noexcept {
  T hi0{};
  T hi1{};
  const T lo0 = mulhilo<W>(m0, x2, hi0);
  const T lo1 = mulhilo<W>(m1, x0, hi1);
  // hi ^ (k ^ x): the key and the previous word meet while the product is
  // computed, one xor after the multiply on the critical path.
  const T y0 = static_cast<T>(hi0 ^ (k0 ^ x1));
  const T y2 = static_cast<T>(hi1 ^ (k1 ^ x3));
  x0 = y0;
  x1 = lo0;
  x2 = y2;
  x3 = lo1;
}

// The key schedule: K[k] += C[k] modulo 2^W after every round.
template <unsigned W, class T>
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr T bump_key(T k, T c) noexcept {
  return static_cast<T>((k + c) & static_cast<T>(low_mask<W>()));
}

// R rounds on one 4-word block, in place.
template <std::size_t R, unsigned W, class T>
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr void philox4_rounds(T (&x)[4], T k0, T k1, T m0, T m1,
                                                              T c0, T c1) noexcept {
  SEEDKIT_UNROLL
  for (std::size_t r = 0; r < R; ++r) {
    philox_round<W>(x[0], x[1], x[2], x[3], k0, k1, m0, m1);
    k0 = bump_key<W>(k0, c0);
    k1 = bump_key<W>(k1, c1);
  }
}

// R rounds on one 2-word block, in place.
template <std::size_t R, unsigned W, class T>
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr void philox2_rounds(T (&x)[2], T k0, T m0,
                                                              T c0) noexcept {
  SEEDKIT_UNROLL
  for (std::size_t r = 0; r < R; ++r) {
    philox_round<W>(x[0], x[1], k0, m0);
    k0 = bump_key<W>(k0, c0);
  }
}

// R rounds on the L consecutive 4-word blocks with counters
// (x0 + j, x1, x2, x3), j = 0 .. L - 1, writing block j to y[4j .. 4j + 3]
// (y: a pointer or random-access iterator to words of at least W bits):
// the same words, in the same order, as L calls of philox4_rounds. The
// caller makes sure that x0 + L - 1 does not carry out of W bits.
//
// Three shapes, all applying philox_round to every lane, so the results
// are equal:
// - Explicit vector code (SEEDKIT_SIMD_LANES, host code, W == 32): the
//   lanes are detail::u32_lanes (detail/simd_lanes.hpp: AVX-512F, AVX2 or
//   SSE2 on x86-64, NEON on AArch64), block-major, with philox4_rounds
//   unchanged. On x86 a round is one (v)pmuludq, one shift and the xors per
//   product; g++ -O2 does not vectorize the portable loops below for plain
//   x86-64, and at -march=native it uses vpmullq with separate masks
//   (8 vector instructions a round instead of 6).
// - Block-major (SEEDKIT_WIDE_LANES, and device code): each iteration of
//   the lane loop builds its counter, runs all R rounds of its block
//   (philox4_rounds, unrolled) and stores the block, so the vectorizer runs
//   several blocks at a time with the whole state in registers and turns
//   the four stores into an interleaving shuffle. Words of W <= 32 bits are
//   held in 64-bit lanes, so that the 32x32->64 product stays in its lane
//   instead of being split into even and odd lanes; philox_round masks
//   every result to W bits, so the values are the same.
// - Round-major (otherwise): the state is structure-of-arrays and each
//   round is one short loop over the lanes; the blocks are interleaved
//   into y at the end.
template <std::size_t R, unsigned W, std::size_t L, class T, class Out>
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr void philox4_lanes(T x0, T x1, T x2, T x3, T k0, T k1,
                                                             T m0, T m1, T c0, T c1,
                                                             Out y) noexcept {
#if defined(__CUDA_ARCH__) || defined(__HIP_DEVICE_COMPILE__)
  // A GPU thread is one lane: the block-major loop keeps 4 words live.
  constexpr bool block_major = true;
  using U = T;
#else
  constexpr bool block_major = SEEDKIT_WIDE_LANES != 0;
  using U = std::conditional_t<(block_major && W <= 32 && sizeof(T) < 8), std::uint64_t, T>;
#endif
#if SEEDKIT_SIMD_LANES && !defined(__CUDA_ARCH__) && !defined(__HIP_DEVICE_COMPILE__)
  if constexpr (W == 32 && L % u32_lanes::size == 0) {
    if (!SEEDKIT_IS_CONSTANT_EVALUATED()) {
#  if SEEDKIT_DISPATCH_AVX2
      if constexpr (L % 16 == 0) {
        if (cpu_has_avx2()) {
          if constexpr (std::is_same_v<Out, std::uint32_t*>) {
            philox4x32_avx2<R, 4>(x0, x1, x2, x3, k0, k1, m0, m1, c0, c1, L, y);
          } else {
            alignas(32) std::uint32_t out[4 * L];
            philox4x32_avx2<R, 4>(x0, x1, x2, x3, k0, k1, m0, m1, c0, c1, L, out);
            for (std::size_t i = 0; i < 4 * L; ++i) y[static_cast<std::ptrdiff_t>(i)] = out[i];
          }
          return;
        }
      }
#  endif
      constexpr std::size_t N = u32_lanes::size;
      const u32_lanes key0(k0), key1(k1), mul0(m0), mul1(m1), inc0(c0), inc1(c1);
      for (std::size_t j = 0; j < L; j += N) {
        // Block j + i in lane i: counters x0 + j + i (no carry, see above).
        u32_lanes x[4] = {u32_lanes::iota(static_cast<std::uint64_t>(x0 + static_cast<T>(j))),
                          u32_lanes(x1), u32_lanes(x2), u32_lanes(x3)};
        philox4_rounds<R, W>(x, key0, key1, mul0, mul1, inc0, inc1);
        const auto o = static_cast<std::ptrdiff_t>(4 * j);
        if constexpr (std::is_same_v<Out, std::uint32_t*>) {
          store_blocks(x, y + o);  // straight into the caller's words
        } else {
          alignas(64) std::uint32_t out[4 * N] = {};
          store_blocks(x, out);
          for (std::size_t i = 0; i < 4 * N; ++i) y[o + static_cast<std::ptrdiff_t>(i)] = out[i];
        }
      }
      return;
    }
  }
#endif
  if constexpr (block_major) {
    SEEDKIT_KEEP_LOOP
    for (std::size_t j = 0; j < L; ++j) {
      U x[4] = {static_cast<U>(x0 + static_cast<T>(j)), x1, x2, x3};
      philox4_rounds<R, W>(x, U{k0}, U{k1}, U{m0}, U{m1}, U{c0}, U{c1});
      const auto o = static_cast<std::ptrdiff_t>(4 * j);
      y[o] = static_cast<T>(x[0]);
      y[o + 1] = static_cast<T>(x[1]);
      y[o + 2] = static_cast<T>(x[2]);
      y[o + 3] = static_cast<T>(x[3]);
    }
  } else {
    T v0[L] = {}, v1[L] = {}, v2[L] = {}, v3[L] = {};
    for (std::size_t j = 0; j < L; ++j) {
      v0[j] = static_cast<T>(x0 + static_cast<T>(j));
      v1[j] = x1;
      v2[j] = x2;
      v3[j] = x3;
    }
    for (std::size_t r = 0; r < R; ++r) {
      SEEDKIT_KEEP_LOOP
      for (std::size_t j = 0; j < L; ++j) {
        philox_round<W>(v0[j], v1[j], v2[j], v3[j], k0, k1, m0, m1);
      }
      k0 = bump_key<W>(k0, c0);
      k1 = bump_key<W>(k1, c1);
    }
    for (std::size_t j = 0; j < L; ++j) {
      const auto o = static_cast<std::ptrdiff_t>(4 * j);
      y[o] = v0[j];
      y[o + 1] = v1[j];
      y[o + 2] = v2[j];
      y[o + 3] = v3[j];
    }
  }
}

// Random123's constants (philox.h): multipliers in C++26 order, Weyl
// increments for the key schedule.
inline constexpr std::uint32_t philox4x32_m0 = 0xCD9E8D57u;
inline constexpr std::uint32_t philox4x32_m1 = 0xD2511F53u;
inline constexpr std::uint32_t philox2x32_m0 = 0xD256D193u;
inline constexpr std::uint32_t philox_w32_0 = 0x9E3779B9u;
inline constexpr std::uint32_t philox_w32_1 = 0xBB67AE85u;
inline constexpr std::uint64_t philox4x64_m0 = 0xCA5A826395121157u;
inline constexpr std::uint64_t philox4x64_m1 = 0xD2E7470EE14C6C93u;
inline constexpr std::uint64_t philox2x64_m0 = 0xD2B74407B1CE6E93u;
inline constexpr std::uint64_t philox_w64_0 = 0x9E3779B97F4A7C15u;
inline constexpr std::uint64_t philox_w64_1 = 0xBB67AE8584CAA73Bu;

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_PHILOX_CORE_HPP

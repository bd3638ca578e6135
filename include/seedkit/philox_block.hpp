// seedkit/philox_block.hpp: the Philox block functions.
//
// philox4x32_block and friends are the raw bijection of Salmon et al.,
// "Parallel random numbers: as easy as 1, 2, 3" (SC'11): counter and key in,
// one output block out, bit-identical to Random123's philox4x32_10 etc. and
// to cuRAND's Philox4_32_10. Keys, streams and device code need only these;
// the engines (seedkit/philox.hpp) wrap them. Everything is constexpr,
// noexcept, allocation-free and usable in CUDA device code.
#ifndef SEEDKIT_PHILOX_BLOCK_HPP
#define SEEDKIT_PHILOX_BLOCK_HPP

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t, std::uint64_t

#include "seedkit/config.hpp"
#include "seedkit/detail/philox_core.hpp"

SEEDKIT_BEGIN_NAMESPACE

// A fixed-size array of N words, usable in device code (std::array's members
// are host-only under nvcc). Aggregate: `word_array<std::uint32_t, 4>{{1, 2, 3, 4}}`.
// Stability: published: bit-identical everywhere, forever.
template <class T, std::size_t N>
struct word_array {
  T v[N];

  SEEDKIT_HD constexpr T& operator[](std::size_t i) noexcept { return v[i]; }
  SEEDKIT_HD constexpr const T& operator[](std::size_t i) const noexcept { return v[i]; }
  SEEDKIT_HD static constexpr std::size_t size() noexcept { return N; }

  SEEDKIT_HD friend constexpr bool operator==(const word_array& a, const word_array& b) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
      if (a.v[i] != b.v[i]) return false;
    }
    return true;
  }
  SEEDKIT_HD friend constexpr bool operator!=(const word_array& a, const word_array& b) noexcept {
    return !(a == b);
  }
};

// Counter, key and output block types of the four Philox shapes.
using philox4x32_ctr = word_array<std::uint32_t, 4>;
using philox4x32_key = word_array<std::uint32_t, 2>;
using philox2x32_ctr = word_array<std::uint32_t, 2>;
using philox2x32_key = word_array<std::uint32_t, 1>;
using philox4x64_ctr = word_array<std::uint64_t, 4>;
using philox4x64_key = word_array<std::uint64_t, 2>;
using philox2x64_ctr = word_array<std::uint64_t, 2>;
using philox2x64_key = word_array<std::uint64_t, 1>;

// The Philox4x32-R block function: equals Random123's philox4x32_R(R, ctr,
// key) and one block of cuRAND's Philox4_32_10 (for R = 10).
// Example: philox4x32_block({{0, 0, 0, 0}}, {{0, 0}}) ==
//          {{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}}.
// Stability: published: bit-identical everywhere, forever.
template <std::size_t R = 10>
SEEDKIT_HD constexpr philox4x32_ctr philox4x32_block(philox4x32_ctr ctr,
                                                     philox4x32_key key) noexcept {
  std::uint32_t x[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
  detail::philox4_rounds<R, 32>(x, key[0], key[1], detail::philox4x32_m0, detail::philox4x32_m1,
                                detail::philox_w32_0, detail::philox_w32_1);
  return {{x[0], x[1], x[2], x[3]}};
}

// The Philox2x32-R block function (Random123's philox2x32_R).
// Stability: published: bit-identical everywhere, forever.
template <std::size_t R = 10>
SEEDKIT_HD constexpr philox2x32_ctr philox2x32_block(philox2x32_ctr ctr,
                                                     philox2x32_key key) noexcept {
  std::uint32_t x[2] = {ctr[0], ctr[1]};
  detail::philox2_rounds<R, 32>(x, key[0], detail::philox2x32_m0, detail::philox_w32_0);
  return {{x[0], x[1]}};
}

// The Philox4x64-R block function (Random123's philox4x64_R).
// Stability: published: bit-identical everywhere, forever.
template <std::size_t R = 10>
SEEDKIT_HD constexpr philox4x64_ctr philox4x64_block(philox4x64_ctr ctr,
                                                     philox4x64_key key) noexcept {
  std::uint64_t x[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
  detail::philox4_rounds<R, 64>(x, key[0], key[1], detail::philox4x64_m0, detail::philox4x64_m1,
                                detail::philox_w64_0, detail::philox_w64_1);
  return {{x[0], x[1], x[2], x[3]}};
}

// The Philox2x64-R block function (Random123's philox2x64_R).
// Stability: published: bit-identical everywhere, forever.
template <std::size_t R = 10>
SEEDKIT_HD constexpr philox2x64_ctr philox2x64_block(philox2x64_ctr ctr,
                                                     philox2x64_key key) noexcept {
  std::uint64_t x[2] = {ctr[0], ctr[1]};
  detail::philox2_rounds<R, 64>(x, key[0], detail::philox2x64_m0, detail::philox_w64_0);
  return {{x[0], x[1]}};
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_PHILOX_BLOCK_HPP

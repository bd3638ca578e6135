// seedkit/splitmix64.hpp: SplitMix64, the small fast generator of Steele,
// Lea and Flood ("Fast splittable pseudorandom number generators",
// OOPSLA 2014), and its 64-bit finalizer.
//
// SplitMix64 is a Weyl sequence (state += 0x9e3779b97f4a7c15) passed through
// a bijective mixer. It is a good generator for seeding and hashing, and
// seedkit uses it nowhere in its stream contract: streams are Philox.
#ifndef SEEDKIT_SPLITMIX64_HPP
#define SEEDKIT_SPLITMIX64_HPP

#include <cstdint>  // uint64_t

#include "seedkit/config.hpp"

SEEDKIT_BEGIN_NAMESPACE

// The SplitMix64 finalizer (a variant of MurmurHash3's fmix64 with the
// "Mix13" constants): a bijection on 64-bit values with strong avalanche.
// The multiplications wrap modulo 2^64 by design.
// Example: splitmix64_mix(0x9e3779b97f4a7c15) is the first output of
//          splitmix64(0).
// Stability: published: bit-identical everywhere, forever.
SEEDKIT_HD constexpr std::uint64_t splitmix64_mix(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

// SplitMix64 as a UniformRandomBitGenerator with 64-bit state and output.
// The n-th output (from 1) is splitmix64_mix(seed + n * 0x9e3779b97f4a7c15).
// Example:
//   seedkit::splitmix64 g(1477776061723855037u);
//   g();  // 1985237415132408290
// Stability: published: bit-identical everywhere, forever.
class splitmix64 {
 public:
  using result_type = std::uint64_t;

  // The Weyl increment ("golden gamma").
  static constexpr std::uint64_t gamma = 0x9e3779b97f4a7c15u;

  constexpr splitmix64() noexcept = default;
  SEEDKIT_HD constexpr explicit splitmix64(std::uint64_t seed) noexcept : state_(seed) {}

  SEEDKIT_HD static constexpr result_type min() noexcept { return 0; }
  SEEDKIT_HD static constexpr result_type max() noexcept { return ~std::uint64_t{0}; }

  SEEDKIT_HD constexpr void seed(std::uint64_t s = 0) noexcept { state_ = s; }

  SEEDKIT_HD constexpr result_type operator()() noexcept {
    state_ += gamma;  // wraps modulo 2^64 by design
    return splitmix64_mix(state_);
  }

  // Advances by z outputs in O(1).
  SEEDKIT_HD constexpr void discard(unsigned long long z) noexcept {
    state_ += gamma * static_cast<std::uint64_t>(z);
  }

  // The raw state: the seed plus gamma times the outputs taken.
  SEEDKIT_HD constexpr std::uint64_t state() const noexcept { return state_; }

  SEEDKIT_HD friend constexpr bool operator==(const splitmix64& a, const splitmix64& b) noexcept {
    return a.state_ == b.state_;
  }
  SEEDKIT_HD friend constexpr bool operator!=(const splitmix64& a, const splitmix64& b) noexcept {
    return a.state_ != b.state_;
  }

 private:
  std::uint64_t state_ = 0;
};

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_SPLITMIX64_HPP

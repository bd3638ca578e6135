// seedkit/derive.hpp: keys and their derivation, the heart of seedkit.
//
// A key names one random stream. The root key comes from the master seed;
// every other key is derived from its parent by a name or an index:
//
//   seedkit::key root(12321);
//   seedkit::key shuffle = root / "data/shuffle";        // == root / "data" / "shuffle"
//   seedkit::key worker3 = root / "loader" / 3;          // by index
//
// A derived key is a pure function of (parent, name or index): it does not
// depend on call order, threads, platform, compiler, standard library,
// endianness or build flags, and deriving one key never changes another.
// The algorithm (docs/derivation.md, version SEEDKIT_STREAM_VERSION) uses
// Philox4x32-10 as its only mixing primitive:
//
//   a key is two 64-bit words (seed, subsequence) = (k, s);
//   one step with a 64-bit message m and a 64-bit tweak t is two blocks,
//     u = philox4x32_block(ctr = (lo(s), hi(s), lo(t), hi(t)), key = (lo(k), hi(k)))
//     y = philox4x32_block(ctr = (u2, u3, lo(m), hi(m)), key = (u0, u1))
//     k' = y0 | y1 << 32,  s' = y2 | y3 << 32;
//   an index i is one step with m = i, t = T_INDEX;
//   a name of L bytes is max(1, ceil(L / 8)) steps, each with the next 8
//   bytes as a little-endian m (zero-padded) and t = T_NAME ^ (L << 32);
//   a path "a/b/c" is the names "a", "b", "c" in turn (every '/' separates
//   two names; an empty piece is the empty name).
//
// The tweaks make index steps and name steps of each length different
// inputs; absorbing the tweak in a block of its own keeps the parent's seed
// and the tweak from trading bits (stream version 1 XORed them, so two master
// seeds could reach one key), so no two different paths are encoded alike. Everything here is constexpr,
// noexcept, allocation-free and usable in CUDA device code (the
// std::string_view overloads are host-only).
#ifndef SEEDKIT_DERIVE_HPP
#define SEEDKIT_DERIVE_HPP

#include <cstddef>      // size_t
#include <cstdint>      // uint32_t, uint64_t
#include <string_view>  // string_view
#include <type_traits>  // enable_if_t, is_integral

#include "seedkit/config.hpp"
#include "seedkit/philox_block.hpp"

SEEDKIT_BEGIN_NAMESPACE

// The value identifying a stream: cuRAND's (seed, subsequence) pair.
// seedkit::stream(k) yields exactly cuRAND's curand_init(k.seed(),
// k.subsequence(), 0) followed by curand() calls.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/derivation.md).
class key {
 public:
  // Domain-separation tweaks XORed into the Philox key of a derivation step.
  // T_NAME also carries the name's byte length in its upper 32 bits.
  static constexpr std::uint64_t index_tweak = 0x5844'4E49'0000'0001u;  // "INDX"
  static constexpr std::uint64_t name_tweak = 0x0000'0000'454D'414Eu;   // "NAME"

  // The key (0, 0): the root of master seed 0.
  constexpr key() noexcept = default;

  // The root key of a master seed: (seed, 0). Its stream equals
  // curand_init(master_seed, 0, 0).
  SEEDKIT_HD constexpr explicit key(std::uint64_t master_seed) noexcept : k_(master_seed) {}

  // A key from its two words, e.g. as read back from a manifest.
  SEEDKIT_HD static constexpr key from_words(std::uint64_t seed,
                                             std::uint64_t subsequence) noexcept {
    key r;
    r.k_ = seed;
    r.s_ = subsequence;
    return r;
  }

  // The Philox key of this key's stream (cuRAND's `seed`).
  SEEDKIT_HD constexpr std::uint64_t seed() const noexcept { return k_; }
  // The upper 64 counter bits of this key's stream (cuRAND's `subsequence`).
  SEEDKIT_HD constexpr std::uint64_t subsequence() const noexcept { return s_; }

  // The child at index i. Example: root.derive(3) (also root / 3). Any
  // integer type is accepted (so that derive(0) is not taken for a null
  // path); the index is its value modulo 2^64, so -1 is 2^64 - 1.
  template <class Int, std::enable_if_t<std::is_integral<Int>::value, int> = 0>
  SEEDKIT_HD constexpr key derive(Int index) const noexcept {
    return step(static_cast<std::uint64_t>(index), index_tweak);
  }

  // The key at a slash path: derive("a/b") == derive("a").derive("b").
  // An empty piece (as in "a//b", "/a" or "") is the empty name.
  // Precondition (assert-free, documented): each piece is shorter than 2^32 bytes.
  SEEDKIT_HD constexpr key derive(const char* path, std::size_t size) const noexcept {
    key k = *this;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= size; ++i) {
      if (i == size || path[i] == '/') {
        k = k.derive_name(path + begin, i - begin);
        begin = i + 1;
      }
    }
    return k;
  }
  // A NUL-terminated path.
  SEEDKIT_HD constexpr key derive(const char* path) const noexcept {
    std::size_t n = 0;
    while (path[n] != '\0') ++n;
    return derive(path, n);
  }
  constexpr key derive(std::string_view path) const noexcept {
    return derive(path.data(), path.size());
  }

  // One name, taken whole: '/' is an ordinary byte here. derive("a/b") is
  // derive_name("a").derive_name("b"), never derive_name("a/b").
  SEEDKIT_HD constexpr key derive_name(const char* name, std::size_t size) const noexcept {
    const std::uint64_t tweak = name_tweak ^ (static_cast<std::uint64_t>(size) << 32);
    key k = *this;
    std::size_t i = 0;
    do {
      std::uint64_t m = 0;
      for (std::size_t b = 0; b < 8 && i + b < size; ++b) {
        m |= static_cast<std::uint64_t>(static_cast<unsigned char>(name[i + b])) << (8 * b);
      }
      k = k.step(m, tweak);
      i += 8;
    } while (i < size);
    return k;
  }

  template <class Int, std::enable_if_t<std::is_integral<Int>::value, int> = 0>
  SEEDKIT_HD friend constexpr key operator/(const key& parent, Int index) noexcept {
    return parent.derive(index);
  }
  SEEDKIT_HD friend constexpr key operator/(const key& parent, const char* path) noexcept {
    return parent.derive(path);
  }
  friend constexpr key operator/(const key& parent, std::string_view path) noexcept {
    return parent.derive(path);
  }

  SEEDKIT_HD friend constexpr bool operator==(const key& a, const key& b) noexcept {
    return a.k_ == b.k_ && a.s_ == b.s_;
  }
  SEEDKIT_HD friend constexpr bool operator!=(const key& a, const key& b) noexcept {
    return !(a == b);
  }
  // An arbitrary but fixed order, so keys can be map keys.
  SEEDKIT_HD friend constexpr bool operator<(const key& a, const key& b) noexcept {
    return a.k_ < b.k_ || (a.k_ == b.k_ && a.s_ < b.s_);
  }

 private:
  // One step (docs/derivation.md, "Steps"): the first block absorbs the
  // tweak into (k, s) under k, the second the message under the first's key.
  SEEDKIT_HD constexpr key step(std::uint64_t m, std::uint64_t tweak) const noexcept {
    const philox4x32_ctr u =
        philox4x32_block({{lo(s_), hi(s_), lo(tweak), hi(tweak)}}, {{lo(k_), hi(k_)}});
    const philox4x32_ctr y = philox4x32_block({{u[2], u[3], lo(m), hi(m)}}, {{u[0], u[1]}});
    return from_words(y[0] | std::uint64_t{y[1]} << 32, y[2] | std::uint64_t{y[3]} << 32);
  }
  SEEDKIT_HD static constexpr std::uint32_t lo(std::uint64_t v) noexcept {
    return static_cast<std::uint32_t>(v);
  }
  SEEDKIT_HD static constexpr std::uint32_t hi(std::uint64_t v) noexcept {
    return static_cast<std::uint32_t>(v >> 32);
  }

  std::uint64_t k_ = 0;
  std::uint64_t s_ = 0;
};

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DERIVE_HPP

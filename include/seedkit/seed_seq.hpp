// seedkit/seed_seq.hpp: seeding standard engines properly.
//
// `std::mt19937 g(42)` fills 624 words of state from one 32-bit number, and
// `std::seed_seq` is a fixed but weak mixer. seedkit::seed_seq meets the
// standard's SeedSequence requirements and fills any amount of state from a
// seedkit key, so make_engine<std::mt19937>(key) seeds every word
// of the engine from a key (engine_for<std::mt19937>("model/init") in
// seedkit/global.hpp does the same for a name under the master seed).
#ifndef SEEDKIT_SEED_SEQ_HPP
#define SEEDKIT_SEED_SEQ_HPP

#include <cstddef>           // size_t
#include <cstdint>           // uint64_t, uint_least32_t
#include <initializer_list>  // initializer_list
#include <vector>            // vector

#include "seedkit/config.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/stream.hpp"

SEEDKIT_BEGIN_NAMESPACE

// A SeedSequence ([rand.req.seedseq]) backed by a seedkit stream.
//
// The stored values v (32-bit words) determine everything: the sequence's
// key is key(0) / "seedkit/seed_seq" / len(v) / v[0] / v[1] / ... (each an
// index derivation), and generate(first, last) writes words 0, 1, 2, ... of
// that key's stream, whatever the range's length (so a longer request
// extends a shorter one). seed_seq(k) for a key k stores the four words
// (lo(k.seed()), hi(k.seed()), lo(k.subsequence()), hi(k.subsequence())).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/derivation.md).
class seed_seq {
 public:
  using result_type = std::uint_least32_t;

  seed_seq() = default;
  template <class T>
  seed_seq(std::initializer_list<T> il) : seed_seq(il.begin(), il.end()) {}
  template <class InputIt>
  seed_seq(InputIt first, InputIt last) {
    for (; first != last; ++first) v_.push_back(static_cast<result_type>(*first & 0xffffffffu));
  }
  explicit seed_seq(const key& k)
      : v_{static_cast<result_type>(k.seed() & 0xffffffffu),
           static_cast<result_type>(k.seed() >> 32),
           static_cast<result_type>(k.subsequence() & 0xffffffffu),
           static_cast<result_type>(k.subsequence() >> 32)} {}
  seed_seq(const seed_seq&) = delete;  // as the standard requires
  seed_seq& operator=(const seed_seq&) = delete;

  template <class RandomIt>
  void generate(RandomIt first, RandomIt last) const {
    compact_stream s(derived_key());
    for (; first != last; ++first) *first = s.next_u32();
  }

  std::size_t size() const noexcept { return v_.size(); }

  template <class OutputIt>
  void param(OutputIt dest) const {
    for (result_type x : v_) *dest++ = x;
  }

  // The key whose stream generate() reads.
  key derived_key() const noexcept {
    key k = key(0) / "seedkit/seed_seq" / v_.size();
    for (result_type x : v_) k = k / std::uint64_t{x};
    return k;
  }

 private:
  std::vector<result_type> v_;
};

// An engine of type Engine (std::mt19937, std::mt19937_64, std::ranlux48,
// seedkit::philox4x32, ...) whose whole state is seeded from `k` through
// seedkit::seed_seq. Example: auto g = seedkit::make_engine<std::mt19937>(key);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/derivation.md).
template <class Engine>
Engine make_engine(const key& k) {
  seed_seq seq(k);
  return Engine(seq);
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_SEED_SEQ_HPP

// seedkit/index_permutation.hpp: a keyed, random-access permutation of
// 0, 1, ..., n-1 in O(1) memory, for epoch orders of datasets too large to
// shuffle.
//
// seedkit::permutation and epoch_permutation materialize all n indices
// (O(n) memory, O(n) work before the first index). index_permutation computes
// the i-th index of a keyed order, and its inverse, on demand: a few hundred
// bytes of state for any n from 1 to 2^64 - 1, no allocation, the same values
// on every platform. Up to 64 items it is an exact Fisher-Yates table
// (seedkit::permutation on the key's stream); above, an 8-round Feistel
// network over Z_a x Z_b (a = ceil(sqrt(n)), b = ceil(n / a)) whose halves
// are combined by addition modulo their size, with cycle walking back into
// [0, n). docs/index_permutation.md specifies every bit;
// tests/reference/index_permutation.py re-implements it independently.
//
//   seedkit::index_permutation order(key / "loader" / epoch, n);  // one epoch
//   for (std::uint64_t i : order) visit(data[i]);                   // or order[i]
//   for (std::uint64_t i : order.shard(rank, world, seedkit::shard_tail::pad)) visit(data[i]);
//
// An epoch's order is index_permutation(k / epoch, n): the epoch is a
// derivation step, never added to a seed, so (seed s, epoch e + 1) and
// (seed s + 1, epoch e) are unrelated orders.
#ifndef SEEDKIT_INDEX_PERMUTATION_HPP
#define SEEDKIT_INDEX_PERMUTATION_HPP

#include <cassert>   // assert
#include <cstddef>   // size_t
#include <cstdint>   // uint64_t, int64_t
#include <iterator>  // random_access_iterator_tag

#include "seedkit/config.hpp"
#include "seedkit/data.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/detail/wide_mul.hpp"
#include "seedkit/error.hpp"
#include "seedkit/stream.hpp"

SEEDKIT_BEGIN_NAMESPACE

namespace detail {

// A random-access iterator over the values v[0], v[1], ... of a view that
// has operator[] (index_permutation and its shard views): O(1) state, a
// pointer to the view and a position. Dereferencing computes the value.
template <class View>
class index_iterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = std::uint64_t;
  using difference_type = std::int64_t;
  using pointer = void;
  using reference = std::uint64_t;

  constexpr index_iterator() noexcept = default;
  SEEDKIT_HD constexpr index_iterator(const View* view, std::uint64_t position) noexcept
      : view_(view), pos_(position) {}

  // The position in the view: resuming at position t is view.begin() + t.
  SEEDKIT_HD constexpr std::uint64_t position() const noexcept { return pos_; }

  SEEDKIT_HD constexpr std::uint64_t operator*() const noexcept { return (*view_)[pos_]; }
  SEEDKIT_HD constexpr std::uint64_t operator[](difference_type d) const noexcept {
    return (*view_)[pos_ + static_cast<std::uint64_t>(d)];
  }
  SEEDKIT_HD constexpr index_iterator& operator++() noexcept {
    ++pos_;
    return *this;
  }
  SEEDKIT_HD constexpr index_iterator operator++(int) noexcept {
    index_iterator old = *this;
    ++pos_;
    return old;
  }
  SEEDKIT_HD constexpr index_iterator& operator--() noexcept {
    --pos_;
    return *this;
  }
  SEEDKIT_HD constexpr index_iterator operator--(int) noexcept {
    index_iterator old = *this;
    --pos_;
    return old;
  }
  // Positions wrap modulo 2^64 like the unsigned values they are.
  SEEDKIT_HD constexpr index_iterator& operator+=(difference_type d) noexcept {
    pos_ += static_cast<std::uint64_t>(d);
    return *this;
  }
  SEEDKIT_HD constexpr index_iterator& operator-=(difference_type d) noexcept {
    pos_ -= static_cast<std::uint64_t>(d);
    return *this;
  }
  SEEDKIT_HD friend constexpr index_iterator operator+(index_iterator it,
                                                       difference_type d) noexcept {
    return it += d;
  }
  SEEDKIT_HD friend constexpr index_iterator operator+(difference_type d,
                                                       index_iterator it) noexcept {
    return it += d;
  }
  SEEDKIT_HD friend constexpr index_iterator operator-(index_iterator it,
                                                       difference_type d) noexcept {
    return it -= d;
  }
  SEEDKIT_HD friend constexpr difference_type operator-(const index_iterator& a,
                                                        const index_iterator& b) noexcept {
    return static_cast<difference_type>(a.pos_ - b.pos_);
  }
  SEEDKIT_HD friend constexpr bool operator==(const index_iterator& a,
                                              const index_iterator& b) noexcept {
    return a.pos_ == b.pos_;
  }
  SEEDKIT_HD friend constexpr bool operator!=(const index_iterator& a,
                                              const index_iterator& b) noexcept {
    return a.pos_ != b.pos_;
  }
  SEEDKIT_HD friend constexpr bool operator<(const index_iterator& a,
                                             const index_iterator& b) noexcept {
    return a.pos_ < b.pos_;
  }
  SEEDKIT_HD friend constexpr bool operator>(const index_iterator& a,
                                             const index_iterator& b) noexcept {
    return a.pos_ > b.pos_;
  }
  SEEDKIT_HD friend constexpr bool operator<=(const index_iterator& a,
                                              const index_iterator& b) noexcept {
    return a.pos_ <= b.pos_;
  }
  SEEDKIT_HD friend constexpr bool operator>=(const index_iterator& a,
                                              const index_iterator& b) noexcept {
    return a.pos_ >= b.pos_;
  }

 private:
  const View* view_ = nullptr;
  std::uint64_t pos_ = 0;
};

// The 128-bit product of x and y with its two halves XORed: the "multiply
// and fold" mix of index_permutation's round function, one wide multiply.
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr std::uint64_t mul_fold64(std::uint64_t x,
                                                                   std::uint64_t y) noexcept {
#if !defined(__CUDA_ARCH__) && SEEDKIT_HAS_INT128
  const uint128 p = static_cast<uint128>(x) * y;
  return static_cast<std::uint64_t>(p) ^ static_cast<std::uint64_t>(p >> 64);
#else
  return (x * y) ^ mulhi64(x, y);  // the low half wraps modulo 2^64 by design
#endif
}

// floor(sqrt(n)) for any 64-bit n, bit by bit (constexpr, no floating point).
SEEDKIT_HD constexpr std::uint64_t isqrt64(std::uint64_t n) noexcept {
  std::uint64_t r = 0;
  for (int bit = 31; bit >= 0; --bit) {
    const std::uint64_t c = r | (std::uint64_t{1} << bit);
    if (c * c <= n) r = c;  // c < 2^32: c * c does not wrap
  }
  return r;
}

}  // namespace detail

// A keyed bijection of [0, n) with random access: p[i] is the i-th index of
// the shuffled order, p.inverse(j) the position of index j. A pure function
// of (k, n): the key's child c = k / "seedkit/index_permutation" / n supplies
// every random word.
//   n <= 64: the table seedkit::permutation(n) on seedkit::stream(c) (exact
//            Fisher-Yates: each of the n! orders has probability 1 / n!).
//   n > 64:  8 Feistel rounds over Z_a x Z_b, a = ceil(sqrt(n)),
//            b = ceil(n / a), round keys stream(c) outputs 0..15, round
//            functions a keyed 64x64->128-bit multiply folded to 64 bits
//            and reduced by a multiply-high, halves added modulo their
//            size; outputs >= n are enciphered again (cycle walking:
//            a * b / n < 1 + 1 / sqrt(n) encipherings per index on average).
// Spec to the bit: docs/index_permutation.md. O(1) memory (160 bytes),
// allocation-free, constexpr; p[i] and inverse(j) are noexcept and usable in
// CUDA device code (SEEDKIT_HD); the constructor is host code (it throws).
// An epoch's order: index_permutation(k / epoch, n).
// Example:
//   seedkit::index_permutation p(seedkit::key(7) / "loader" / epoch, 1'000'000'000);
//   std::uint64_t first = p[0];          // no O(n) work before it
//   assert(p.inverse(first) == 0);
//   for (auto it = p.begin() + resume_at; it != p.end(); ++it) visit(*it);  // resume
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/index_permutation.md).
class index_permutation {
 public:
  using value_type = std::uint64_t;
  using size_type = std::uint64_t;
  using iterator = detail::index_iterator<index_permutation>;
  using const_iterator = iterator;

  // The number of items up to which the order is an exact Fisher-Yates table.
  static constexpr std::uint64_t table_limit = 64;
  // The number of Feistel rounds above table_limit.
  static constexpr int rounds = 8;
  static_assert(2 * table_limit == 16 * rounds, "the table and its inverse fill the round keys");

  class shard_view;

  // The permutation of [0, n) under key k. Throws seedkit::error if n = 0.
  constexpr index_permutation(const key& k, std::uint64_t n) : n_(n) {
    if (n == 0) {
      throw error(
          "seedkit::index_permutation: n = 0; a permutation needs n in [1, 2^64 - 1] "
          "(1 to 18446744073709551615 items)");
    }
    const compact_stream words(k / "seedkit/index_permutation" / n);
    if (n <= table_limit) {
      make_table(words);
    } else {
      const std::uint64_t r = detail::isqrt64(n);
      a_ = r * r == n ? r : r + 1;  // ceil(sqrt(n)) <= 2^32
      b_ = (n - 1) / a_ + 1;        // ceil(n / a) <= a, so a * b - 1 fits in 64 bits
      reciprocal_ = ~std::uint64_t{0} / b_;
      for (int j = 0; j < 2 * rounds; ++j) rk_[j] = words[static_cast<std::uint64_t>(j)];
      for (int j = rounds; j < 2 * rounds; ++j) rk_[j] |= 1;  // the multipliers, odd
    }
  }

  // The number of items, n.
  SEEDKIT_HD constexpr std::uint64_t size() const noexcept { return n_; }

  // The i-th index of the order. Precondition: i < size() (asserted).
  SEEDKIT_HD constexpr std::uint64_t operator[](std::uint64_t i) const noexcept {
    assert(i < n_);
    if (n_ <= table_limit) return get_byte(i);
    std::uint64_t l = 0, r = 0;
    split(i, l, r);
    for (;;) {
      encipher(l, r);
      const std::uint64_t y = l * b_ + r;  // <= a * b - 1: no wraparound
      if (y < n_) return y;
    }
  }

  // The position of index j: inverse((*this)[i]) == i. Precondition: j < size().
  SEEDKIT_HD constexpr std::uint64_t inverse(std::uint64_t j) const noexcept {
    assert(j < n_);
    if (n_ <= table_limit) return get_byte(table_limit + j);
    std::uint64_t l = 0, r = 0;
    split(j, l, r);
    for (;;) {
      decipher(l, r);
      const std::uint64_t x = l * b_ + r;
      if (x < n_) return x;
    }
  }

  // Writes p[first], p[first + 1], ..., p[first + count - 1] to out and
  // returns the end of the output: the values of operator[], computed eight
  // at a time with their rounds interleaved (more throughput than one at a
  // time on an out-of-order CPU: docs/performance.md). Precondition: first + count <= n.
  // Example:
  //   std::vector<std::uint64_t> batch(256);
  //   p.copy(t, batch.size(), batch.data());  // the next 256 indices from t
  template <class OutputIt>
  SEEDKIT_HD constexpr OutputIt copy(std::uint64_t first, std::uint64_t count,
                                     OutputIt out) const noexcept {
    assert(count <= n_ && first <= n_ - count);
    constexpr int lanes = 8;
    std::uint64_t t = 0;
    if (n_ > table_limit) {
      for (; t + lanes <= count; t += lanes) {
        std::uint64_t l[lanes] = {}, r[lanes] = {};
        for (int k = 0; k < lanes; ++k)
          split(first + t + static_cast<std::uint64_t>(k), l[k], r[k]);
        for (int j = 0; j < rounds; j += 2) {
          for (int k = 0; k < lanes; ++k) forward_round(j, a_, l[k], r[k]);
          for (int k = 0; k < lanes; ++k) forward_round(j + 1, b_, l[k], r[k]);
        }
        for (int k = 0; k < lanes; ++k) {
          std::uint64_t y = l[k] * b_ + r[k];
          while (y >= n_) {  // cycle walking, rarely taken
            encipher(l[k], r[k]);
            y = l[k] * b_ + r[k];
          }
          *out = y;
          ++out;
        }
      }
    }
    for (; t < count; ++t) {
      *out = (*this)[first + t];
      ++out;
    }
    return out;
  }

  // The order as a random-access range; begin() + t resumes at position t.
  // The iterators point into *this: keep it alive while they are used.
  SEEDKIT_HD constexpr iterator begin() const noexcept { return iterator(this, 0); }
  SEEDKIT_HD constexpr iterator end() const noexcept { return iterator(this, n_); }

  // Rank `rank`'s share among `world` ranks, dealt exactly as seedkit::shard
  // deals the materialized order (PyTorch's DistributedSampler): an O(1)
  // view; its element t is (*this)[(rank + t * world) mod n]. Throws
  // seedkit::error if world = 0 or rank >= world.
  shard_view shard(std::size_t rank, std::size_t world, shard_tail tail) const;

  SEEDKIT_HD friend constexpr bool operator==(const index_permutation& x,
                                              const index_permutation& y) noexcept {
    if (x.n_ != y.n_) return false;
    for (int j = 0; j < 2 * rounds; ++j) {
      if (x.rk_[j] != y.rk_[j]) return false;
    }
    return true;
  }
  SEEDKIT_HD friend constexpr bool operator!=(const index_permutation& x,
                                              const index_permutation& y) noexcept {
    return !(x == y);
  }

 private:
  // (l, r) = (x / b, x mod b) without a division instruction: with
  // M = floor((2^64 - 1) / b), q = floor(x * M / 2^64) is x / b or one less
  // (x * (2^64 - b * M) / (b * 2^64) < x / 2^64 < 1), and one correction
  // step makes it exact.
  SEEDKIT_HD constexpr void split(std::uint64_t x, std::uint64_t& l,
                                  std::uint64_t& r) const noexcept {
    std::uint64_t q = detail::mulhi64(x, reciprocal_);
    std::uint64_t rem = x - q * b_;
    if (rem >= b_) {
      ++q;
      rem -= b_;
    }
    l = q;
    r = rem;
  }

  // Round j's function of a half value v, reduced to [0, m): the 128-bit
  // product of (K_j ^ v) and (K_{8+j} | 1), its halves XORed, times m / 2^64.
  SEEDKIT_HD constexpr std::uint64_t round_function(int j, std::uint64_t v,
                                                    std::uint64_t m) const noexcept {
    return detail::mulhi64(detail::mul_fold64(rk_[j] ^ v, rk_[rounds + j]), m);
  }

  // One round: (l, r) -> (r, (l + F_j(r, m)) mod m), l and F both below m.
  SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr void forward_round(int j, std::uint64_t m,
                                                               std::uint64_t& l,
                                                               std::uint64_t& r) const noexcept {
    std::uint64_t t = l + round_function(j, r, m);
    if (t >= m) t -= m;
    l = r;
    r = t;
  }

  // The 8 rounds on (l, r) in Z_a x Z_b: round j maps (l, r) with l in Z_m
  // (m = a for even j, b for odd j) to (r, (l + F_j(r)) mod m).
  SEEDKIT_HD constexpr void encipher(std::uint64_t& l, std::uint64_t& r) const noexcept {
    for (int j = 0; j < rounds; j += 2) {  // even rounds work modulo a, odd ones modulo b
      forward_round(j, a_, l, r);
      forward_round(j + 1, b_, l, r);
    }
  }
  SEEDKIT_HD constexpr void decipher(std::uint64_t& l, std::uint64_t& r) const noexcept {
    for (int j = rounds - 1; j >= 0; --j) {
      const std::uint64_t m = (j % 2 == 0) ? a_ : b_;
      const std::uint64_t f = round_function(j, l, m);
      const std::uint64_t t = r >= f ? r - f : r + m - f;
      r = l;
      l = t;
    }
  }

  // seedkit::permutation(n) on the stream: forward Fisher-Yates on the
  // 32-bit words high half first (draw t is word t ^ 1), Lemire's method.
  constexpr void make_table(const compact_stream& words) noexcept {
    for (std::uint64_t i = 0; i < n_; ++i) set_byte(i, i);
    std::uint64_t draw = 0;
    for (std::uint64_t i = 0; i + 1 < n_; ++i) {
      const std::uint64_t s = n_ - i;  // uniform over [0, s - 1]
      std::uint64_t m = std::uint64_t{words.word(draw++ ^ 1)} * s;
      if ((m & 0xffffffffu) < s) {
        const std::uint64_t t = ((std::uint64_t{1} << 32) - s) % s;
        while ((m & 0xffffffffu) < t) m = std::uint64_t{words.word(draw++ ^ 1)} * s;
      }
      const std::uint64_t j = i + (m >> 32);
      const std::uint64_t vi = get_byte(i), vj = get_byte(j);
      set_byte(i, vj);
      set_byte(j, vi);
    }
    for (std::uint64_t i = 0; i < n_; ++i) set_byte(table_limit + get_byte(i), i);
  }

  // Byte b of the table words: entry b < 64 of the order, entry 64 + j the
  // position of j (the inverse).
  SEEDKIT_HD constexpr std::uint64_t get_byte(std::uint64_t b) const noexcept {
    return (rk_[b / 8] >> (8 * (b % 8))) & 0xff;
  }
  constexpr void set_byte(std::uint64_t b, std::uint64_t v) noexcept {
    const std::uint64_t shift = 8 * (b % 8);
    rk_[b / 8] = (rk_[b / 8] & ~(std::uint64_t{0xff} << shift)) | (v << shift);
  }

  std::uint64_t n_ = 0;
  std::uint64_t a_ = 0;  // the Feistel halves' sizes (0 for a table)
  std::uint64_t b_ = 0;
  std::uint64_t reciprocal_ = 0;       // floor((2^64 - 1) / b)
  std::uint64_t rk_[2 * rounds] = {};  // round keys, or the table and its inverse in bytes
};

// Rank `rank`'s share of an index_permutation (see index_permutation::shard):
// s = shard_size(n, world, tail) items, element t the order's entry
// (rank + t * world) mod n. Holds a copy of the permutation: O(1) memory.
// Resuming at position t of the share is begin() + t.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/index_permutation.md).
class index_permutation::shard_view {
 public:
  using value_type = std::uint64_t;
  using size_type = std::uint64_t;
  using iterator = detail::index_iterator<shard_view>;
  using const_iterator = iterator;

  shard_view(const index_permutation& p, std::size_t rank, std::size_t world, shard_tail tail)
      : p_(p), rank_(rank), world_(world) {
    detail::check_rank(rank, world);
    const std::uint64_t n = p.size(), w = world;
    size_ = tail == shard_tail::pad ? n / w + (n % w != 0 ? 1 : 0) : n / w;
  }

  // The number of items of this share: shard_size(n, world, tail).
  SEEDKIT_HD constexpr std::uint64_t size() const noexcept { return size_; }

  // The t-th item of this share. Precondition: t < size() (asserted).
  SEEDKIT_HD constexpr std::uint64_t operator[](std::uint64_t t) const noexcept {
    assert(t < size_);
    return p_[position(t)];
  }

  // The position in the whole order of this share's t-th item:
  // (rank + t * world) mod n, without wrapping around 2^64.
  SEEDKIT_HD constexpr std::uint64_t position(std::uint64_t t) const noexcept {
    const std::uint64_t n = p_.size();
    const std::uint64_t u = t * world_;  // < n for every t < size()
    const std::uint64_t left = n - u;
    return rank_ < left ? u + rank_ : (rank_ - left) % n;
  }

  SEEDKIT_HD constexpr iterator begin() const noexcept { return iterator(this, 0); }
  SEEDKIT_HD constexpr iterator end() const noexcept { return iterator(this, size_); }

  SEEDKIT_HD constexpr std::size_t rank() const noexcept { return rank_; }
  SEEDKIT_HD constexpr std::size_t world() const noexcept { return world_; }

 private:
  index_permutation p_;
  std::uint64_t rank_;
  std::uint64_t world_;
  std::uint64_t size_ = 0;
};

inline index_permutation::shard_view index_permutation::shard(std::size_t rank, std::size_t world,
                                                              shard_tail tail) const {
  return shard_view(*this, rank, world, tail);
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_INDEX_PERMUTATION_HPP

// seedkit/detail/reduce_exact.hpp: the fixed-point superaccumulator behind
// seedkit's exact reductions (internal; the public face is reduce.hpp).
//
// A superacc<K, Lsb> holds an integer V in K signed 64-bit chunks, chunk i
// weighing 2^(32 i); its value is V * 2^Lsb. Each chunk nominally carries 32
// bits and has 31 bits of headroom, so additions never propagate carries:
// normalize() does that every 2^30 additions and before any read. This is
// R. M. Neal's "small superaccumulator" (arXiv:1505.05571) with a wider
// range. For long inputs, exact_binned_sum and exact_binned_dot put his
// "large superaccumulator" in front: integer bins per sign and exponent,
// folded into the superaccumulator once at the end (docs/reductions.md,
// "Exact mode: the fast path"). Sums are integer arithmetic throughout; the
// only floating-point operations are the exact dot's error-free product
// split (p = x * y, e = fma(x, y, -p), an explicit FMA: p + e is x * y
// exactly), so neither FMA contraction nor the FPU's mode can change
// a result.
#ifndef SEEDKIT_DETAIL_REDUCE_EXACT_HPP
#define SEEDKIT_DETAIL_REDUCE_EXACT_HPP

#include <cmath>        // fma (the error-free products)
#include <cstddef>      // size_t
#include <cstdint>      // uint8_t, uint32_t, uint64_t, int64_t
#include <cstring>      // memcpy
#include <new>          // nothrow
#include <type_traits>  // is_same

#include "seedkit/config.hpp"
#include "seedkit/detail/bits.hpp"
#include "seedkit/detail/wide_mul.hpp"

#if SEEDKIT_EXACT_DOT_SPLIT && !SEEDKIT_HARDWARE_FMA
#  include <immintrin.h>  // the run-time AVX2+FMA product split (SEEDKIT_EXACT_DOT_SPLIT)
#endif

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

// The IEEE 754 binary formats seedkit reduces.
template <class T>
struct ieee_format;
template <>
struct ieee_format<double> {
  using bits_type = std::uint64_t;
  static constexpr int precision = 53;            // significand bits, hidden bit included
  static constexpr int min_ulp_exponent = -1074;  // the ulp of subnormals
  static constexpr bits_type inf_bits = 0x7ff0000000000000u;
  static constexpr bits_type sign_bit = 0x8000000000000000u;
};
template <>
struct ieee_format<float> {
  using bits_type = std::uint32_t;
  static constexpr int precision = 24;
  static constexpr int min_ulp_exponent = -149;
  static constexpr bits_type inf_bits = 0x7f800000u;
  static constexpr bits_type sign_bit = 0x80000000u;
};

// A finite double as sign * mantissa * 2^(offset - 1074), with the
// mantissa below 2^53 (hidden bit included) and 0 <= offset <= 2045.
struct unpacked_double {
  std::uint64_t mantissa;
  unsigned offset;
  bool negative;
};
inline unpacked_double unpack_finite(std::uint64_t bits) noexcept {
  const unsigned field = static_cast<unsigned>((bits >> 52) & 0x7ffu);
  const std::uint64_t frac = bits & 0x000fffffffffffffu;
  unpacked_double u;
  u.mantissa = field != 0 ? (frac | (std::uint64_t{1} << 52)) : frac;
  u.offset = field != 0 ? field - 1 : 0;
  u.negative = (bits >> 63) != 0;
  return u;
}

// hi:lo = a * b, the full 128-bit product.
inline std::uint64_t mul_64x64(std::uint64_t a, std::uint64_t b, std::uint64_t& hi) noexcept {
  hi = mulhi64(a, b);
  return a * b;  // wraps modulo 2^64 by design: the low half
}

inline int count_leading_zeros32(std::uint32_t x) noexcept {  // x != 0
  int n = 0;
  while ((x & 0x80000000u) == 0) {
    x <<= 1;
    ++n;
  }
  return n;
}

// The fixed-point superaccumulator: value = (sum_i chunk[i] 2^(32 i)) 2^Lsb.
// Normalized form: chunks 0..K-2 in [0, 2^32), the top chunk signed.
template <std::size_t K, int Lsb>
class superacc {
 public:
  static constexpr std::size_t chunk_count = K;
  static constexpr int lsb_exponent = Lsb;
  // Additions between normalizations: each adds less than 2^32 in
  // magnitude to a chunk, so chunks stay below 2^32 + 2^62 < 2^63.
  static constexpr std::uint32_t normalize_every = std::uint32_t{1} << 30;

  // Adds (-1)^negative * m * 2^(offset + Lsb) for m < 2^64 (1 to 3 chunks
  // for m < 2^53). Requires offset / 32 + 3 < K.
  void add64(std::uint64_t m, unsigned offset, bool negative) noexcept {
    const std::size_t i = offset >> 5;
    const unsigned sh = offset & 31u;
    const std::uint64_t w0 = m << sh;
    const std::uint64_t w1 = (m >> 1) >> (63u - sh);  // m >> (64 - sh), 0 for sh == 0
    const std::int64_t s = negative ? -1 : 0;
    put(i, w0 & 0xffffffffu, s);
    put(i + 1, w0 >> 32, s);
    put(i + 2, w1, s);
    count_one();
  }

  // Adds (-1)^negative * (hi 2^64 + lo) * 2^(offset + Lsb). Requires
  // offset / 32 + 4 < K.
  void add128(std::uint64_t lo, std::uint64_t hi, unsigned offset, bool negative) noexcept {
    const std::size_t i = offset >> 5;
    const unsigned sh = offset & 31u;
    const std::uint64_t w0 = lo << sh;
    const std::uint64_t w1 = (hi << sh) | ((lo >> 1) >> (63u - sh));
    const std::uint64_t w2 = (hi >> 1) >> (63u - sh);
    const std::int64_t s = negative ? -1 : 0;
    put(i, w0 & 0xffffffffu, s);
    put(i + 1, w0 >> 32, s);
    put(i + 2, w1 & 0xffffffffu, s);
    put(i + 3, w1 >> 32, s);
    put(i + 4, w2, s);
    count_one();
  }

  // Adds another accumulator of the same shape (both get normalized).
  void merge(const superacc& other) noexcept {
    superacc o = other;
    o.normalize();
    normalize();
    for (std::size_t i = 0; i < K; ++i) chunk_[i] += o.chunk_[i];
    normalize();
  }

  // Propagates carries: afterwards chunks 0..K-2 lie in [0, 2^32).
  void normalize() noexcept {
    for (std::size_t i = 0; i + 1 < K; ++i) {
      // floor(chunk / 2^32), written without a right shift of a negative value.
      const std::int64_t low =
          static_cast<std::int64_t>(static_cast<std::uint64_t>(chunk_[i]) & 0xffffffffu);
      const std::int64_t carry = (chunk_[i] - low) / (std::int64_t{1} << 32);
      chunk_[i] = low;
      chunk_[i + 1] += carry;
    }
    pending_ = 0;
  }

  bool is_normalized() const noexcept { return pending_ == 0; }
  bool is_zero() const noexcept {  // exact for any form
    superacc t = *this;
    t.normalize();
    for (std::size_t i = 0; i < K; ++i) {
      if (t.chunk_[i] != 0) return false;
    }
    return true;
  }

  std::int64_t chunk(std::size_t i) const noexcept { return chunk_[i]; }
  // Sets a chunk (deserialization); the caller supplies a normalized form.
  void set_chunk(std::size_t i, std::int64_t v) noexcept {
    chunk_[i] = v;
    pending_ = 0;
  }

  // The finite value rounded to nearest, ties to even, as T (float or
  // double): gradual underflow, and +-infinity when the rounded magnitude
  // reaches 2^emax+1. Returns true in `zero` when the value is exactly 0
  // (the caller picks the sign of zero).
  template <class T>
  T round(bool& zero) const noexcept {
    using fmt = ieee_format<T>;
    using bits_type = typename fmt::bits_type;
    constexpr int P = fmt::precision;
    constexpr int E = fmt::min_ulp_exponent;
    static_assert(Lsb <= E, "the accumulator must resolve the format's smallest ulp");
    constexpr std::size_t W = K + 1;  // 32-bit words of the magnitude

    superacc t = *this;
    t.normalize();
    std::uint32_t w[W];
    for (std::size_t i = 0; i + 1 < K; ++i) w[i] = static_cast<std::uint32_t>(t.chunk_[i]);
    const std::uint64_t top = static_cast<std::uint64_t>(t.chunk_[K - 1]);
    w[K - 1] = static_cast<std::uint32_t>(top);
    w[K] = static_cast<std::uint32_t>(top >> 32);
    const bool negative = t.chunk_[K - 1] < 0;
    if (negative) {  // two's complement negation: invert, add one
      std::uint64_t carry = 1;
      for (std::size_t i = 0; i < W; ++i) {
        const std::uint64_t v = std::uint64_t{static_cast<std::uint32_t>(~w[i])} + carry;
        w[i] = static_cast<std::uint32_t>(v);
        carry = v >> 32;
      }
    }
    std::size_t h = W;
    while (h > 0 && w[h - 1] == 0) --h;
    zero = (h == 0);
    if (zero) return T(0);
    const int k = static_cast<int>(32 * (h - 1)) + 31 - count_leading_zeros32(w[h - 1]);
    int ulp = k + Lsb - (P - 1);
    if (ulp < E) ulp = E;
    const int r = ulp - Lsb;  // >= 0
    std::uint64_t q = extract64(w, W, static_cast<std::size_t>(r));
    if (r >= 1) {
      const std::size_t rb_pos = static_cast<std::size_t>(r - 1);
      const bool round_bit = ((w[rb_pos / 32] >> (rb_pos % 32)) & 1u) != 0;
      bool sticky = false;
      const std::size_t full = rb_pos / 32;
      for (std::size_t i = 0; i < full && !sticky; ++i) sticky = w[i] != 0;
      if (!sticky && (rb_pos % 32) != 0) {
        sticky = (w[full] & ((std::uint32_t{1} << (rb_pos % 32)) - 1u)) != 0;
      }
      if (round_bit && (sticky || (q & 1u) != 0)) ++q;
    }
    // q <= 2^P; the formula below also carries q == 2^P into the exponent.
    std::uint64_t b = (static_cast<std::uint64_t>(ulp - E) << (P - 1)) + q;
    if (b >= fmt::inf_bits) b = fmt::inf_bits;
    bits_type bits = static_cast<bits_type>(b);
    if (negative) bits = static_cast<bits_type>(bits | fmt::sign_bit);
    return from_bits<T>(bits);
  }

  friend bool operator==(const superacc& a, const superacc& b) noexcept {
    superacc x = a, y = b;
    x.normalize();
    y.normalize();
    for (std::size_t i = 0; i < K; ++i) {
      if (x.chunk_[i] != y.chunk_[i]) return false;
    }
    return true;
  }

 private:
  static std::uint64_t extract64(const std::uint32_t* w, std::size_t n, std::size_t pos) noexcept {
    const std::size_t i = pos / 32;
    const unsigned off = static_cast<unsigned>(pos % 32);
    auto at = [&](std::size_t j) -> std::uint64_t { return j < n ? w[j] : 0; };
    const std::uint64_t lo = at(i) | (at(i + 1) << 32);
    const std::uint64_t hi = at(i + 2);
    return off == 0 ? lo : ((lo >> off) | (hi << (64 - off)));
  }
  void put(std::size_t i, std::uint64_t piece, std::int64_t s) noexcept {
    // piece < 2^32; s is 0 (add) or -1 (subtract): (p ^ s) - s == s ? -p : p.
    chunk_[i] += (static_cast<std::int64_t>(piece) ^ s) - s;
  }
  void count_one() noexcept {
    if (++pending_ >= normalize_every) normalize();
  }

  std::int64_t chunk_[K] = {};
  std::uint32_t pending_ = 0;
};

// The sum accumulator: Lsb = 2^-1074 (the smallest subnormal), bits up to
// 2^(32*67 - 1074 + 62) in the signed top chunk: room for 2^64 terms of
// magnitude up to DBL_MAX.
using sum_superacc = superacc<68, -1074>;
// The dot-product accumulator: exact products of two doubles reach from
// 2^-2148 to below 2^2048.
using dot_superacc = superacc<134, -2148>;

// Special values and the sign of zero, tracked next to a superaccumulator.
struct special_flags {
  static constexpr std::uint8_t nan = 1, pos_inf = 2, neg_inf = 4, has_terms = 8, not_neg_zero = 16;
  std::uint8_t bits = 0;

  void set(std::uint8_t f) noexcept { bits = static_cast<std::uint8_t>(bits | f); }
  bool has(std::uint8_t f) const noexcept { return (bits & f) != 0; }

  // The result for a finite exact part that rounds to `rounded`, or the
  // special value the flags call for (NaN, then the infinities, then the
  // sign of an exact zero: -0 only when every term was -0).
  template <class T>
  T resolve(T rounded, bool zero) const noexcept {
    if (has(nan) || (has(pos_inf) && has(neg_inf))) {
      return from_bits<T>(static_cast<typename ieee_format<T>::bits_type>(
          ieee_format<T>::inf_bits | (ieee_format<T>::inf_bits >> 1)));  // quiet NaN, sign clear
    }
    if (has(pos_inf)) return from_bits<T>(ieee_format<T>::inf_bits);
    if (has(neg_inf)) {
      return from_bits<T>(static_cast<typename ieee_format<T>::bits_type>(
          ieee_format<T>::inf_bits | ieee_format<T>::sign_bit));
    }
    if (zero) {
      return (has(has_terms) && !has(not_neg_zero)) ? from_bits<T>(ieee_format<T>::sign_bit) : T(0);
    }
    return rounded;
  }
};

// Flags for one double term (any value).
inline std::uint8_t term_flags(std::uint64_t bits) noexcept {
  std::uint8_t f = special_flags::has_terms;
  if (bits != ieee_format<double>::sign_bit)
    f = static_cast<std::uint8_t>(f | special_flags::not_neg_zero);
  if ((bits & 0x7ff0000000000000u) == 0x7ff0000000000000u) {
    if ((bits & 0x000fffffffffffffu) != 0) {
      f = static_cast<std::uint8_t>(f | special_flags::nan);
    } else {
      f = static_cast<std::uint8_t>(
          f | ((bits >> 63) != 0 ? special_flags::neg_inf : special_flags::pos_inf));
    }
  }
  return f;
}

// Adds one double to a sum accumulator.
inline void exact_add_one(sum_superacc& acc, special_flags& flags, double x) noexcept {
  const std::uint64_t b = to_bits(x);
  if ((b & 0x7ff0000000000000u) == 0x7ff0000000000000u || (b << 1) == 0) {
    flags.set(term_flags(b));
    return;
  }
  flags.set(special_flags::has_terms | special_flags::not_neg_zero);
  const unpacked_double u = unpack_finite(b);
  acc.add64(u.mantissa, u.offset, u.negative);
}

// --- The large superaccumulator for long inputs ---------------------------
// docs/reductions.md, "Exact mode: the fast path". One unsigned 64-bit bin
// per (sign, exponent field) and lane: the index is the term's top 12 bits,
// and the bin receives its 52 fraction bits with the hidden bit set
// unconditionally, so that a term costs a shift, an and, an or, one
// read-modify-write and a carry test. Four lanes take terms i % 4 so that
// runs of one exponent do not serialize on one memory location. A bin
// overflows at the earliest after 2^11 additions; its carries are counted
// per index. Two corrections, per chunk of at most 4096 terms and only when
// the chunk moved the bins concerned:
//  - zeros and subnormals (field 0) got a hidden bit they do not have: the
//    chunk's field-0 terms are counted per sign and 2^52 is taken off each
//    when the bins are folded;
//  - infinities and NaNs (field 2047) fill their bins with meaningless
//    values: the chunk is rescanned for them to set the flags, and the
//    field-2047 bins are never folded.
constexpr std::size_t exact_bin_count = 4096;  // sign bit and 11-bit exponent field
constexpr std::size_t exact_bin_lanes = 4;
constexpr std::size_t exact_bin_chunk = 4096;  // terms between checks of the watched bins
// Below this many terms the per-term path is faster than clearing and
// folding the tables.
constexpr std::size_t exact_bins_threshold = 16384;

struct exact_bin_table {
  std::uint64_t lo[exact_bin_count * exact_bin_lanes];  // [index * lanes + lane]
  std::uint64_t carry[exact_bin_count];                 // overflows of any lane, in 2^64 units
};

SEEDKIT_FORCE_INLINE void exact_bin_add(exact_bin_table& t, std::size_t lane,
                                        std::uint64_t b) noexcept {
  const std::size_t idx = static_cast<std::size_t>(b >> 52);
  const std::uint64_t m = (b & 0x000fffffffffffffu) | (std::uint64_t{1} << 52);
  std::uint64_t& slot = t.lo[idx * exact_bin_lanes + lane];
  const std::uint64_t v = slot + m;  // wraps modulo 2^64 by design: the carry is counted
  if (v < m) ++t.carry[idx];
  slot = v;
}

inline void exact_bins_add(exact_bin_table& t, const double* p, std::size_t n) noexcept {
  const std::size_t full = n - n % exact_bin_lanes;
  for (std::size_t i = 0; i < full; i += exact_bin_lanes) {
    exact_bin_add(t, 0, to_bits(p[i]));
    exact_bin_add(t, 1, to_bits(p[i + 1]));
    exact_bin_add(t, 2, to_bits(p[i + 2]));
    exact_bin_add(t, 3, to_bits(p[i + 3]));
  }
  for (std::size_t r = 0; r < n - full; ++r) exact_bin_add(t, r, to_bits(p[full + r]));
}

// A sum of doubles through the bins: add() any number of times, then
// finish() once. ok() is false when the tables could not be allocated.
class exact_binned_sum {
 public:
  exact_binned_sum() noexcept : t_(new (std::nothrow) exact_bin_table()) {}
  ~exact_binned_sum() { delete t_; }
  exact_binned_sum(const exact_binned_sum&) = delete;
  exact_binned_sum& operator=(const exact_binned_sum&) = delete;

  bool ok() const noexcept { return t_ != nullptr; }

  void add(const double* p, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; i += exact_bin_chunk) {
      add_chunk(p + i, n - i < exact_bin_chunk ? n - i : exact_bin_chunk);
    }
  }

  // Folds the bins into acc and the flags into flags. Acc is the sum
  // accumulator, or the dot accumulator (unit 2^-2148) with shift 1074.
  template <class Acc>
  void finish(Acc& acc, special_flags& flags, unsigned shift = 0) const noexcept {
    if (!any_) return;
    bool nonzero = false;
    for (std::size_t idx = 0; idx < exact_bin_count; ++idx) {
      const unsigned field = static_cast<unsigned>(idx & 0x7ffu);
      if (field == 0x7ffu) continue;  // flags only
      const bool negative = (idx >> 11) != 0;
      std::uint64_t lo, hi;
      total(idx, lo, hi);
      if (field == 0) {  // take 2^52 off per zero or subnormal term
        const std::uint64_t c = field0_count_[negative ? 1 : 0];
        const std::uint64_t c_lo = c << 52, c_hi = c >> 12;
        hi = hi - c_hi - (lo < c_lo ? 1u : 0u);
        lo -= c_lo;
      }
      if ((lo | hi) == 0) continue;
      nonzero = true;
      acc.add128(lo, hi, (field != 0 ? field - 1 : 0) + shift, negative);
    }
    flags.set(flags_.bits);
    flags.set(special_flags::has_terms);
    if (nonzero || field0_count_[0] != 0) flags.set(special_flags::not_neg_zero);
  }

 private:
  // The watched bins' state: lanes and carries of indices 0, 2047, 2048, 4095.
  std::uint64_t watch(std::size_t idx) const noexcept {
    const std::uint64_t* l = t_->lo + idx * exact_bin_lanes;
    return l[0] ^ (l[1] << 1) ^ (l[2] << 2) ^ (l[3] << 3) ^ t_->carry[idx];
  }
  void total(std::size_t idx, std::uint64_t& lo, std::uint64_t& hi) const noexcept {
    const std::uint64_t* lane = t_->lo + idx * exact_bin_lanes;
    lo = 0;
    hi = t_->carry[idx];
    for (std::size_t k = 0; k < exact_bin_lanes; ++k) {
      lo += lane[k];
      if (lo < lane[k]) ++hi;
    }
  }
  void add_chunk(const double* p, std::size_t n) noexcept {
    if (n == 0) return;
    any_ = true;
    // Every term adds at least 2^52 to its bin, so a chunk with a term in a
    // watched bin changes that bin's lane (mod 2^64, plus its carry count):
    // compared exactly, lane by lane.
    std::uint64_t before[4][exact_bin_lanes + 1];
    const std::size_t watched[4] = {0, 0x7ff, 0x800, 0xfff};
    for (std::size_t w = 0; w < 4; ++w) {
      for (std::size_t k = 0; k < exact_bin_lanes; ++k)
        before[w][k] = t_->lo[watched[w] * exact_bin_lanes + k];
      before[w][exact_bin_lanes] = t_->carry[watched[w]];
    }
    exact_bins_add(*t_, p, n);
    auto changed = [&](std::size_t w) {
      for (std::size_t k = 0; k < exact_bin_lanes; ++k)
        if (before[w][k] != t_->lo[watched[w] * exact_bin_lanes + k]) return true;
      return before[w][exact_bin_lanes] != t_->carry[watched[w]];
    };
    if (changed(0) || changed(2)) {  // zeros or subnormals: count them by sign
      count_field0(p, n, field0_count_[0], field0_count_[1]);
    }
    if (changed(1) || changed(3)) {  // NaNs or infinities: their flags
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t b = to_bits(p[i]);
        if ((b & 0x7ff0000000000000u) == 0x7ff0000000000000u) flags_.set(term_flags(b));
      }
    }
  }

  // Adds to pos and neg the terms of p[0..n) with top 12 bits 0 and 0x800.
  // Branch-free, since zeros can be half the input at random (top - 1 wraps,
  // setting bit 63, exactly when top is 0), and two terms at a time in GNU
  // vectors where SEEDKIT_REDUCE_VECTORS is 1.
  static void count_field0(const double* p, std::size_t n, std::uint64_t& pos,
                           std::uint64_t& neg) noexcept {
    std::size_t i = 0;
#if SEEDKIT_REDUCE_VECTORS
    typedef std::uint64_t pair __attribute__((vector_size(16)));
    const pair one = {1, 1}, negative_zero_top = {0x800, 0x800};
    pair vp = {0, 0}, vn = {0, 0};
    for (; i + 2 <= n; i += 2) {
      pair b;
      std::memcpy(&b, p + i, sizeof b);
      const pair top = b >> 52;
      vp += (top - one) >> 63;
      vn += ((top ^ negative_zero_top) - one) >> 63;
    }
    pos += vp[0] + vp[1];
    neg += vn[0] + vn[1];
#endif
    for (; i < n; ++i) {
      const std::uint64_t top = to_bits(p[i]) >> 52;
      pos += (top - 1) >> 63;
      neg += ((top ^ 0x800u) - 1) >> 63;
    }
  }

  exact_bin_table* t_;
  std::uint64_t field0_count_[2] = {0, 0};
  special_flags flags_;
  bool any_ = false;
};

// Adds p[0..n) (float or double) exactly: through the bins for long inputs
// when the tables (160 KiB) can be had, term by term otherwise.
template <class T>
void exact_add_contiguous(sum_superacc& acc, special_flags& flags, const T* p,
                          std::size_t n) noexcept {
  static_assert(std::is_same<T, double>::value || std::is_same<T, float>::value, "float or double");
  if (n >= exact_bins_threshold) {
    exact_binned_sum bins;
    if (bins.ok()) {
      if constexpr (std::is_same<T, double>::value) {
        bins.add(p, n);
      } else {
        double buf[512];  // floats widen exactly
        for (std::size_t i = 0; i < n; i += 512) {
          const std::size_t m = n - i < 512 ? n - i : 512;
          for (std::size_t j = 0; j < m; ++j) buf[j] = static_cast<double>(p[i + j]);
          bins.add(buf, m);
        }
      }
      bins.finish(acc, flags);
      return;
    }
  }
  for (std::size_t i = 0; i < n; ++i) exact_add_one(acc, flags, static_cast<double>(p[i]));
}

// --- Exact products ---------------------------------------------------------

// Adds x * y exactly. Doubles: the 106-bit integer product of the
// mantissas goes into a 4288-bit accumulator; no floating-point operation.
inline void exact_product_add(dot_superacc& acc, special_flags& flags, double x,
                              double y) noexcept {
  const std::uint64_t bx = to_bits(x), by = to_bits(y);
  const bool special = (bx & 0x7ff0000000000000u) == 0x7ff0000000000000u ||
                       (by & 0x7ff0000000000000u) == 0x7ff0000000000000u;
  if (special) {  // NaN, or an infinity times anything: IEEE gives the answer
    flags.set(term_flags(to_bits(x * y)));
    return;
  }
  const bool negative = ((bx ^ by) >> 63) != 0;
  if ((bx << 1) == 0 || (by << 1) == 0) {  // an exact zero product
    flags.set(negative ? special_flags::has_terms
                       : static_cast<std::uint8_t>(special_flags::has_terms |
                                                   special_flags::not_neg_zero));
    return;
  }
  flags.set(special_flags::has_terms | special_flags::not_neg_zero);
  const unpacked_double ux = unpack_finite(bx), uy = unpack_finite(by);
  std::uint64_t hi;
  const std::uint64_t lo = mul_64x64(ux.mantissa, uy.mantissa, hi);
  acc.add128(lo, hi, ux.offset + uy.offset, negative);
}

// The large superaccumulator for dot products of doubles: one 128-bit bin
// per (sign of the product, fx + fy) and lane for products of two normal
// numbers (fields 1..2046): the 106-bit product of the mantissas is added
// with a carry into the high word, and a bin whose high word reaches 2^62
// is flushed into the small accumulator (after 2^20 additions at the
// earliest). Pairs with a zero, subnormal, infinite or NaN factor take the
// per-term path (exact_product_add).
constexpr std::size_t exact_dot_bin_count = 8192;  // sign bit and fx + fy (2..4092)
constexpr std::size_t exact_dot_lanes = 2;

struct exact_dot_bin {
  std::uint64_t lo, hi;
};

class exact_binned_dot {
 public:
  exact_binned_dot() noexcept
      : t_(new (std::nothrow) exact_dot_bin[exact_dot_bin_count * exact_dot_lanes]()) {}
  ~exact_binned_dot() { delete[] t_; }
  exact_binned_dot(const exact_binned_dot&) = delete;
  exact_binned_dot& operator=(const exact_binned_dot&) = delete;

  bool ok() const noexcept { return t_ != nullptr; }

  void add(const double* x, const double* y, std::size_t n) noexcept {
    exact_dot_bin* const t = t_;  // a local: the bins' stores cannot touch it
    const std::size_t full = n - n % exact_dot_lanes;
    for (std::size_t i = 0; i < full; i += exact_dot_lanes) {
      add_one(t, 0, x + i, y + i);
      add_one(t, 1, x + i + 1, y + i + 1);
    }
    if (full < n) add_one(t, 0, x + full, y + full);
  }

  // Folds the bins and the per-term part into acc and flags.
  void finish(dot_superacc& acc, special_flags& flags) const noexcept {
    for (std::size_t idx = 0; idx < exact_dot_bin_count; ++idx) {
      for (std::size_t k = 0; k < exact_dot_lanes; ++k) {
        const exact_dot_bin& b = t_[idx * exact_dot_lanes + k];
        if ((b.lo | b.hi) != 0) {  // a 128-bit sum of nonzero products
          add_bin(acc, idx, b);
          flags.set(special_flags::has_terms | special_flags::not_neg_zero);
        }
      }
    }
    acc.merge(small_);
    flags.set(flags_.bits);
  }

 private:
  SEEDKIT_FORCE_INLINE void add_one(exact_dot_bin* t, std::size_t lane, const double* x,
                                    const double* y) noexcept {
    std::uint64_t bx, by;  // the bits, loaded straight into integer registers
    std::memcpy(&bx, x, sizeof bx);
    std::memcpy(&by, y, sizeof by);
    const std::uint64_t fx = (bx >> 52) & 0x7ffu, fy = (by >> 52) & 0x7ffu;
    // (f - 1) mod 2048 >= 2046: f is 0 (zero, subnormal) or 2047 (Inf, NaN).
    if (((fx - 1) & 0x7ffu) >= 0x7feu || ((fy - 1) & 0x7ffu) >= 0x7feu) {
      exact_product_add(small_, flags_, *x, *y);
      return;
    }
    const std::uint64_t mx = (bx & 0x000fffffffffffffu) | (std::uint64_t{1} << 52);
    const std::uint64_t my = (by & 0x000fffffffffffffu) | (std::uint64_t{1} << 52);
    const std::size_t idx = static_cast<std::size_t>((fx + fy) | (((bx ^ by) >> 63) << 12));
#if SEEDKIT_HAS_INT128
    __extension__ typedef unsigned __int128 u128;
    const u128 prod = static_cast<u128>(mx) * my;  // one multiply instruction
    const std::uint64_t plo = static_cast<std::uint64_t>(prod);
    const std::uint64_t phi = static_cast<std::uint64_t>(prod >> 64);
#else
    std::uint64_t phi;
    const std::uint64_t plo = mul_64x64(mx, my, phi);
#endif
    exact_dot_bin& b = t[idx * exact_dot_lanes + lane];
    const std::uint64_t lo = b.lo + plo;  // wraps by design: the carry goes to hi
    const std::uint64_t hi = b.hi + phi + (lo < plo ? 1u : 0u);
    b.lo = lo;
    b.hi = hi;
    if ((hi >> 62) != 0) flush(idx, b);
  }
  void add_bin(dot_superacc& acc, std::size_t idx, const exact_dot_bin& b) const noexcept {
    // Products of normal numbers: mantissas weigh 2^(field - 1 - 1074) each.
    acc.add128(b.lo, b.hi, static_cast<unsigned>((idx & 0xfffu) - 2), (idx >> 12) != 0);
  }
  void flush(std::size_t idx, exact_dot_bin& b) noexcept {
    add_bin(small_, idx, b);
    flags_.set(special_flags::has_terms | special_flags::not_neg_zero);
    b.lo = 0;
    b.hi = 0;
  }

  exact_dot_bin* t_;
  dot_superacc small_;
  special_flags flags_;
};

// --- Error-free products for the exact dot ---------------------------------
// Where an FMA can be had, exact dot products of doubles split each chunk of
// pairs whose products are normal and far from overflow (fields fx, fy in
// 1..2046 and 1076 <= fx + fy <= 3067) or exactly zero (a zero factor, the
// other finite) error-free: p = x * y rounded and e = fma(x, y, -p), so
// p + e = x * y exactly (e is a multiple of 2^(fx + fy - 2150) >= 2^-1074,
// below half an ulp of p; for a zero product e is set to p, the zero with
// the product's sign); p and e are summed in the sum's bins (exact_dot_feed
// in reduce.hpp). The exact value is the
// same either way. Where SEEDKIT_EXACT_DOT_SPLIT (config.hpp) is 1: with
// SEEDKIT_HARDWARE_FMA a portable loop the compiler vectorizes; otherwise
// (x86-64, g++ or clang, no -mfma) an AVX2+FMA kernel chosen at run time
// when the CPU has both (as detail/simd_lanes.hpp chooses its AVX2 Philox
// kernel).
#if SEEDKIT_EXACT_DOT_SPLIT && SEEDKIT_HARDWARE_FMA
inline bool split_products_available() noexcept { return true; }
// Fills p and e for x[0..m), y[0..m); returns whether every pair splits
// error-free (see above).
inline bool split_products(const double* x, const double* y, std::size_t m, double* p,
                           double* e) noexcept {
  std::int64_t bad = 0;  // negative once a pair is out of range
  for (std::size_t i = 0; i < m; ++i) {
    std::uint64_t bx, by;
    std::memcpy(&bx, x + i, sizeof bx);
    std::memcpy(&by, y + i, sizeof by);
    const auto fx = static_cast<std::int64_t>((bx >> 52) & 0x7ffu);
    const auto fy = static_cast<std::int64_t>((by >> 52) & 0x7ffu);
    const std::int64_t s = fx + fy - 1076;
    const std::int64_t out =
        (fx - 1) | (2046 - fx) | (fy - 1) | (2046 - fy) | s | ((3067 - 1076) - s);
    // A zero factor times a finite one: p is the exact zero, with its sign.
    const bool zero = ((bx << 1) == 0 || (by << 1) == 0) && fx != 0x7ff && fy != 0x7ff;
    bad |= zero ? 0 : out;
    const double pi = x[i] * y[i];
    const double ei = std::fma(x[i], y[i], -pi);
    p[i] = pi;
    e[i] = pi == 0 ? pi : ei;  // fma gives +0 for a zero product: keep p's sign
  }
  return bad >= 0;
}
#elif SEEDKIT_EXACT_DOT_SPLIT
// Whether this CPU runs AVX2 and FMA, asked once per process.
inline bool split_products_available() noexcept {
  static const bool yes = __builtin_cpu_supports("avx2") != 0 && __builtin_cpu_supports("fma") != 0;
  return yes;
}
// The same as the portable loop, 4 pairs at a time; m must be a multiple
// of 4 (any other m returns false: the caller takes the integer bins).
__attribute__((target("avx2,fma"))) inline bool split_products(const double* x, const double* y,
                                                               std::size_t m, double* p,
                                                               double* e) noexcept {
  if (m % 4 != 0) return false;
  const __m256i field = _mm256_set1_epi64x(0x7ff), one = _mm256_set1_epi64x(1);
  const __m256i top = _mm256_set1_epi64x(2046), lo = _mm256_set1_epi64x(1076);
  const __m256i span = _mm256_set1_epi64x(3067 - 1076);
  const __m256i none = _mm256_setzero_si256();
  const __m256d zero = _mm256_setzero_pd();
  __m256i bad = none;  // a lane's sign bit set once out of range
  for (std::size_t i = 0; i < m; i += 4) {
    const __m256d vx = _mm256_loadu_pd(x + i), vy = _mm256_loadu_pd(y + i);
    const __m256i bx = _mm256_castpd_si256(vx), by = _mm256_castpd_si256(vy);
    const __m256i fx = _mm256_and_si256(_mm256_srli_epi64(bx, 52), field);
    const __m256i fy = _mm256_and_si256(_mm256_srli_epi64(by, 52), field);
    const __m256i s = _mm256_sub_epi64(_mm256_add_epi64(fx, fy), lo);
    __m256i out = _mm256_or_si256(_mm256_sub_epi64(fx, one), _mm256_sub_epi64(top, fx));
    out =
        _mm256_or_si256(out, _mm256_or_si256(_mm256_sub_epi64(fy, one), _mm256_sub_epi64(top, fy)));
    out = _mm256_or_si256(out, _mm256_or_si256(s, _mm256_sub_epi64(span, s)));
    // A zero factor times a finite one: p is the exact zero, with its sign.
    const __m256i zero_factor = _mm256_or_si256(_mm256_cmpeq_epi64(_mm256_slli_epi64(bx, 1), none),
                                                _mm256_cmpeq_epi64(_mm256_slli_epi64(by, 1), none));
    const __m256i special =
        _mm256_or_si256(_mm256_cmpeq_epi64(fx, field), _mm256_cmpeq_epi64(fy, field));
    const __m256i exact_zero = _mm256_andnot_si256(special, zero_factor);
    bad = _mm256_or_si256(bad, _mm256_andnot_si256(exact_zero, out));
    const __m256d vp = _mm256_mul_pd(vx, vy);
    const __m256d ve = _mm256_fmsub_pd(vx, vy, vp);  // x * y - p, rounded once
    _mm256_storeu_pd(p + i, vp);
    // fma gives +0 for a zero product: keep p's sign.
    _mm256_storeu_pd(e + i, _mm256_blendv_pd(ve, vp, _mm256_cmp_pd(vp, zero, _CMP_EQ_OQ)));
  }
  return _mm256_movemask_pd(_mm256_castsi256_pd(bad)) == 0;
}
#endif

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_REDUCE_EXACT_HPP

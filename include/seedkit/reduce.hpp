// seedkit/reduce.hpp: sums, dot products, means and variances whose bits do
// not depend on how the work is split.
//
// Floating-point addition is not associative, so a sum computed by 2 threads
// differs in its last bits from the same sum computed by 16. Every reduction
// here has a fixed, documented order (docs/reductions.md), chosen so that a
// compiler can vectorize it without reordering anything, or computes the
// exact value: three modes.
//   pairwise     a fixed tree: 16 lanes in leaves of 256 terms, leaves joined
//                by a binary-counter tree. Error O(log n) ulps; as fast as a
//                vectorized loop.
//   compensated  Neumaier's compensated sum in 8 lanes per block of 65536
//                terms, blocks joined by the same tree. Error about 2 ulps
//                plus O(n eps^2) condition-dependent terms.
//   exact        the infinitely precise sum, rounded once to nearest-even:
//                the same bits for any order of the input.
// parallel_sum splits the input into blocks of 65536 terms whose boundaries
// do not depend on the thread count and combines their partials in the same
// tree, so for every thread count it returns exactly what the serial
// function of the same mode returns.
//
// Special values (every mode): a NaN term gives NaN; +Inf and -Inf together
// give NaN; one kind of infinity gives that infinity. Every NaN result is
// the canonical quiet NaN (0x7ff8000000000000 / 0x7fc00000), whatever NaN
// the hardware made. An empty input sums to
// +0.0. In exact mode a finite sum beyond DBL_MAX rounds to +-Inf as IEEE
// rounding of the exact value says, and an exact zero is -0.0 only when every
// term is -0.0 (what IEEE addition gives in any order). Pairwise and
// compensated sums are what their documented IEEE operations give, so an
// intermediate overflow gives +-Inf.
//
// Results are identical under -ffp-contract=fast and off, any -O level and
// -march, g++ and clang++, libstdc++ and libc++: no product is ever fused
// with an addition. -ffast-math voids every bit-identity promise here.
#ifndef SEEDKIT_REDUCE_HPP
#define SEEDKIT_REDUCE_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "seedkit/config.hpp"
#include "seedkit/detail/reduce_exact.hpp"
#include "seedkit/detail/reduce_kernels.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE

// How a reduction orders (or avoids) its roundings; see the header comment.
// Stability: the enumerators and their meanings are stable.
enum class reduce_mode { pairwise, compensated, exact };

namespace detail {

template <class T>
constexpr bool is_reduce_float_v = std::is_same<T, float>::value || std::is_same<T, double>::value;

template <class It>
using iter_value_t = std::remove_cv_t<typename std::iterator_traits<It>::value_type>;

template <class It, class = void>
struct is_iterator : std::false_type {};
template <class It>
struct is_iterator<It, std::void_t<typename std::iterator_traits<It>::iterator_category>>
    : std::true_type {};

template <class R, class = void>
struct is_range : std::false_type {};
template <class R>
struct is_range<R, std::void_t<decltype(std::begin(std::declval<const R&>())),
                               decltype(std::end(std::declval<const R&>()))>> : std::true_type {};

template <class R, class = void>
struct is_contiguous_range : std::false_type {};
template <class R>
struct is_contiguous_range<R, std::void_t<decltype(std::data(std::declval<const R&>())),
                                          decltype(std::size(std::declval<const R&>()))>>
    : std::is_pointer<decltype(std::data(std::declval<const R&>()))> {};

template <class R>
using range_value_t = iter_value_t<decltype(std::begin(std::declval<const R&>()))>;

template <class T>
void check_value_type() {
  static_assert(is_reduce_float_v<T>, "seedkit reductions take ranges of float or double");
}

// Reads up to max terms from [it, last) into buf.
template <class T, class It>
std::size_t read_terms(It& it, const It& last, T* buf, std::size_t max) {
  std::size_t m = 0;
  for (; m < max && it != last; ++m, ++it) buf[m] = *it;
  return m;
}

template <class T, class It>
T pairwise_iter(It first, It last) {
  if constexpr (std::is_pointer<It>::value) {
    const std::size_t n = static_cast<std::size_t>(last - first);
    return n == 0 ? T(0) : pairwise_contiguous<T>(first, n);
  } else {
    return pairwise_filled<T>([&](T* buf, std::size_t max) { return read_terms(first, last, buf, max); });
  }
}

template <class T, class It>
T compensated_iter(It first, It last) {
  if constexpr (std::is_pointer<It>::value) {
    return compensated_contiguous<T>(first, static_cast<std::size_t>(last - first));
  } else {
    return compensated_filled<T>(false, [&](T* p, T*, std::size_t max) { return read_terms(first, last, p, max); });
  }
}

// --- exact products ---------------------------------------------------------

// Adds x * y exactly. Doubles: the 106-bit integer product of the
// mantissas goes into a 4288-bit accumulator; no floating-point operation.
inline void exact_product_add(dot_superacc& acc, special_flags& flags, double x, double y) noexcept {
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
                       : static_cast<std::uint8_t>(special_flags::has_terms | special_flags::not_neg_zero));
    return;
  }
  flags.set(special_flags::has_terms | special_flags::not_neg_zero);
  const unpacked_double ux = unpack_finite(bx), uy = unpack_finite(by);
  std::uint64_t hi;
  const std::uint64_t lo = mul_64x64(ux.mantissa, uy.mantissa, hi);
  acc.add128(lo, hi, ux.offset + uy.offset, negative);
}
// Floats: the product of two floats is exact in double.
inline void exact_product_add(sum_superacc& acc, special_flags& flags, float x, float y) noexcept {
  exact_add_one(acc, flags, static_cast<double>(x) * static_cast<double>(y));
}

template <class T>
using exact_product_acc = std::conditional_t<std::is_same<T, double>::value, dot_superacc, sum_superacc>;

// The dot product of two term sequences given as a reader: read(xs, ys, max)
// fills up to max pairs and returns how many. Products are rounded into a
// buffer that the compiler must forget before the buffer is summed.
template <class T, class Read>
T dot_read(reduce_mode mode, Read&& read) {
  T xs[pairwise_leaf_size];
  T ys[pairwise_leaf_size];
  switch (mode) {
    case reduce_mode::pairwise:
      return pairwise_filled<T>([&](T* p, std::size_t max) {
        const std::size_t m = read(xs, ys, max);
        for (std::size_t i = 0; i < m; ++i) p[i] = xs[i] * ys[i];
        return m;
      });
    case reduce_mode::compensated:
      return compensated_filled<T>(true, [&](T* p, T* e, std::size_t max) {
        const std::size_t m = read(xs, ys, max);
        for (std::size_t i = 0; i < m; ++i) p[i] = xs[i] * ys[i];
        forget_contents(p);
        // The exact error of each rounded product, by an explicit FMA.
        for (std::size_t i = 0; i < m; ++i) e[i] = std::fma(xs[i], ys[i], -p[i]);
        return m;
      });
    case reduce_mode::exact:
    default: {
      exact_product_acc<T> acc;
      special_flags flags;
      for (;;) {
        const std::size_t m = read(xs, ys, pairwise_leaf_size);
        for (std::size_t i = 0; i < m; ++i) exact_product_add(acc, flags, xs[i], ys[i]);
        if (m < pairwise_leaf_size) break;
      }
      bool zero = false;
      const T r = acc.template round<T>(zero);
      return flags.resolve(r, zero);
    }
  }
}

// The same for two arrays, without the copies: products are written
// straight into the buffer that is summed.
template <class T>
T dot_contiguous(reduce_mode mode, const T* x, const T* y, std::size_t n) {
  std::size_t done = 0;
  switch (mode) {
    case reduce_mode::pairwise:
      return pairwise_filled<T>([&](T* p, std::size_t max) {
        const std::size_t m = n - done < max ? n - done : max;
        const T* xs = x + done;
        const T* ys = y + done;
        if (m == pairwise_leaf_size) {  // a constant trip count vectorizes at -O2
          for (std::size_t i = 0; i < pairwise_leaf_size; ++i) p[i] = xs[i] * ys[i];
        } else {
          for (std::size_t i = 0; i < m; ++i) p[i] = xs[i] * ys[i];
        }
        done += m;
        return m;
      });
    case reduce_mode::compensated:
      return compensated_filled<T>(true, [&](T* p, T* e, std::size_t max) {
        const std::size_t m = n - done < max ? n - done : max;
        const T* xs = x + done;
        const T* ys = y + done;
        if (m == pairwise_leaf_size) {
          for (std::size_t i = 0; i < pairwise_leaf_size; ++i) p[i] = xs[i] * ys[i];
        } else {
          for (std::size_t i = 0; i < m; ++i) p[i] = xs[i] * ys[i];
        }
        forget_contents(p);
        for (std::size_t i = 0; i < m; ++i) e[i] = std::fma(xs[i], ys[i], -p[i]);
        done += m;
        return m;
      });
    case reduce_mode::exact:
    default: {
      exact_product_acc<T> acc;
      special_flags flags;
      for (std::size_t i = 0; i < n; ++i) exact_product_add(acc, flags, x[i], y[i]);
      bool zero = false;
      const T r = acc.template round<T>(zero);
      return flags.resolve(r, zero);
    }
  }
}

}  // namespace detail

// --- exact_accumulator -------------------------------------------------------

namespace detail {
struct exact_accumulator_access;
}  // namespace detail

// An exact running sum of floats and doubles: a 2176-bit fixed-point integer
// in units of 2^-1074 (the smallest subnormal) plus flags for NaN, the
// infinities and the sign of zero. add, merge and deserialize never round,
// so the rounded result depends only on the multiset of terms added: any
// order, any grouping of merges, any split across threads, ranks or
// machines gives the same bits. Exact for up to 2^64 terms. sizeof is about
// 560 bytes; add(first, last) on 8192 or more contiguous terms briefly
// allocates 128 KiB for its binning tables (it falls back to the per-term
// path if that fails).
// Example:
//   seedkit::exact_accumulator acc;
//   acc.add(1e100); acc.add(1.0); acc.add(-1e100);
//   acc.to_double();  // 1.0
// Stability: to_double/to_float results are fixed by IEEE rounding of the
// exact value; the serialized format is versioned (docs/reductions.md) and
// version 1 will always be readable.
class exact_accumulator {
 public:
  // Size in bytes of serialize()'s output, format version 1.
  static constexpr std::size_t serialized_size = 8 + 67 * 4 + 8 + 8;
  static constexpr std::uint8_t format_version = 1;

  // An empty accumulator; it rounds to +0.0.
  exact_accumulator() noexcept = default;

  // Adds one term exactly (NaN and infinities are recorded in flags).
  void add(double x) noexcept { detail::exact_add_one(acc_, flags_, x); }
  void add(float x) noexcept { detail::exact_add_one(acc_, flags_, static_cast<double>(x)); }

  // Adds every term of [first, last) (float or double values). Contiguous
  // ranges take the fast binning path.
  template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
  void add(InputIt first, InputIt last) {
    using T = detail::iter_value_t<InputIt>;
    detail::check_value_type<T>();
    if constexpr (std::is_pointer<InputIt>::value) {
      detail::exact_add_contiguous(acc_, flags_, first, static_cast<std::size_t>(last - first));
    } else {
      for (; first != last; ++first) add(static_cast<T>(*first));
    }
  }
  // Adds every term of a range (std::vector, std::array, a C array, ...).
  template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
  void add(const Range& r) {
    if constexpr (detail::is_contiguous_range<Range>::value) {
      const auto* p = std::data(r);
      add(p, p + std::size(r));
    } else {
      add(std::begin(r), std::end(r));
    }
  }

  // Adds the terms of another accumulator. Merging is exact, so any tree of
  // merges over the same terms gives the same state.
  void merge(const exact_accumulator& other) noexcept {
    acc_.merge(other.acc_);
    flags_.set(other.flags_.bits);
  }

  // The exact sum rounded to nearest (ties to even) as a double or float,
  // with the special values and the sign of zero described in the header
  // comment. Rounds directly to float (no double rounding).
  double to_double() const noexcept { return round<double>(); }
  float to_float() const noexcept { return round<float>(); }
  template <class T>
  T round() const noexcept {
    detail::check_value_type<T>();
    bool zero = false;
    const T r = acc_.template round<T>(zero);
    return flags_.resolve(r, zero);
  }

  // Whether any term was added.
  bool empty() const noexcept { return !flags_.has(detail::special_flags::has_terms); }

  // The state as serialized_size bytes (format in docs/reductions.md):
  // "SKXA", version, flags, chunk count, the normalized fixed-point value
  // little-endian, and an FNV-1a 64 checksum of everything before it.
  std::vector<std::uint8_t> serialize() const {
    detail::sum_superacc a = acc_;
    a.normalize();
    std::vector<std::uint8_t> out;
    out.reserve(serialized_size);
    out.insert(out.end(), {'S', 'K', 'X', 'A', format_version, flags_.bits});
    put_le(out, detail::sum_superacc::chunk_count, 2);
    for (std::size_t i = 0; i + 1 < detail::sum_superacc::chunk_count; ++i) {
      put_le(out, static_cast<std::uint64_t>(a.chunk(i)), 4);
    }
    put_le(out, static_cast<std::uint64_t>(a.chunk(detail::sum_superacc::chunk_count - 1)), 8);
    put_le(out, fnv1a(out.data(), out.size()), 8);
    return out;
  }

  // Reads what serialize() wrote. Throws seedkit::error, naming the problem
  // and what is accepted, for a wrong size, magic, version, flag bits, chunk
  // count, an out-of-range chunk, inconsistent flags, or a checksum
  // mismatch.
  static exact_accumulator deserialize(const std::uint8_t* data, std::size_t size) {
    const std::string where = "seedkit::exact_accumulator::deserialize: ";
    if (data == nullptr && size != 0) throw error(where + "null data pointer with nonzero size");
    if (size != serialized_size) {
      throw error(where + "expected exactly " + std::to_string(serialized_size) +
                  " bytes (format version 1), got " + std::to_string(size));
    }
    if (data[0] != 'S' || data[1] != 'K' || data[2] != 'X' || data[3] != 'A') {
      throw error(where + "bad magic: the data must start with the bytes \"SKXA\"");
    }
    if (data[4] != format_version) {
      throw error(where + "unsupported format version " + std::to_string(data[4]) +
                  "; this build reads version " + std::to_string(format_version));
    }
    const std::uint8_t f = data[5];
    if ((f & ~std::uint8_t{31}) != 0) {
      throw error(where + "flag byte 0x" + hex2(f) + " has reserved bits set; only bits 0-4 are defined");
    }
    const std::uint64_t chunks = get_le(data + 6, 2);
    if (chunks != detail::sum_superacc::chunk_count) {
      throw error(where + "chunk count " + std::to_string(chunks) + " does not match the expected " +
                  std::to_string(detail::sum_superacc::chunk_count));
    }
    const std::uint64_t sum = get_le(data + serialized_size - 8, 8);
    if (sum != fnv1a(data, serialized_size - 8)) {
      throw error(where + "checksum mismatch: the data is corrupt or was not written by serialize()");
    }
    exact_accumulator r;
    std::size_t pos = 8;
    for (std::size_t i = 0; i + 1 < detail::sum_superacc::chunk_count; ++i, pos += 4) {
      r.acc_.set_chunk(i, static_cast<std::int64_t>(get_le(data + pos, 4)));
    }
    const std::int64_t top = static_cast<std::int64_t>(get_le(data + pos, 8));
    if (top > top_limit || top < -top_limit) {
      throw error(where + "top chunk " + std::to_string(top) + " is out of range: |top| must be below 2^62");
    }
    r.acc_.set_chunk(detail::sum_superacc::chunk_count - 1, top);
    using sf = detail::special_flags;
    const bool terms = (f & sf::has_terms) != 0;
    const bool other = (f & sf::not_neg_zero) != 0;
    const bool special = (f & (sf::nan | sf::pos_inf | sf::neg_inf)) != 0;
    if ((other || special) && !terms) {
      throw error(where + "inconsistent flags 0x" + hex2(f) +
                  ": NaN, infinity or nonzero-term bits require the has-terms bit (0x08)");
    }
    if (!r.acc_.is_zero() && !other) {
      throw error(where + "inconsistent flags 0x" + hex2(f) +
                  ": a nonzero value requires the not-only-negative-zero bit (0x10)");
    }
    if (special && !other) {
      throw error(where + "inconsistent flags 0x" + hex2(f) +
                  ": NaN or infinity bits require the not-only-negative-zero bit (0x10)");
    }
    r.flags_.bits = f;
    return r;
  }
  static exact_accumulator deserialize(const std::vector<std::uint8_t>& bytes) {
    return deserialize(bytes.data(), bytes.size());
  }

  // Equal exact values and equal special/zero flags.
  friend bool operator==(const exact_accumulator& a, const exact_accumulator& b) noexcept {
    return a.flags_.bits == b.flags_.bits && a.acc_ == b.acc_;
  }
  friend bool operator!=(const exact_accumulator& a, const exact_accumulator& b) noexcept {
    return !(a == b);
  }

 private:
  static constexpr std::int64_t top_limit = std::int64_t{1} << 62;

  static void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  static std::uint64_t get_le(const std::uint8_t* p, int bytes) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t{p[i]} << (8 * i);
    return v;
  }
  static std::uint64_t fnv1a(const std::uint8_t* p, std::size_t n) noexcept {
    std::uint64_t h = 0xcbf29ce484222325u;
    for (std::size_t i = 0; i < n; ++i) {
      h ^= p[i];
      h *= 0x100000001b3u;  // wraps modulo 2^64 by design
    }
    return h;
  }
  static std::string hex2(std::uint8_t v) {
    const char* digits = "0123456789abcdef";
    return std::string{digits[v >> 4], digits[v & 15]};
  }

  friend struct detail::exact_accumulator_access;

  detail::sum_superacc acc_;
  detail::special_flags flags_;
};

namespace detail {

// Builds an exact_accumulator from a superaccumulator and flags computed
// elsewhere (the CUDA add-on's device sum). The caller supplies consistent
// flags (has-terms with any term; not-only-negative-zero with any nonzero
// or special term), as exact_accumulator's own add does.
struct exact_accumulator_access {
  static exact_accumulator make(const sum_superacc& value, std::uint8_t flag_bits) noexcept {
    exact_accumulator r;
    r.acc_ = value;
    r.flags_.bits = flag_bits;
    return r;
  }
};

}  // namespace detail

// --- sums ---------------------------------------------------------------------

// The pairwise sum of [first, last) (float or double; accumulates in that
// type): leaves of 256 terms, 16 lanes per leaf (term i to lane i % 16,
// lanes summed in order from -0.0, then joined as a perfect binary tree),
// leaves joined by the binary-counter tree. Accepts input iterators.
// Example: seedkit::pairwise_sum(v.begin(), v.end())
// Stability: bit-identical everywhere (docs/reductions.md pins the tree);
// the tree changes only with a major version.
template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
detail::iter_value_t<InputIt> pairwise_sum(InputIt first, InputIt last) {
  using T = detail::iter_value_t<InputIt>;
  detail::check_value_type<T>();
  return detail::pairwise_iter<T>(first, last);
}
// The pairwise sum of a range (contiguous ranges skip the copy).
// Stability: as the iterator form.
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> pairwise_sum(const Range& r) {
  if constexpr (detail::is_contiguous_range<Range>::value) {
    const auto* p = std::data(r);
    return pairwise_sum(p, p + std::size(r));
  } else {
    return pairwise_sum(std::begin(r), std::end(r));
  }
}

// Neumaier's compensated sum of [first, last): blocks of 65536 terms; in a
// block term i goes to lane i % 8, each lane a (sum, compensation) pair
// updated by TwoSum; lanes and then blocks are joined as pairs (see
// detail::compensated_op) in fixed trees; the result is s + c.
// Stability: bit-identical everywhere; the algorithm changes only with a
// major version.
template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
detail::iter_value_t<InputIt> compensated_sum(InputIt first, InputIt last) {
  using T = detail::iter_value_t<InputIt>;
  detail::check_value_type<T>();
  return detail::compensated_iter<T>(first, last);
}
// Stability: as the iterator form.
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> compensated_sum(const Range& r) {
  if constexpr (detail::is_contiguous_range<Range>::value) {
    const auto* p = std::data(r);
    return compensated_sum(p, p + std::size(r));
  } else {
    return compensated_sum(std::begin(r), std::end(r));
  }
}

// The exact sum of [first, last) correctly rounded (to nearest, ties to
// even) to the value type, over the whole range from subnormals to
// DBL_MAX: any permutation of the input gives the same bits.
// Example: exact_sum(std::vector<double>{1e100, 1.0, -1e100}) == 1.0
// Stability: the result is a mathematical function of the input multiset.
template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
detail::iter_value_t<InputIt> exact_sum(InputIt first, InputIt last) {
  using T = detail::iter_value_t<InputIt>;
  detail::check_value_type<T>();
  exact_accumulator acc;
  acc.add(first, last);
  return acc.round<T>();
}
// Stability: as the iterator form.
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> exact_sum(const Range& r) {
  using T = detail::range_value_t<Range>;
  detail::check_value_type<T>();
  exact_accumulator acc;
  acc.add(r);
  return acc.round<T>();
}

// The sum of [first, last) in the given mode.
// Stability: as the mode's function.
template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
detail::iter_value_t<InputIt> sum(InputIt first, InputIt last, reduce_mode mode) {
  switch (mode) {
    case reduce_mode::compensated: return compensated_sum(first, last);
    case reduce_mode::exact: return exact_sum(first, last);
    case reduce_mode::pairwise:
    default: return pairwise_sum(first, last);
  }
}
// Stability: as the mode's function.
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> sum(const Range& r, reduce_mode mode) {
  switch (mode) {
    case reduce_mode::compensated: return compensated_sum(r);
    case reduce_mode::exact: return exact_sum(r);
    case reduce_mode::pairwise:
    default: return pairwise_sum(r);
  }
}

// --- dot products ---------------------------------------------------------------

// The dot product of [first1, last1) and the range starting at first2 (same
// value type, float or double).
//   pairwise:    p_i = x_i * y_i rounded to the value type, then exactly
//                pairwise_sum(p): the products go through a buffer the
//                compiler cannot see into, so no contraction can fuse them.
//   compensated: Dot2 (Ogita, Rump, Oishi 2005): the lanes and trees of
//                compensated_sum over p_i, with each product's exact error
//                e_i = std::fma(x_i, y_i, -p_i) (an explicit, correctly
//                rounded FMA) added to the compensation: c += err + e_i.
//                Without FMA hardware std::fma is a (slower) libm call.
//   exact:       the exact sum of the exact products, rounded once; doubles
//                use integer products in a 4288-bit accumulator, so even
//                products beyond DBL_MAX or below the subnormals count.
// Stability: bit-identical everywhere in every mode.
template <class It1, class It2, std::enable_if_t<detail::is_iterator<It1>::value, int> = 0>
detail::iter_value_t<It1> dot(It1 first1, It1 last1, It2 first2, reduce_mode mode = reduce_mode::pairwise) {
  using T = detail::iter_value_t<It1>;
  detail::check_value_type<T>();
  static_assert(std::is_same<T, detail::iter_value_t<It2>>::value, "dot takes two ranges of the same value type");
  if constexpr (std::is_pointer<It1>::value && std::is_pointer<It2>::value) {
    return detail::dot_contiguous<T>(mode, first1, first2, static_cast<std::size_t>(last1 - first1));
  } else {
    return detail::dot_read<T>(mode, [&](T* xs, T* ys, std::size_t max) {
      std::size_t m = 0;
      for (; m < max && first1 != last1; ++m, ++first1, ++first2) {
        xs[m] = *first1;
        ys[m] = *first2;
      }
      return m;
    });
  }
}
// The dot product of two ranges of equal length; throws seedkit::error if
// the lengths differ.
// Stability: as the iterator form.
template <class R1, class R2,
          std::enable_if_t<detail::is_range<R1>::value && detail::is_range<R2>::value, int> = 0>
detail::range_value_t<R1> dot(const R1& x, const R2& y, reduce_mode mode = reduce_mode::pairwise) {
  const auto nx = std::distance(std::begin(x), std::end(x));
  const auto ny = std::distance(std::begin(y), std::end(y));
  if (nx != ny) {
    throw error("seedkit::dot: the ranges differ in length (" + std::to_string(nx) + " and " +
                std::to_string(ny) + "); pass two ranges of equal length");
  }
  if constexpr (detail::is_contiguous_range<R1>::value && detail::is_contiguous_range<R2>::value) {
    const auto* px = std::data(x);
    return dot(px, px + nx, std::data(y), mode);
  } else {
    return dot(std::begin(x), std::end(x), std::begin(y), mode);
  }
}

// --- mean and variance ---------------------------------------------------------

// The mean of [first, last): sum(first, last, mode) / n, one more rounding
// (so exact mode is within one ulp of the true mean, and an overflowing sum
// gives +-Inf). Empty input: NaN. Needs forward iterators.
// Stability: bit-identical everywhere in every mode.
template <class FwdIt, std::enable_if_t<detail::is_iterator<FwdIt>::value, int> = 0>
detail::iter_value_t<FwdIt> mean(FwdIt first, FwdIt last, reduce_mode mode = reduce_mode::pairwise) {
  using T = detail::iter_value_t<FwdIt>;
  const auto n = std::distance(first, last);
  if (n == 0) return std::numeric_limits<T>::quiet_NaN();
  return sum(first, last, mode) / static_cast<T>(n);
}
// Stability: as the iterator form.
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> mean(const Range& r, reduce_mode mode = reduce_mode::pairwise) {
  if constexpr (detail::is_contiguous_range<Range>::value) {
    const auto* p = std::data(r);
    return mean(p, p + std::size(r), mode);
  } else {
    return mean(std::begin(r), std::end(r), mode);
  }
}

// The variance of [first, last) by the two-pass algorithm: m = mean(first,
// last, mode); d_i = x_i - m rounded; result = dot(d, d, mode) / (n - ddof)
// (ddof = 0: population variance, 1: sample variance). n <= ddof: NaN.
// The squares are never fused with the additions (see dot).
// Stability: bit-identical everywhere in every mode.
template <class FwdIt, std::enable_if_t<detail::is_iterator<FwdIt>::value, int> = 0>
detail::iter_value_t<FwdIt> variance(FwdIt first, FwdIt last, reduce_mode mode = reduce_mode::pairwise,
                                     std::size_t ddof = 0) {
  using T = detail::iter_value_t<FwdIt>;
  const auto n = static_cast<std::size_t>(std::distance(first, last));
  if (n <= ddof) return std::numeric_limits<T>::quiet_NaN();
  const T m = mean(first, last, mode);
  const T ss = detail::dot_read<T>(mode, [&](T* xs, T* ys, std::size_t max) {
    std::size_t k = 0;
    for (; k < max && first != last; ++k, ++first) {
      const T d = static_cast<T>(*first) - m;
      xs[k] = d;
      ys[k] = d;
    }
    return k;
  });
  return ss / static_cast<T>(n - ddof);
}
// Stability: as the iterator form.
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> variance(const Range& r, reduce_mode mode = reduce_mode::pairwise,
                                      std::size_t ddof = 0) {
  if constexpr (detail::is_contiguous_range<Range>::value) {
    const auto* p = std::data(r);
    return variance(p, p + std::size(r), mode, ddof);
  } else {
    return variance(std::begin(r), std::end(r), mode, ddof);
  }
}

// --- parallel sums ---------------------------------------------------------------

namespace detail {

// Runs tasks 0..count-1 on `threads` std::threads (the caller's thread is
// one of them), each thread a contiguous share. If a thread cannot be
// started its share runs on the caller: results do not depend on it.
struct thread_runner {
  unsigned threads;

  template <class Task>
  void operator()(std::size_t count, Task&& task) const {
    const std::size_t t = threads < count ? threads : count;
    auto share = [&](std::size_t k) {
      const std::size_t begin = k * count / t, end = (k + 1) * count / t;
      for (std::size_t i = begin; i < end; ++i) task(i);
    };
    if (t <= 1) {
      if (count > 0) share(0);
      return;
    }
    std::vector<std::thread> pool;
    pool.reserve(t - 1);
    for (std::size_t k = 1; k < t; ++k) {
      try {
        pool.emplace_back(share, k);
      } catch (...) {  // std::system_error: no more threads
        share(k);
      }
    }
    share(0);
    for (auto& th : pool) th.join();
  }
};

inline unsigned resolve_threads(unsigned threads) noexcept {
  if (threads != 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw != 0 ? hw : 1;
}

// Blocks per task of the executor form in exact mode.
constexpr std::size_t exact_task_blocks = 16;

// The parallel sum of p[0..n) with run(count, task) running tasks
// 0..count-1: pairwise and compensated task b reduces block b (terms
// [65536 b, 65536 (b + 1))); exact task k adds blocks [16 k, 16 (k + 1)).
template <class T, class Run>
T parallel_sum_blocks(const T* p, std::size_t n, reduce_mode mode, Run&& run) {
  if (n == 0) return T(0);
  const std::size_t blocks = (n + reduce_block_size - 1) / reduce_block_size;
  auto len = [&](std::size_t b) {
    const std::size_t begin = b * reduce_block_size;
    return n - begin < reduce_block_size ? n - begin : reduce_block_size;
  };
  switch (mode) {
    case reduce_mode::pairwise: {
      std::vector<T> part(blocks);
      run(blocks, [&](std::size_t b) { part[b] = pairwise_contiguous(p + b * reduce_block_size, len(b)); });
      pairwise_tree<T> tree;
      for (const T& v : part) tree.push(v);
      return canonical_nan_if_nan(tree.result());
    }
    case reduce_mode::compensated: {
      std::vector<compensated_pair<T>> part(blocks);
      run(blocks, [&](std::size_t b) { part[b] = compensated_block(p + b * reduce_block_size, len(b)); });
      compensated_tree<T> tree;
      for (const auto& v : part) tree.push(v);
      return compensated_finish(tree.result());
    }
    case reduce_mode::exact:
    default: {
      // Exact sums do not depend on the partition; tasks of 16 blocks keep
      // the binning tables' set-up cost small.
      const std::size_t group = exact_task_blocks * reduce_block_size;
      const std::size_t tasks = (n + group - 1) / group;
      std::vector<exact_accumulator> part(tasks);
      run(tasks, [&](std::size_t k) {
        const T* q = p + k * group;
        part[k].add(q, q + (n - k * group < group ? n - k * group : group));
      });
      exact_accumulator total;
      for (const auto& a : part) total.merge(a);
      return total.round<T>();
    }
  }
}

template <class T>
T parallel_sum_threads(const T* p, std::size_t n, reduce_mode mode, unsigned threads) {
  const unsigned t = resolve_threads(threads);
  if (mode == reduce_mode::exact && n > 0) {
    // Exact sums do not depend on the partition: one accumulator per
    // thread saves the per-block table set-up.
    const std::size_t blocks = (n + reduce_block_size - 1) / reduce_block_size;
    const std::size_t shares = t < blocks ? t : blocks;
    std::vector<exact_accumulator> part(shares);
    thread_runner{static_cast<unsigned>(shares)}(shares, [&](std::size_t k) {
      const std::size_t begin = k * blocks / shares * reduce_block_size;
      std::size_t end = (k + 1) * blocks / shares * reduce_block_size;
      if (end > n) end = n;
      part[k].add(p + begin, p + end);
    });
    exact_accumulator total;
    for (const auto& a : part) total.merge(a);
    return total.round<T>();
  }
  return parallel_sum_blocks(p, n, mode, thread_runner{t});
}

template <class R>
using contiguous_value_t = std::remove_cv_t<std::remove_pointer_t<decltype(std::data(std::declval<const R&>()))>>;

}  // namespace detail

// The sum of a contiguous range (anything with std::data and std::size) in
// the given mode on `threads` std::threads (0: hardware_concurrency). The
// range is cut into blocks of 65536 terms at fixed offsets and the block
// partials are joined in the serial function's tree, so the result is
// bit-identical to pairwise_sum / compensated_sum / exact_sum of the range
// for every thread count. Threads are started per call.
// Example: seedkit::parallel_sum(v, seedkit::reduce_mode::pairwise, 4)
// Stability: equals the serial function of the mode, always.
template <class Range, std::enable_if_t<detail::is_contiguous_range<Range>::value, int> = 0>
detail::contiguous_value_t<Range> parallel_sum(const Range& r, reduce_mode mode, unsigned threads = 0) {
  using T = detail::contiguous_value_t<Range>;
  detail::check_value_type<T>();
  return detail::parallel_sum_threads<T>(std::data(r), std::size(r), mode, threads);
}
// The same for the pointer range [first, last).
// Stability: as the range form.
template <class T>
T parallel_sum(const T* first, const T* last, reduce_mode mode, unsigned threads = 0) {
  detail::check_value_type<T>();
  return detail::parallel_sum_threads<T>(first, static_cast<std::size_t>(last - first), mode, threads);
}

// The same with the caller's executor: executor(count, task) must call
// task(i) exactly once for every i in [0, count), on any threads in any
// order, and return when all calls have returned (task is callable as
// void(std::size_t); it does not throw). count is the number of 65536-term
// blocks (pairwise, compensated) or of 16-block groups (exact, whose result
// does not depend on the partition). OpenMP: [](std::size_t n, auto&& f) { _Pragma("omp parallel for")
// for (std::size_t i = 0; i < n; ++i) f(i); }.
// Stability: equals the serial function of the mode, always.
template <class Range, class Executor,
          std::enable_if_t<detail::is_contiguous_range<Range>::value &&
                               !std::is_integral<std::decay_t<Executor>>::value,
                           int> = 0>
detail::contiguous_value_t<Range> parallel_sum(const Range& r, reduce_mode mode, Executor&& executor) {
  using T = detail::contiguous_value_t<Range>;
  detail::check_value_type<T>();
  return detail::parallel_sum_blocks<T>(std::data(r), std::size(r), mode,
                                        [&](std::size_t count, const auto& task) { executor(count, task); });
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_REDUCE_HPP

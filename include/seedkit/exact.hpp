// seedkit/exact.hpp: exact sums: exact_accumulator and exact_sum.
//
// The exact sum of floats and doubles is the infinitely precise sum rounded
// once (to nearest, ties to even), so it has the same bits for any order of
// the input and any split of the work across threads, ranks or machines:
// accumulators merge exactly and travel as portable bytes (to_bytes). The accumulator's
// layout, the special-value rules and the serialized format are specified
// in docs/reductions.md ("Exact mode"); seedkit/reduce.hpp offers the same
// sum as reduce_mode::exact beside the pairwise and compensated ones.
#ifndef SEEDKIT_EXACT_HPP
#define SEEDKIT_EXACT_HPP

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t, std::uint64_t
#include <iterator>     // std::begin, std::end, std::data, std::size
#include <string>       // std::string, std::to_string (error messages)
#include <type_traits>  // std::enable_if_t, std::is_pointer
#include <vector>       // std::vector (serialized bytes)

#include "seedkit/config.hpp"
#include "seedkit/detail/encoding.hpp"
#include "seedkit/detail/ranges.hpp"
#include "seedkit/detail/reduce_exact.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE

// --- exact_accumulator -------------------------------------------------------

namespace detail {
struct exact_accumulator_access;
}  // namespace detail

// An exact running sum of floats and doubles: a 2176-bit fixed-point integer
// in units of 2^-1074 (the smallest subnormal) plus flags for NaN, the
// infinities and the sign of zero. add, merge and from_bytes never round,
// so the rounded result depends only on the multiset of terms added: any
// order, any grouping of merges, any split across threads, ranks or
// machines gives the same bits. Exact for up to 2^64 terms. sizeof is about
// 560 bytes; add(first, last) on 16384 or more contiguous terms briefly
// allocates 160 KiB for its binning tables (it falls back to the per-term
// path if that fails).
// Example:
//   seedkit::exact_accumulator acc;
//   acc.add(1e100); acc.add(1.0); acc.add(-1e100);
//   acc.to_double();  // 1.0
// Stability: format: versioned; every version of this major version stays readable.
class exact_accumulator {
 public:
  // Size in bytes of to_bytes()'s output, format version 1.
  static constexpr std::size_t byte_size = 8 + 67 * 4 + 8 + 8;
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

  // The state as byte_size bytes (format in docs/reductions.md):
  // "SKXA", version, flags, chunk count, the normalized fixed-point value
  // little-endian, and an FNV-1a 64 checksum of everything before it.
  // Throws seedkit::error for a state beyond top_limit (only more than 2^64
  // terms in all can reach it), whose bytes from_bytes would refuse.
  std::vector<std::uint8_t> to_bytes() const {
    detail::sum_superacc a = acc_;
    a.normalize();
    const std::int64_t top = a.chunk(detail::sum_superacc::chunk_count - 1);
    if (top > top_limit || top < -top_limit) {
      throw error("seedkit::exact_accumulator::to_bytes: the top chunk is " + std::to_string(top) +
                  ", beyond the accepted 2^40 in magnitude (more than 2^64 terms were added)");
    }
    std::vector<std::uint8_t> out;
    out.reserve(byte_size);
    out.insert(out.end(), {'S', 'K', 'X', 'A', format_version, flags_.bits});
    put_le(out, detail::sum_superacc::chunk_count, 2);
    for (std::size_t i = 0; i + 1 < detail::sum_superacc::chunk_count; ++i) {
      put_le(out, static_cast<std::uint64_t>(a.chunk(i)), 4);
    }
    put_le(out, static_cast<std::uint64_t>(a.chunk(detail::sum_superacc::chunk_count - 1)), 8);
    put_le(out, detail::fnv1a64(out.data(), out.size()), 8);
    return out;
  }

  // Reads what to_bytes() wrote. Throws seedkit::error, naming the problem
  // and what is accepted, for a wrong size, magic, version, flag bits, chunk
  // count, an out-of-range chunk, inconsistent flags, or a checksum
  // mismatch.
  static exact_accumulator from_bytes(const std::uint8_t* data, std::size_t size) {
    const std::string where = "seedkit::exact_accumulator::from_bytes: ";
    if (data == nullptr && size != 0) throw error(where + "null data pointer with nonzero size");
    if (size != byte_size) {
      throw error(where + "expected exactly " + std::to_string(byte_size) +
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
      throw error(where + "flag byte 0x" + detail::to_hex(f, 2) +
                  " has reserved bits set; only bits 0-4 are defined");
    }
    const std::uint64_t chunks = get_le(data + 6, 2);
    if (chunks != detail::sum_superacc::chunk_count) {
      throw error(where + "chunk count " + std::to_string(chunks) +
                  " does not match the expected " +
                  std::to_string(detail::sum_superacc::chunk_count));
    }
    const std::uint64_t sum = get_le(data + byte_size - 8, 8);
    if (sum != detail::fnv1a64(data, byte_size - 8)) {
      throw error(where +
                  "checksum mismatch: the data is corrupt or was not written by to_bytes()");
    }
    exact_accumulator r;
    std::size_t pos = 8;
    for (std::size_t i = 0; i + 1 < detail::sum_superacc::chunk_count; ++i, pos += 4) {
      r.acc_.set_chunk(i, static_cast<std::int64_t>(get_le(data + pos, 4)));
    }
    const std::int64_t top = static_cast<std::int64_t>(get_le(data + pos, 8));
    if (top > top_limit || top < -top_limit) {
      throw error(where + "top chunk " + std::to_string(top) +
                  " is out of range: accepted |top| <= 2^40 (2^64 terms up to DBL_MAX reach "
                  "about 2^18)");
    }
    r.acc_.set_chunk(detail::sum_superacc::chunk_count - 1, top);
    using sf = detail::special_flags;
    const bool terms = (f & sf::has_terms) != 0;
    const bool other = (f & sf::not_neg_zero) != 0;
    const bool special = (f & (sf::nan | sf::pos_inf | sf::neg_inf)) != 0;
    if ((other || special) && !terms) {
      throw error(where + "inconsistent flags 0x" + detail::to_hex(f, 2) +
                  ": NaN, infinity or nonzero-term bits require the has-terms bit (0x08)");
    }
    if (!r.acc_.is_zero() && !other) {
      throw error(where + "inconsistent flags 0x" + detail::to_hex(f, 2) +
                  ": a nonzero value requires the not-only-negative-zero bit (0x10)");
    }
    if (special && !other) {
      throw error(where + "inconsistent flags 0x" + detail::to_hex(f, 2) +
                  ": NaN or infinity bits require the not-only-negative-zero bit (0x10)");
    }
    r.flags_.bits = f;
    return r;
  }
  static exact_accumulator from_bytes(const std::vector<std::uint8_t>& bytes) {
    return from_bytes(bytes.data(), bytes.size());
  }

  // Equal exact values and equal special/zero flags.
  friend bool operator==(const exact_accumulator& a, const exact_accumulator& b) noexcept {
    return a.flags_.bits == b.flags_.bits && a.acc_ == b.acc_;
  }
  friend bool operator!=(const exact_accumulator& a, const exact_accumulator& b) noexcept {
    return !(a == b);
  }

 private:
  // The largest |top chunk| a state may have. The top chunk weighs 2^1070, so
  // 2^64 terms below 2^1024 each stay below 2^18 there; 2^40 leaves room for
  // merging 2^22 such states before the 64-bit chunk could overflow (merge
  // adds tops), and from_bytes refuses anything larger (docs/reductions.md).
  static constexpr std::int64_t top_limit = std::int64_t{1} << 40;

  static void put_le(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  static std::uint64_t get_le(const std::uint8_t* p, int bytes) noexcept {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= std::uint64_t{p[i]} << (8 * i);
    return v;
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

// The exact sum of [first, last) correctly rounded (to nearest, ties to
// even) to the value type, over the whole range from subnormals to
// DBL_MAX: any permutation of the input gives the same bits.
// Example: exact_sum(std::vector<double>{1e100, 1.0, -1e100}) == 1.0
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
detail::iter_value_t<InputIt> exact_sum(InputIt first, InputIt last) {
  using T = detail::iter_value_t<InputIt>;
  detail::check_value_type<T>();
  exact_accumulator acc;
  acc.add(first, last);
  return acc.round<T>();
}
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> exact_sum(const Range& r) {
  using T = detail::range_value_t<Range>;
  detail::check_value_type<T>();
  exact_accumulator acc;
  acc.add(r);
  return acc.round<T>();
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_EXACT_HPP

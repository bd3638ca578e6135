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
// Exact sums and their accumulator are in seedkit/exact.hpp, sums on several
// threads with these bits in seedkit/parallel.hpp.
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

#include <cmath>        // std::fma (exact products of floats)
#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint64_t
#include <iterator>     // std::begin, std::end, std::data, std::size, std::distance
#include <limits>       // std::numeric_limits (NaN of an empty mean)
#include <new>          // std::nothrow (the exact dot's bins)
#include <string>       // std::to_string (error messages)
#include <type_traits>  // std::enable_if_t, std::is_pointer, std::is_same, std::conditional_t

#include "seedkit/config.hpp"
#include "seedkit/detail/ranges.hpp"
#include "seedkit/detail/reduce_exact.hpp"
#include "seedkit/detail/reduce_kernels.hpp"
#include "seedkit/error.hpp"
#include "seedkit/exact.hpp"

SEEDKIT_BEGIN_NAMESPACE

// How a reduction orders (or avoids) its roundings; see the header comment.
// Stability: api: the interface is stable within a major version.
enum class reduce_mode { pairwise, compensated, exact };

namespace detail {

template <class T, class It>
T pairwise_iter(It first, It last) {
  if constexpr (std::is_pointer<It>::value) {
    const std::size_t n = static_cast<std::size_t>(last - first);
    return n == 0 ? T(0) : pairwise_contiguous<T>(first, n);
  } else {
    return pairwise_filled<T>(
        [&](T* buf, std::size_t max) { return read_terms(first, last, buf, max); });
  }
}

template <class T, class It>
T compensated_iter(It first, It last) {
  if constexpr (std::is_pointer<It>::value) {
    return compensated_contiguous<T>(first, static_cast<std::size_t>(last - first));
  } else {
    return compensated_filled<T>(
        false, [&](T* p, T*, std::size_t max) { return read_terms(first, last, p, max); });
  }
}

// --- exact products ---------------------------------------------------------

// Floats: the product of two floats is exact in double.
inline void exact_product_add(sum_superacc& acc, special_flags& flags, float x, float y) noexcept {
  exact_add_one(acc, flags, static_cast<double>(x) * static_cast<double>(y));
}

template <class T>
using exact_product_acc =
    std::conditional_t<std::is_same<T, double>::value, dot_superacc, sum_superacc>;
template <class T>
using exact_product_bins =
    std::conditional_t<std::is_same<T, double>::value, exact_binned_dot, exact_binned_sum>;

// An exact dot product fed pairs chunk by chunk: term by term until
// exact_bins_threshold pairs have arrived (or from the start when the
// expected count reaches it), through the large superaccumulator after
// that. Float products are exact in double and go to the sum's bins.
template <class T>
class exact_dot_feed {
 public:
  explicit exact_dot_feed(std::size_t expected) noexcept {
    if (expected >= exact_bins_threshold) start_bins();
  }
  ~exact_dot_feed() {
    delete bins_;
    delete split_;
  }
  exact_dot_feed(const exact_dot_feed&) = delete;
  exact_dot_feed& operator=(const exact_dot_feed&) = delete;

  void add(const T* x, const T* y, std::size_t n) noexcept {
    if (bins_ == nullptr && seen_ >= exact_bins_threshold) start_bins();
    seen_ += n;
    if constexpr (std::is_same<T, double>::value) {
      if (bins_ != nullptr) {
#if SEEDKIT_EXACT_DOT_SPLIT
        if (split_ != nullptr) {
          double p[pairwise_leaf_size], e[pairwise_leaf_size];
          for (std::size_t i = 0; i < n; i += pairwise_leaf_size) {
            const std::size_t m = n - i < pairwise_leaf_size ? n - i : pairwise_leaf_size;
            if (split_products(x + i, y + i, m, p, e)) {
              split_->add(p, m);
              split_->add(e, m);
            } else {
              bins_->add(x + i, y + i, m);
            }
          }
          return;
        }
#endif
        bins_->add(x, y, n);
      } else {
        for (std::size_t i = 0; i < n; ++i) exact_product_add(acc_, flags_, x[i], y[i]);
      }
    } else {
      double p[pairwise_leaf_size];
      for (std::size_t i = 0; i < n; i += pairwise_leaf_size) {
        const std::size_t m = n - i < pairwise_leaf_size ? n - i : pairwise_leaf_size;
        for (std::size_t j = 0; j < m; ++j) {
          p[j] = static_cast<double>(x[i + j]) * static_cast<double>(y[i + j]);  // exact
        }
        if (bins_ != nullptr) {
          bins_->add(p, m);
        } else {
          for (std::size_t j = 0; j < m; ++j) exact_add_one(acc_, flags_, p[j]);
        }
      }
    }
  }

  T result() noexcept {
    if (bins_ != nullptr) {
      bins_->finish(acc_, flags_);
      delete bins_;
      bins_ = nullptr;
    }
    if (split_ != nullptr) {  // doubles, multiples of 2^-1074: 1074 bits up in acc_
      split_->finish(acc_, flags_, 1074);
      delete split_;
      split_ = nullptr;
    }
    bool zero = false;
    const T r = acc_.template round<T>(zero);
    return flags_.resolve(r, zero);
  }

 private:
  void start_bins() noexcept {
    bins_ = new (std::nothrow) exact_product_bins<T>();
    if (bins_ != nullptr && !bins_->ok()) {
      delete bins_;
      bins_ = nullptr;
    }
    if (bins_ == nullptr) seen_ = 0;  // no memory: stay term by term
#if SEEDKIT_EXACT_DOT_SPLIT
    if (std::is_same<T, double>::value && bins_ != nullptr && split_products_available()) {
      split_ = new (std::nothrow) exact_binned_sum();
      if (split_ != nullptr && !split_->ok()) {
        delete split_;
        split_ = nullptr;  // the integer bins alone
      }
    }
#endif
  }

  exact_product_acc<T> acc_;
  special_flags flags_;
  exact_product_bins<T>* bins_ = nullptr;
  exact_binned_sum* split_ = nullptr;  // the split products (SEEDKIT_EXACT_DOT_SPLIT)
  std::size_t seen_ = 0;
};

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
      exact_dot_feed<T> feed(0);
      for (;;) {
        const std::size_t m = read(xs, ys, pairwise_leaf_size);
        feed.add(xs, ys, m);
        if (m < pairwise_leaf_size) break;
      }
      return feed.result();
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
      exact_dot_feed<T> feed(n);
      feed.add(x, y, n);
      return feed.result();
    }
  }
}

}  // namespace detail

// --- sums ---------------------------------------------------------------------

// The pairwise sum of [first, last) (float or double; accumulates in that
// type): leaves of 256 terms, 16 lanes per leaf (term i to lane i % 16,
// lanes summed in order from -0.0, then joined as a perfect binary tree),
// leaves joined by the binary-counter tree. Accepts input iterators.
// Example: seedkit::pairwise_sum(v.begin(), v.end())
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
detail::iter_value_t<InputIt> pairwise_sum(InputIt first, InputIt last) {
  using T = detail::iter_value_t<InputIt>;
  detail::check_value_type<T>();
  return detail::pairwise_iter<T>(first, last);
}
// The pairwise sum of a range (contiguous ranges skip the copy).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
detail::iter_value_t<InputIt> compensated_sum(InputIt first, InputIt last) {
  using T = detail::iter_value_t<InputIt>;
  detail::check_value_type<T>();
  return detail::compensated_iter<T>(first, last);
}
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> compensated_sum(const Range& r) {
  if constexpr (detail::is_contiguous_range<Range>::value) {
    const auto* p = std::data(r);
    return compensated_sum(p, p + std::size(r));
  } else {
    return compensated_sum(std::begin(r), std::end(r));
  }
}

// The sum of [first, last) in the given mode.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class InputIt, std::enable_if_t<detail::is_iterator<InputIt>::value, int> = 0>
detail::iter_value_t<InputIt> sum(InputIt first, InputIt last, reduce_mode mode) {
  switch (mode) {
    case reduce_mode::compensated:
      return compensated_sum(first, last);
    case reduce_mode::exact:
      return exact_sum(first, last);
    case reduce_mode::pairwise:
    default:
      return pairwise_sum(first, last);
  }
}
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class Range, std::enable_if_t<detail::is_range<Range>::value, int> = 0>
detail::range_value_t<Range> sum(const Range& r, reduce_mode mode) {
  switch (mode) {
    case reduce_mode::compensated:
      return compensated_sum(r);
    case reduce_mode::exact:
      return exact_sum(r);
    case reduce_mode::pairwise:
    default:
      return pairwise_sum(r);
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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class It1, class It2, std::enable_if_t<detail::is_iterator<It1>::value, int> = 0>
detail::iter_value_t<It1> dot(It1 first1, It1 last1, It2 first2,
                              reduce_mode mode = reduce_mode::pairwise) {
  using T = detail::iter_value_t<It1>;
  detail::check_value_type<T>();
  static_assert(std::is_same<T, detail::iter_value_t<It2>>::value,
                "dot takes two ranges of the same value type");
  if constexpr (std::is_pointer<It1>::value && std::is_pointer<It2>::value) {
    return detail::dot_contiguous<T>(mode, first1, first2,
                                     static_cast<std::size_t>(last1 - first1));
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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class FwdIt, std::enable_if_t<detail::is_iterator<FwdIt>::value, int> = 0>
detail::iter_value_t<FwdIt> mean(FwdIt first, FwdIt last,
                                 reduce_mode mode = reduce_mode::pairwise) {
  using T = detail::iter_value_t<FwdIt>;
  const auto n = std::distance(first, last);
  if (n == 0) return std::numeric_limits<T>::quiet_NaN();
  return sum(first, last, mode) / static_cast<T>(n);
}
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class FwdIt, std::enable_if_t<detail::is_iterator<FwdIt>::value, int> = 0>
detail::iter_value_t<FwdIt> variance(FwdIt first, FwdIt last,
                                     reduce_mode mode = reduce_mode::pairwise,
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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
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

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_REDUCE_HPP

// seedkit/detail/ranges.hpp: the iterator and range traits the reductions
// share (internal; C++17 has no <ranges>).
#ifndef SEEDKIT_DETAIL_RANGES_HPP
#define SEEDKIT_DETAIL_RANGES_HPP

#include <cstddef>      // std::size_t
#include <iterator>     // std::iterator_traits, std::begin, std::end, std::data, std::size
#include <type_traits>  // std::is_same, std::void_t, std::remove_cv_t
#include <utility>      // std::declval

#include "seedkit/config.hpp"

SEEDKIT_BEGIN_NAMESPACE
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

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_RANGES_HPP

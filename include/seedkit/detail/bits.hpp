// seedkit/detail/bits.hpp: IEEE 754 bit patterns of float and double.
#ifndef SEEDKIT_DETAIL_BITS_HPP
#define SEEDKIT_DETAIL_BITS_HPP

#include <cstdint>      // uint32_t, uint64_t
#include <cstring>      // memcpy
#include <type_traits>  // is_same, conditional_t

#include "seedkit/config.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

inline std::uint64_t to_bits(double x) noexcept {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
inline std::uint32_t to_bits(float x) noexcept {
  std::uint32_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

// The T (float or double) whose bit pattern is u.
template <class T>
inline T from_bits(std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t> u) noexcept {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value, "float or double");
  T x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_BITS_HPP

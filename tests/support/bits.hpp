// Test support: the bits of floating-point values, for bitwise comparisons.
#ifndef SEEDKIT_TESTS_SUPPORT_BITS_HPP
#define SEEDKIT_TESTS_SUPPORT_BITS_HPP

#include <cstdint>
#include <cstring>

namespace seedkit_test {

inline std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
inline std::uint32_t bits(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
inline double f64(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}
inline float f32(std::uint32_t b) {
  float x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

}  // namespace seedkit_test

#endif  // SEEDKIT_TESTS_SUPPORT_BITS_HPP

// seedkit/math.hpp: exp, log, log1p and expm1 with the same bits on every
// machine.
//
// A simulation that applies std::exp to a reproducible draw is libm-dependent
// again: glibc, musl, macOS, MSVC and CUDA's libdevice round differently in
// the last place, and a Monte-Carlo run that branches on the result diverges.
// seedkit::math computes these functions from IEEE + - * / alone (the
// operations every conforming platform rounds identically; see
// detail/portable_math.hpp for how products are kept from being fused), so
// their bits are fixed like a stream's: the same on g++ and clang++, any
// standard library, -O level, -march, -ffp-contract, and on x86-64, aarch64,
// ppc64le and s390x. The distributions already use exactly these functions.
//
// They are not correctly rounded. Measured against MPFR (tests/math, on
// inputs spread over each function's whole domain, docs/math.md): exp within
// 1.5 ulp, log within 2, log1p and expm1 within 3.5; the float overloads
// compute in double and round once, so they are within 0.5 ulp of float plus
// a double rounding (a correctly rounded float result in all but rare
// near-tie cases). sqrt needs no wrapper: std::sqrt is correctly rounded by
// IEEE 754 everywhere.
//
// Special values follow C's <math.h> (C11 F.10): NaN gives NaN, exp(-inf) = 0,
// exp(+inf) = +inf, log(0) = -inf, log(x < 0) = NaN, log1p(-1) = -inf,
// log1p(x < -1) = NaN, expm1(-inf) = -1; results that overflow are +inf and
// results below the smallest subnormal are 0. The sign of a zero argument is
// kept by log1p and expm1. errno and the floating-point exception flags are
// not set.
//
// The functions are in namespace seedkit::math so that `using namespace
// seedkit;` does not make a call to exp(x) ambiguous with <cmath>'s.
#ifndef SEEDKIT_MATH_HPP
#define SEEDKIT_MATH_HPP

#include <cstdint>  // int64_t
#include <limits>   // numeric_limits

#include "seedkit/config.hpp"
#include "seedkit/detail/portable_math.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace math {

// e^x. Bit-identical to the exp the distributions use on [-708, 709];
// beyond, the same polynomial scaled in two steps (so results near the
// overflow threshold stay finite, and subnormal results are rounded twice).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/math.md).
inline double exp(double x) noexcept {
  if (x >= -708.0 && x <= 709.0) return detail::portable_exp(x);
  if (detail::is_nan(x)) return x;
  if (x > 710.0) return std::numeric_limits<double>::infinity();
  if (x < -746.0) return 0.0;
  std::int64_t k = 0;
  const double p = detail::exp_reduced(x, k);  // k in [-1076, 1024]
  if (k > 0) return detail::fp_mul(detail::fp_mul(p, detail::pow2(k - 2)), 4.0);
  return detail::fp_mul(detail::fp_mul(p, detail::pow2(k + 64)), 0x1p-64);
}

// The natural logarithm, over the whole double range (subnormals included).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/math.md).
inline double log(double x) noexcept { return detail::portable_log(x); }

// log(1 + x), accurate for small x: with u = 1 + x rounded, log(u) scaled by
// x / (u - 1) (u - 1 is exact, so the factor corrects the rounding of 1 + x;
// D. Goldberg, "What every computer scientist should know about
// floating-point arithmetic", ACM Computing Surveys 23(1), 1991, theorem 4).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/math.md).
inline double log1p(double x) noexcept {
  if (detail::is_nan(x)) return x;
  if (x < -1.0) return std::numeric_limits<double>::quiet_NaN();
  if (x == -1.0) return -std::numeric_limits<double>::infinity();
  if (!detail::is_finite(x)) return x;  // +inf
  const double u = 1.0 + x;
  if (u == 1.0) return x;  // |x| < 2^-53: log1p(x) rounds to x (keeps -0)
  return detail::fp_mul(log(u), x / (u - 1.0));
}

// e^x - 1, accurate for small x: with u = e^x, (u - 1) scaled by x / log(u)
// (W. Kahan's method; N. J. Higham, "Accuracy and Stability of Numerical
// Algorithms", 2nd ed., SIAM 2002, section 1.14.1).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/math.md).
inline double expm1(double x) noexcept {
  if (detail::is_nan(x)) return x;
  if (x > 710.0) return std::numeric_limits<double>::infinity();
  if (x < -40.0) return -1.0;  // e^x < 2^-57: -1 + e^x rounds to -1
  const double u = exp(x);
  if (u == 1.0) return x;  // |x| < 2^-54 (keeps -0)
  if (!detail::is_finite(u)) return u;
  const double um1 = u - 1.0;
  if (um1 == -1.0) return -1.0;
  return detail::fp_mul(um1, x / log(u));
}

// The float overloads: the double function, rounded once to float.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/math.md).
inline float exp(float x) noexcept { return detail::round_to_float(exp(static_cast<double>(x))); }
inline float log(float x) noexcept { return detail::round_to_float(log(static_cast<double>(x))); }
inline float log1p(float x) noexcept {
  return detail::round_to_float(log1p(static_cast<double>(x)));
}
inline float expm1(float x) noexcept {
  return detail::round_to_float(expm1(static_cast<double>(x)));
}

}  // namespace math
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_MATH_HPP

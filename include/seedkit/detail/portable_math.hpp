// seedkit/detail/portable_math.hpp: floating-point building blocks whose bits
// do not depend on the compiler, its flags or the platform's libm.
//
// Every function here is a fixed sequence of IEEE 754 binary64 (or binary32)
// operations that are correctly rounded to nearest-even: + - * / and
// conversions between integers and floating point. No libm call, no std::fma.
// The one hazard left is the compiler contracting a*b+c into a fused
// multiply-add (GCC and Clang do it with -ffp-contract=fast whenever the
// target has an FMA instruction, across statements); fp_mul() makes every
// product that later meets an addition opaque to the optimiser, so it is
// rounded on its own, exactly as written. Python's float arithmetic performs
// the same operations, which is how tests/reference/distributions.py
// reproduces these bits.
//
// Under -ffast-math (SEEDKIT_FAST_MATH) the compiler may reassociate and
// approximate; nothing here promises bit-identity in that mode.
#ifndef SEEDKIT_DETAIL_PORTABLE_MATH_HPP
#define SEEDKIT_DETAIL_PORTABLE_MATH_HPP

#include <cfloat>   // DBL_MAX, FLT_EVAL_METHOD
#include <cstdint>  // uint32_t, uint64_t, int64_t
#include <cstring>  // memcpy
#include <limits>   // numeric_limits

#include "seedkit/config.hpp"
#include "seedkit/detail/bits.hpp"

#if !SEEDKIT_FAST_MATH && defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#  error \
      "seedkit's portable distributions need FLT_EVAL_METHOD == 0 (SSE2 math on x86: -mfpmath=sse)"
#endif

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

static_assert(std::numeric_limits<double>::is_iec559 && std::numeric_limits<float>::is_iec559,
              "seedkit's portable distributions need IEEE 754 binary32 and binary64");

// x, unchanged, but hidden from the optimiser: it must materialise x as an
// already-rounded value and cannot fuse the operation that produced it into
// a later addition. Costs no instruction.
template <class T>
SEEDKIT_FORCE_INLINE T fp_opaque(T x) noexcept {
#if SEEDKIT_GNU_EXTENSIONS
#  if SEEDKIT_ARCH_X86
  __asm__("" : "+x"(x));
#  elif SEEDKIT_ARCH_ARM
  __asm__("" : "+w"(x));
#  else
  __asm__("" : "+m"(x));
#  endif
  return x;
#else
  // MSVC contracts only under /fp:contract or /fp:fast; the volatile round
  // trip holds even then.
  volatile T v = x;
  return v;
#endif
}

// a * b, rounded to nearest, never fused with a following + or -.
template <class T>
SEEDKIT_FORCE_INLINE T fp_mul(T a, T b) noexcept {
  return fp_opaque(a * b);
}

// IEEE bit patterns, and classification that survives -ffinite-math-only.
inline bool is_nan(double x) noexcept {
  return (to_bits(x) & 0x7fffffffffffffffu) > 0x7ff0000000000000u;
}
inline bool is_finite(double x) noexcept {
  return (to_bits(x) & 0x7ff0000000000000u) != 0x7ff0000000000000u;
}
inline bool is_nan(float x) noexcept { return (to_bits(x) & 0x7fffffffu) > 0x7f800000u; }
inline bool is_finite(float x) noexcept { return (to_bits(x) & 0x7f800000u) != 0x7f800000u; }

// The largest double below x, for finite x > -DBL_MAX (bit arithmetic only).
inline double next_below(double x) noexcept {
  if (x == 0.0) return -std::numeric_limits<double>::denorm_min();
  const std::uint64_t u = to_bits(x);
  return from_bits<double>(x > 0.0 ? u - 1 : u + 1);
}
inline float next_below(float x) noexcept {
  if (x == 0.0f) return -std::numeric_limits<float>::denorm_min();
  std::uint32_t u = to_bits(x);
  u = x > 0.0f ? u - 1 : u + 1;
  float y;
  std::memcpy(&y, &u, sizeof y);
  return y;
}

// The top 53 bits of w as a double in [0, 1): (w >> 11) * 2^-53 (exact).
SEEDKIT_FORCE_INLINE double unit_closed_open(std::uint64_t w) noexcept {
  return static_cast<double>(w >> 11) * 0x1p-53;
}
// The top 53 bits of w as a double in (0, 1]: ((w >> 11) + 1) * 2^-53 (exact).
SEEDKIT_FORCE_INLINE double unit_open_closed(std::uint64_t w) noexcept {
  return static_cast<double>((w >> 11) + 1) * 0x1p-53;
}
// The top 24 bits of w as a float in [0, 1): (w >> 8) * 2^-24 (exact).
SEEDKIT_FORCE_INLINE float unit_closed_open(std::uint32_t w) noexcept {
  return static_cast<float>(w >> 8) * 0x1p-24f;
}

// The core of exp(x) for finite x in [-746, 710]: returns p with
// exp(x) = p * 2^k (p in about [0.7, 1.42]). Specification (every step
// rounded to nearest):
//   t  = fp_mul(x, 0x1.71547652b82fep+0) (x / ln 2)
//   kd = (t + 0x1.8p52) - 0x1.8p52       (t rounded to an integer, ties even)
//   r  = (x - kd * LN2_HI) - kd * LN2_LO (LN2_HI = 0x1.62e42fee00000p-1 has
//                                         32 trailing zeros: kd * LN2_HI exact)
//   p  = Horner in r over 1/k!, k = 13 down to 0: p = c[k] + r * p
//   k  = kd
inline double exp_reduced(double x, std::int64_t& k) noexcept {
  constexpr double inv_ln2 = 0x1.71547652b82fep+0;
  constexpr double ln2_hi = 0x1.62e42fee00000p-1;
  constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  constexpr double round_magic = 0x1.8p52;
  constexpr double c[14] = {0x1.0000000000000p+0,  0x1.0000000000000p+0,  0x1.0000000000000p-1,
                            0x1.5555555555555p-3,  0x1.5555555555555p-5,  0x1.1111111111111p-7,
                            0x1.6c16c16c16c17p-10, 0x1.a01a01a01a01ap-13, 0x1.a01a01a01a01ap-16,
                            0x1.71de3a556c734p-19, 0x1.27e4fb7789f5cp-22, 0x1.ae64567f544e4p-26,
                            0x1.1eed8eff8d898p-29, 0x1.6124613a86d09p-33};
  const double t = fp_mul(x, inv_ln2);
  const double kd = fp_opaque(t + round_magic) - round_magic;
  const double r = (x - fp_mul(kd, ln2_hi)) - fp_mul(kd, ln2_lo);
  double p = c[13];
  for (int i = 12; i >= 0; --i) p = c[i] + fp_mul(r, p);
  k = static_cast<std::int64_t>(kd);
  return p;
}

// 2^k for k in [-1022, 1023], from its bit pattern.
inline double pow2(std::int64_t k) noexcept {
  return from_bits<double>(static_cast<std::uint64_t>(k + 1023) << 52);
}

// exp(x) for x in [-708, 709], from + - * and a power-of-two scaling, with
// an error of a few ulp: p * 2^k with p and k from exp_reduced (one rounded
// multiplication, exact here: the result is a normal number).
// Outside [-708, 709]: 0 below, +inf above; NaN gives NaN. The distributions
// use this form (their bits are pinned); seedkit::math::exp extends it to the
// whole double range.
inline double portable_exp(double x) noexcept {
  if (!(x >= -708.0)) return is_nan(x) ? x : 0.0;
  if (x > 709.0) return std::numeric_limits<double>::infinity();
  std::int64_t k = 0;
  const double p = exp_reduced(x, k);  // k in [-1022, 1023]
  return fp_mul(p, pow2(k));
}

// log(x) for finite x > 0, from + - * / and exponent extraction, with an
// error of a few ulp. Specification (every step rounded to nearest):
//   subnormal x is first multiplied by 2^54 (exact) and e starts at -54;
//   x = m * 2^e with m in [1, 2) (bit fields); if m > sqrt(2)
//   (0x1.6a09e667f3bcdp+0) then m = m / 2, e = e + 1;
//   f = m - 1 (exact); s = f / (2 + f); z = s * s;
//   R = z * (c1 + z * (c2 + ... + z * c10)) with c_k = 1/(2k+1) rounded
//       (Horner from c10 inward);
//   logm = 2s + 2s * R;
//   result = e * LN2_HI + (e * LN2_LO + logm).
// x == 0 gives -inf, x < 0 or NaN gives NaN, +inf gives +inf.
inline double portable_log(double x) noexcept {
  if (!(x > 0.0)) {
    return x == 0.0 ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::quiet_NaN();
  }
  if (!is_finite(x)) return x;
  constexpr double ln2_hi = 0x1.62e42fee00000p-1;
  constexpr double ln2_lo = 0x1.a39ef35793c76p-33;
  constexpr double sqrt2 = 0x1.6a09e667f3bcdp+0;
  constexpr double c[11] = {0.0,
                            0x1.5555555555555p-2,
                            0x1.999999999999ap-3,
                            0x1.2492492492492p-3,
                            0x1.c71c71c71c71cp-4,
                            0x1.745d1745d1746p-4,
                            0x1.3b13b13b13b14p-4,
                            0x1.1111111111111p-4,
                            0x1.e1e1e1e1e1e1ep-5,
                            0x1.af286bca1af28p-5,
                            0x1.8618618618618p-5};
  std::int64_t e = 0;
  if (x < 0x1p-1022) {
    x = x * 0x1p54;
    e = -54;
  }
  const std::uint64_t u = to_bits(x);
  e += static_cast<std::int64_t>((u >> 52) & 0x7ff) - 1023;
  double m = from_bits<double>((u & 0x000fffffffffffffu) | 0x3ff0000000000000u);
  if (m > sqrt2) {
    m = m * 0.5;
    e += 1;
  }
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = fp_mul(s, s);
  double p = c[10];
  for (int k = 9; k >= 1; --k) p = c[k] + fp_mul(z, p);
  const double big_r = fp_mul(z, p);
  const double s2 = s + s;
  const double logm = s2 + fp_mul(s2, big_r);
  const auto ed = static_cast<double>(e);
  return fp_mul(ed, ln2_hi) + (fp_mul(ed, ln2_lo) + logm);
}

// x rounded to float, to nearest-even, with +-inf beyond FLT_MAX's rounding
// boundary (a C++ conversion of an out-of-range double is undefined).
inline float round_to_float(double x) noexcept {
  constexpr double overflow = 0x1.ffffffp127;  // FLT_MAX + half an ulp
  if (x >= overflow) return std::numeric_limits<float>::infinity();
  if (x <= -overflow) return -std::numeric_limits<float>::infinity();
  if (x > 0x1.fffffep127) return 0x1.fffffep127f;
  if (x < -0x1.fffffep127) return -0x1.fffffep127f;
  return static_cast<float>(x);
}

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_PORTABLE_MATH_HPP

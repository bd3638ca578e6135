// seedkit/distributions.hpp: distributions that give the same bits everywhere.
//
// The standard library fixes its engines but not its distributions
// ([rand.dist.general]/3): std::normal_distribution, std::uniform_int_distribution
// and friends give different values under libstdc++, libc++ and MSVC. The
// distributions here are specified down to the bit (docs/distributions.md):
// which generator words a draw consumes, how they are combined, every
// rejection rule and every floating-point operation. For a given generator
// state they return the same values under any conforming compiler, standard
// library, optimisation level, -march and -ffp-contract setting, in C++17 and
// C++20. They use no libm: the logarithm and exponential they need are
// seedkit's own (detail/portable_math.hpp), built from correctly rounded
// + - * /, with every product kept out of the compiler's reach for FMA
// contraction. Under -ffast-math (SEEDKIT_FAST_MATH) bit-identity of the
// floating-point results is not promised; distributions_bit_identical says so.
//
// Generators: any UniformRandomBitGenerator with min() == 0 and max() equal to
// 2^32 - 1 or 2^64 - 1 (seedkit::philox4x32, seedkit::philox4x64,
// seedkit::splitmix64, seedkit::stream, std::mt19937, std::mt19937_64).
// Draws are built from two primitives:
//   a 32-bit word: one call of a 32-bit generator; the high 32 bits of one
//                  call of a 64-bit generator;
//   a 64-bit word: one call of a 64-bit generator; two calls of a 32-bit
//                  generator, the first giving the high 32 bits.
// Other generators (std::minstd_rand, std::ranlux24) are rejected by a
// static_assert; adapt them with std::independent_bits_engine.
//
// Bad parameters throw seedkit::error from the constructor, with a message
// that names the parameter, its value and what is accepted. Draws have no
// preconditions and never throw.
#ifndef SEEDKIT_DISTRIBUTIONS_HPP
#define SEEDKIT_DISTRIBUTIONS_HPP

#include <cstddef>           // size_t
#include <cstdint>           // uint32_t, uint64_t, int64_t
#include <cstdio>            // snprintf
#include <initializer_list>  // initializer_list
#include <limits>            // numeric_limits
#include <string>            // string, to_string
#include <type_traits>       // is_same, is_integral, is_unsigned, conditional_t
#include <utility>           // move
#include <vector>            // vector

#include "seedkit/config.hpp"
#include "seedkit/detail/philox_core.hpp"
#include "seedkit/detail/portable_math.hpp"
#include "seedkit/detail/ziggurat_tables.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE

// True when seedkit's floating-point distributions keep their bit-identity
// promise in this translation unit: false under -ffast-math (-Ofast,
// -ffinite-math-only and friends define __FAST_MATH__). Integer results
// (uniform_int, bernoulli, discrete, dropout_mask, shuffle, sample) are exact
// in every mode. The environment fingerprint reports this constant.
// Stability: api: the interface is stable within a major version.
inline constexpr bool distributions_bit_identical = (SEEDKIT_FAST_MATH == 0);

namespace detail {

// The word width of a generator: 32 or 64; anything else fails to compile.
template <class G>
struct urbg_word_bits {
  using engine = std::remove_cv_t<std::remove_reference_t<G>>;
  using result = typename engine::result_type;
  static_assert(std::is_unsigned<result>::value,
                "seedkit distributions need a UniformRandomBitGenerator (unsigned result_type)");
  static_assert(engine::min() == 0 &&
                    (static_cast<std::uint64_t>(engine::max()) == 0xffffffffu ||
                     static_cast<std::uint64_t>(engine::max()) == ~std::uint64_t{0}),
                "seedkit distributions need a generator with min() == 0 and max() == 2^32-1 or "
                "2^64-1; wrap others in std::independent_bits_engine<G, 32, std::uint32_t>");
  static constexpr int value = static_cast<std::uint64_t>(engine::max()) == 0xffffffffu ? 32 : 64;
};

// One 32-bit word (see the header comment).
template <class G>
SEEDKIT_FORCE_INLINE std::uint32_t bits32(G& g) {
  if constexpr (urbg_word_bits<G>::value == 32) {
    return static_cast<std::uint32_t>(g());
  } else {
    return static_cast<std::uint32_t>(static_cast<std::uint64_t>(g()) >> 32);
  }
}

// One 64-bit word (see the header comment).
template <class G>
SEEDKIT_FORCE_INLINE std::uint64_t bits64(G& g) {
  if constexpr (urbg_word_bits<G>::value == 64) {
    return static_cast<std::uint64_t>(g());
  } else {
    const auto hi = static_cast<std::uint64_t>(static_cast<std::uint32_t>(g()));
    const auto lo = static_cast<std::uint64_t>(static_cast<std::uint32_t>(g()));
    return (hi << 32) | lo;
  }
}

// A uniform integer in [0, range], by Lemire's nearly divisionless method
// ("Fast random integer generation in an interval", ACM TOMACS 2019), on the
// generator's own word width:
//   32-bit generator and range < 2^32: s = range + 1; repeat x = 32-bit
//                 word, m = x * s (64-bit) while (m mod 2^32) < (2^32 - s)
//                 mod s; return m >> 32 (range = 2^32 - 1, s = 2^32: the
//                 word itself).
//   otherwise (64-bit generator, or range >= 2^32): the same with 64-bit
//                 words and a 128-bit product (range = 2^64 - 1: the 64-bit
//                 word itself).
// The threshold (2^w - s) mod s is computed only when m mod 2^w < s, so the
// common draw has no division. Consumes one word plus one per rejection.
template <class G>
SEEDKIT_FORCE_INLINE std::uint64_t uniform_below_or_equal(G& g, std::uint64_t range) {
  if (urbg_word_bits<G>::value == 32 && range <= 0xffffffffu) {
    const std::uint64_t s = range + 1;  // in [1, 2^32]
    std::uint64_t m = std::uint64_t{bits32(g)} * s;
    if ((m & 0xffffffffu) < s) {
      const std::uint64_t t = ((std::uint64_t{1} << 32) - s) % s;
      while ((m & 0xffffffffu) < t) m = std::uint64_t{bits32(g)} * s;
    }
    return m >> 32;
  }
  if (range == ~std::uint64_t{0}) return bits64(g);
  const std::uint64_t s = range + 1;
  std::uint64_t hi = 0;
  std::uint64_t lo = mulhilo<64>(bits64(g), s, hi);
  if (lo < s) {
    const std::uint64_t t = (std::uint64_t{0} - s) % s;  // (2^64 - s) mod s; wraps by design
    while (lo < t) lo = mulhilo<64>(bits64(g), s, hi);
  }
  return hi;
}

// ceil(p * 2^64) for p in [0, 1): the threshold t with (w < t) <=> (w / 2^64 < p)
// for every 64-bit w.
inline std::uint64_t probability_threshold(double p) noexcept {
  const double x = p * 0x1p64;  // exact: a power-of-two scaling
  auto t = static_cast<std::uint64_t>(x);
  if (static_cast<double>(t) != x) ++t;  // x < 2^53 here, so the conversion is exact
  return t;
}

// "%.17g": enough digits to name any double exactly.
inline std::string format_real(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

[[noreturn]] inline void throw_error(const std::string& message) { throw seedkit::error(message); }

// Refuses a (mean, stddev) whose draws mean + stddev * z could overflow
// RealType: |z| < 16 always (the ziggurat tail's uniforms are at least
// 2^-53, so |z| <= r + 10.1), so every draw is finite when |mean| + 16 stddev
// is. `who` names the distribution in the message.
template <class RealType>
void require_finite_draws(const char* who, RealType mean, RealType stddev) {
  const double m = static_cast<double>(mean);
  const double room = static_cast<double>(std::numeric_limits<RealType>::max()) - (m < 0 ? -m : m);
  if (static_cast<double>(stddev) > room / 16) {
    throw_error(std::string(who) + ": stddev = " + format_real(stddev) +
                " with mean = " + format_real(mean) +
                " is not accepted: draws could overflow to infinity; |mean| + 16 stddev must not "
                "exceed the largest finite value of the type");
  }
}

// The 256-layer ziggurat for a standard normal (docs/distributions.md).
// Word w: layer i = w & 0xff, sign = bit 8 (1: negative), u = top 53 bits.
// standard_normal_from continues from a word w whose fast test failed (the
// wedge and tail, about 1.5% of draws), drawing further words as needed:
// kept out of line, so that the fast path inlines into the caller.
template <class G>
#if SEEDKIT_GNU_EXTENSIONS
__attribute__((noinline))
#endif
double
standard_normal_from(G& g, std::uint64_t w) {
  constexpr const double* xs = ziggurat_normal_x;
  constexpr const double* ys = ziggurat_normal_y;
  for (;; w = bits64(g)) {
    const auto i = static_cast<std::size_t>(w & 0xffu);
    // The sign, bit 8 of w, goes straight into the sign bit (negation is
    // exact): no unpredictable branch.
    const std::uint64_t sign = (w << 55) & 0x8000000000000000u;
    const double x = fp_mul(unit_closed_open(w), xs[i]);
    if (x < xs[i + 1]) return from_bits<double>(to_bits(x) ^ sign);
    if (i == 0) {
      // The tail beyond r (Marsaglia 1964): a = -log(u1) / r, b = -log(u2),
      // accept r + a when 2b > a^2; u1, u2 in (0, 1] from fresh 64-bit words.
      constexpr double r = ziggurat_normal_r;
      for (;;) {
        const double a = -portable_log(unit_open_closed(bits64(g))) / r;
        const double b = -portable_log(unit_open_closed(bits64(g)));
        if (b + b > fp_mul(a, a)) return from_bits<double>(to_bits(r + a) ^ sign);
      }
    }
    const double y = ys[i] + fp_mul(ys[i + 1] - ys[i], unit_closed_open(bits64(g)));
    if (y < portable_exp(fp_mul(-0.5, fp_mul(x, x)))) return from_bits<double>(to_bits(x) ^ sign);
  }
}

template <class G>
SEEDKIT_FORCE_INLINE double standard_normal(G& g) {
  const std::uint64_t w = bits64(g);
  const auto i = static_cast<std::size_t>(w & 0xffu);
  const double x = fp_mul(unit_closed_open(w), ziggurat_normal_x[i]);
  if (x < ziggurat_normal_x[i + 1]) {
    return from_bits<double>(to_bits(x) ^ ((w << 55) & 0x8000000000000000u));
  }
  return standard_normal_from(g, w);
}

// The 256-layer ziggurat for a standard exponential. Word w: layer
// i = w & 0xff, u = top 53 bits (bits 8..10 unused). The tail beyond r is
// r plus a fresh standard exponential (memorylessness).
// standard_exponential_from continues from a word w whose fast test failed
// (out of line, as for the normal).
template <class G>
#if SEEDKIT_GNU_EXTENSIONS
__attribute__((noinline))
#endif
double
standard_exponential_from(G& g, std::uint64_t w) {
  constexpr const double* xs = ziggurat_exponential_x;
  constexpr const double* ys = ziggurat_exponential_y;
  double offset = 0.0;
  for (;; w = bits64(g)) {
    const auto i = static_cast<std::size_t>(w & 0xffu);
    const double x = fp_mul(unit_closed_open(w), xs[i]);
    if (x < xs[i + 1]) return offset + x;
    if (i == 0) {
      offset = offset + ziggurat_exponential_r;
      continue;
    }
    const double y = ys[i] + fp_mul(ys[i + 1] - ys[i], unit_closed_open(bits64(g)));
    if (y < portable_exp(-x)) return offset + x;
  }
}

template <class G>
SEEDKIT_FORCE_INLINE double standard_exponential(G& g) {
  const std::uint64_t w = bits64(g);
  const auto i = static_cast<std::size_t>(w & 0xffu);
  const double x = fp_mul(unit_closed_open(w), ziggurat_exponential_x[i]);
  if (x < ziggurat_exponential_x[i + 1]) return x;  // offset + x with offset 0: x
  return standard_exponential_from(g, w);
}

template <class T>
inline constexpr bool is_float_or_double =
    std::is_same<T, float>::value || std::is_same<T, double>::value;

// Checks weights for discrete and the weighted samplers: non-empty, each
// finite and >= 0, a positive finite sum (left to right). Returns the sum.
inline double check_weights(const std::vector<double>& w, const char* who) {
  if (w.empty()) {
    throw_error(std::string(who) +
                ": weights is empty; give at least one finite, non-negative weight");
  }
  double sum = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (is_nan(w[i]) || !(w[i] >= 0.0) || !is_finite(w[i])) {
      throw_error(std::string(who) + ": weights[" + std::to_string(i) + "] = " + format_real(w[i]) +
                  " is " + (is_nan(w[i]) ? "NaN" : (w[i] < 0.0 ? "negative" : "infinite")) +
                  "; each weight must be finite and >= 0");
    }
    sum = sum + w[i];
  }
  if (sum == 0.0) {
    throw_error(std::string(who) + ": all " + std::to_string(w.size()) +
                " weights are zero; at least one weight must be positive");
  }
  if (!is_finite(sum)) {
    throw_error(std::string(who) +
                ": the weights sum to infinity; scale them down so their sum is finite");
  }
  return sum;
}

}  // namespace detail

// uniform_int<IntType>(a, b): integers uniform on the closed interval [a, b],
// exactly unbiased for any range up to the full 64 bits.
// Algorithm: a + detail::uniform_below_or_equal(g, b - a): Lemire's nearly
// divisionless method on 32-bit words for a 32-bit generator when
// b - a < 2^32, on 64-bit words otherwise (always for a 64-bit generator).
// Consumes one word plus one per rejection (a rejection has probability
// below s / 2^w; for s = 1000 on 32-bit words about 2.3e-7).
// Throws seedkit::error if a > b. IntType: any integer type except bool, up
// to 64 bits.
// Example:
//   seedkit::uniform_int<int> die(1, 6);
//   int roll = die(engine);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class IntType = int>
class uniform_int {
  static_assert(std::is_integral<IntType>::value && !std::is_same<IntType, bool>::value &&
                    sizeof(IntType) <= 8,
                "uniform_int needs an integer type of at most 64 bits (not bool)");
  using wide = std::conditional_t<std::is_signed<IntType>::value, std::int64_t, std::uint64_t>;

 public:
  using result_type = IntType;

  explicit uniform_int(IntType a = 0, IntType b = std::numeric_limits<IntType>::max())
      : a_(a), b_(b) {
    if (a > b) {
      detail::throw_error("seedkit::uniform_int: a = " + std::to_string(static_cast<wide>(a)) +
                          " is greater than b = " + std::to_string(static_cast<wide>(b)) +
                          "; the interval [a, b] needs a <= b");
    }
    range_ = static_cast<std::uint64_t>(static_cast<wide>(b)) -
             static_cast<std::uint64_t>(static_cast<wide>(a));  // wraps by design
  }

  IntType a() const noexcept { return a_; }
  IntType b() const noexcept { return b_; }
  IntType min() const noexcept { return a_; }
  IntType max() const noexcept { return b_; }

  template <class G>
  IntType operator()(G& g) const {
    const std::uint64_t offset = detail::uniform_below_or_equal(g, range_);
    return static_cast<IntType>(
        static_cast<wide>(static_cast<std::uint64_t>(static_cast<wide>(a_)) + offset));
  }

 private:
  IntType a_;
  IntType b_;
  std::uint64_t range_ = 0;
};

// uniform_real<RealType>(a, b): reals uniform on the half-open [a, b).
// double: u = (64-bit word >> 11) * 2^-53, the 53 high bits (a multiple of
// 2^-53 in [0, 1)); float: u = (32-bit word >> 8) * 2^-24, the 24 high bits.
// Result x = a + (b - a) * u, each operation rounded to nearest in RealType
// (no FMA); if rounding gives x >= b, x is the largest value below b.
// Consumes exactly one word. For [0, 1) the result is u itself.
// Throws seedkit::error unless a and b are finite, a < b and b - a is finite.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class RealType = double>
class uniform_real {
  static_assert(detail::is_float_or_double<RealType>, "uniform_real supports float and double");

 public:
  using result_type = RealType;

  explicit uniform_real(RealType a = 0, RealType b = 1) : a_(a), b_(b), width_(b - a) {
    if (!detail::is_finite(a) || !detail::is_finite(b) || !(a < b) || !detail::is_finite(width_)) {
      detail::throw_error("seedkit::uniform_real: [a, b) = [" + detail::format_real(a) + ", " +
                          detail::format_real(b) +
                          ") is not accepted; a and b must be finite with a < b and b - a finite");
    }
  }

  RealType a() const noexcept { return a_; }
  RealType b() const noexcept { return b_; }

  template <class G>
  RealType operator()(G& g) const {
    RealType u;
    if constexpr (std::is_same<RealType, double>::value) {
      u = detail::unit_closed_open(detail::bits64(g));
    } else {
      u = detail::unit_closed_open(detail::bits32(g));
    }
    if (unit_) return u;  // 0 + 1 * u == u exactly, and u < 1
    const RealType x = a_ + detail::fp_mul(width_, u);
    return x < b_ ? x : detail::next_below(b_);
  }

 private:
  RealType a_;
  RealType b_;
  RealType width_;
  bool unit_ = (a_ == 0 && b_ == 1);
};

// bernoulli(p): true with probability p.
// Draw: one 64-bit word w; true iff w / 2^64 < p, computed exactly as
// w < ceil(p * 2^64) (p = 1: always true). Consumes exactly one 64-bit word.
// Throws seedkit::error if p is NaN or outside [0, 1].
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
class bernoulli {
 public:
  using result_type = bool;

  explicit bernoulli(double p = 0.5) : p_(p) {
    if (detail::is_nan(p) || !(p >= 0.0 && p <= 1.0)) {
      detail::throw_error("seedkit::bernoulli: p = " + detail::format_real(p) +
                          " is not a probability; p must be in [0, 1]");
    }
    always_ = (p == 1.0);
    threshold_ = always_ ? 0 : detail::probability_threshold(p);
  }

  double p() const noexcept { return p_; }

  template <class G>
  bool operator()(G& g) const {
    const std::uint64_t w = detail::bits64(g);
    return always_ || w < threshold_;
  }

 private:
  double p_;
  std::uint64_t threshold_ = 0;
  bool always_ = false;
};

// normal<RealType>(mean, stddev): the normal (Gaussian) distribution.
// z is a standard normal from the 256-layer ziggurat (Marsaglia and Tsang
// 2000, with Doornik's 2005 fix: layer and uniform from disjoint bits),
// tables in detail/ziggurat_tables.hpp; result mean + stddev * z computed in
// double (product rounded, then sum rounded), then rounded to RealType.
// Consumes one 64-bit word with probability about 0.98, more on the rare
// wedge and tail paths (docs/distributions.md gives the exact rules).
// Throws seedkit::error unless mean is finite, stddev is finite and >= 0,
// and |mean| + 16 stddev is finite in RealType (|z| < 16 always, so no draw
// overflows).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class RealType = double>
class normal {
  static_assert(detail::is_float_or_double<RealType>, "normal supports float and double");

 public:
  using result_type = RealType;

  explicit normal(RealType mean = 0, RealType stddev = 1) : mean_(mean), stddev_(stddev) {
    if (!detail::is_finite(mean)) {
      detail::throw_error("seedkit::normal: mean = " + detail::format_real(mean) +
                          " is not accepted; mean must be finite");
    }
    if (detail::is_nan(stddev) || !(stddev >= 0) || !detail::is_finite(stddev)) {
      detail::throw_error("seedkit::normal: stddev = " + detail::format_real(stddev) +
                          " is not accepted; stddev must be finite and >= 0");
    }
    detail::require_finite_draws("seedkit::normal", mean, stddev);
  }

  RealType mean() const noexcept { return mean_; }
  RealType stddev() const noexcept { return stddev_; }

  template <class G>
  RealType operator()(G& g) const {
    const double z = detail::standard_normal(g);
    return static_cast<RealType>(static_cast<double>(mean_) +
                                 detail::fp_mul(static_cast<double>(stddev_), z));
  }

 private:
  RealType mean_;
  RealType stddev_;
};

// truncated_normal<RealType>(mean, stddev, lo, hi): a normal(mean, stddev)
// restricted to [lo, hi], as used for weight initialisation (the defaults
// are PyTorch's trunc_normal_: mean 0, stddev 1, [-2, 2]).
// Draw: alpha = (lo - mean) / stddev and beta = (hi - mean) / stddev are
// fixed at construction; standard normal z are drawn (as in normal) until
// alpha <= z <= beta; x = mean + stddev * z in double (product, then sum,
// each rounded), clamped to [lo, hi], then rounded to RealType. Consumes the
// words of every standard normal drawn.
// Throws seedkit::error unless mean is finite, stddev is finite and > 0,
// lo < hi (either may be infinite; then |mean| + 16 stddev must be finite in
// RealType, as for normal, so that no draw overflows), and the interval holds enough
// probability for rejection sampling: with c the point of [alpha, beta]
// nearest 0 and w = min(1, beta - alpha), w * phi(|c| + w) >= 2^-16 (a lower
// bound on P(alpha <= Z <= beta); about 3.5 standard deviations one-sided).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class RealType = double>
class truncated_normal {
  static_assert(detail::is_float_or_double<RealType>, "truncated_normal supports float and double");

 public:
  using result_type = RealType;

  explicit truncated_normal(RealType mean = 0, RealType stddev = 1, RealType lo = -2,
                            RealType hi = 2)
      : mean_(mean), stddev_(stddev), lo_(lo), hi_(hi) {
    const std::string where = "seedkit::truncated_normal: ";
    if (!detail::is_finite(mean)) {
      detail::throw_error(where + "mean = " + detail::format_real(mean) +
                          " is not accepted; mean must be finite");
    }
    if (detail::is_nan(stddev) || !(stddev > 0) || !detail::is_finite(stddev)) {
      detail::throw_error(where + "stddev = " + detail::format_real(stddev) +
                          " is not accepted; stddev must be finite and > 0");
    }
    if (detail::is_nan(lo) || detail::is_nan(hi) || !(lo < hi)) {
      detail::throw_error(where + "bounds [lo, hi] = [" + detail::format_real(lo) + ", " +
                          detail::format_real(hi) +
                          "] are not accepted; they must not be NaN and lo < hi");
    }
    // With finite bounds every draw is clamped to [lo, hi]; an infinite bound
    // leaves that side to mean + stddev * z, bounded like normal's.
    if (!detail::is_finite(lo) || !detail::is_finite(hi)) {
      detail::require_finite_draws("seedkit::truncated_normal", mean, stddev);
    }
    alpha_ = (static_cast<double>(lo) - static_cast<double>(mean)) / static_cast<double>(stddev);
    beta_ = (static_cast<double>(hi) - static_cast<double>(mean)) / static_cast<double>(stddev);
    const double c = alpha_ > 0 ? alpha_ : (beta_ < 0 ? -beta_ : 0.0);
    const double w = beta_ - alpha_ < 1.0 ? beta_ - alpha_ : 1.0;
    const double t = c + w;
    const double bound =
        w * 0x1.9884533d43651p-2 * detail::portable_exp(-0.5 * detail::fp_mul(t, t));
    if (!(bound >= 0x1p-16)) {
      detail::throw_error(where + "[lo, hi] = [" + detail::format_real(lo) + ", " +
                          detail::format_real(hi) + "] is [" + detail::format_real(alpha_) + ", " +
                          detail::format_real(beta_) +
                          "] standard deviations from the mean, too little probability for "
                          "rejection sampling; the interval must reach within about 3.5 "
                          "standard deviations of the mean and not be too narrow");
    }
  }

  RealType mean() const noexcept { return mean_; }
  RealType stddev() const noexcept { return stddev_; }
  RealType lo() const noexcept { return lo_; }
  RealType hi() const noexcept { return hi_; }

  template <class G>
  RealType operator()(G& g) const {
    double z = detail::standard_normal(g);
    while (!(z >= alpha_ && z <= beta_)) z = detail::standard_normal(g);
    double x = static_cast<double>(mean_) + detail::fp_mul(static_cast<double>(stddev_), z);
    if (x < static_cast<double>(lo_)) x = static_cast<double>(lo_);
    if (x > static_cast<double>(hi_)) x = static_cast<double>(hi_);
    auto r = static_cast<RealType>(x);
    if (r < lo_) r = lo_;
    if (r > hi_) r = hi_;
    return r;
  }

 private:
  RealType mean_;
  RealType stddev_;
  RealType lo_;
  RealType hi_;
  double alpha_ = 0;
  double beta_ = 0;
};

// exponential<RealType>(lambda): the exponential distribution with rate
// lambda (mean 1 / lambda).
// z is a standard exponential from the 256-layer ziggurat; result z / lambda
// in double (correctly rounded division), then rounded to RealType.
// Consumes one 64-bit word with probability about 0.98, more on the wedge
// and tail paths.
// Throws seedkit::error unless lambda is finite and at least 1024 / the
// largest finite RealType (z >= 1024 has probability below 10^-300, so
// no draw overflows).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class RealType = double>
class exponential {
  static_assert(detail::is_float_or_double<RealType>, "exponential supports float and double");

 public:
  using result_type = RealType;

  explicit exponential(RealType lambda = 1) : lambda_(lambda) {
    if (detail::is_nan(lambda) || !(lambda > 0) || !detail::is_finite(lambda)) {
      detail::throw_error("seedkit::exponential: lambda = " + detail::format_real(lambda) +
                          " is not accepted; the rate lambda must be finite and > 0");
    }
    // z >= 1024 has probability below 10^-300 (it takes 133 tail steps of the
    // ziggurat, each at most 1/256 likely), so z / lambda stays finite for
    // lambda >= 1024 / max.
    if (static_cast<double>(lambda) <
        1024.0 / static_cast<double>(std::numeric_limits<RealType>::max())) {
      detail::throw_error("seedkit::exponential: lambda = " + detail::format_real(lambda) +
                          " is not accepted: draws 1 / lambda and beyond overflow to infinity; "
                          "lambda must be at least 1024 / (the largest finite value of the type)");
    }
  }

  RealType lambda() const noexcept { return lambda_; }

  template <class G>
  RealType operator()(G& g) const {
    return static_cast<RealType>(detail::standard_exponential(g) / static_cast<double>(lambda_));
  }

 private:
  RealType lambda_;
};

// discrete(weights): index i in [0, n) with probability weights[i] / sum.
// Walker's alias method, table built by Vose's algorithm in a fixed order
// (docs/distributions.md), so the table and the draws are bit-identical
// everywhere:
//   W = ((w0 + w1) + w2) + ...; q_i = (w_i / W) * n;
//   small / large: stacks filled for i = 0..n-1 (q_i < 1: small, else large);
//   while both non-empty: s = pop small, l = pop large; prob[s] = q_s,
//     alias[s] = l; q_l = q_l - (1 - q_s); push l onto small if q_l < 1,
//     else onto large;
//   every index left on either stack: prob = 1, alias = itself.
// Column threshold T_i = ceil(prob_i * 2^64) (prob_i = 1: always column i).
// Draw: i = uniform_int over [0, n-1] (one word plus rejections, see
// uniform_int), then one 64-bit word w; result i if w < T_i, else alias[i].
// Throws seedkit::error for an empty list, a NaN, negative or infinite
// weight (naming its index), all-zero weights, or a sum that overflows.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
class discrete {
 public:
  using result_type = std::size_t;

  discrete(std::initializer_list<double> weights)
      : discrete(std::vector<double>(weights.begin(), weights.end())) {}
  template <class InputIt>
  discrete(InputIt first, InputIt last) : discrete(std::vector<double>(first, last)) {}
  explicit discrete(std::vector<double> weights) : weights_(std::move(weights)) { build(); }

  std::size_t size() const noexcept { return weights_.size(); }
  const std::vector<double>& weights() const noexcept { return weights_; }
  // weights[i] / sum, the probability of i (up to rounding of the table).
  std::vector<double> probabilities() const {
    std::vector<double> p(weights_.size());
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = weights_[i] / sum_;
    return p;
  }

  template <class G>
  std::size_t operator()(G& g) const {
    const auto i = static_cast<std::size_t>(detail::uniform_below_or_equal(g, table_.size() - 1));
    const std::uint64_t w = detail::bits64(g);
    const column& c = table_[i];
    return w < c.threshold ? i : c.alias;
  }

  // The alias table, for tests and for tools that print it.
  struct column {
    std::uint64_t threshold;  // keep i when the 64-bit word is below it
    std::size_t alias;        // else return this
  };
  const std::vector<column>& table() const noexcept { return table_; }

 private:
  void build() {
    sum_ = detail::check_weights(weights_, "seedkit::discrete");
    const std::size_t n = weights_.size();
    const auto nd = static_cast<double>(n);
    std::vector<double> q(n);
    for (std::size_t i = 0; i < n; ++i) q[i] = detail::fp_mul(weights_[i] / sum_, nd);
    std::vector<std::size_t> small, large;
    for (std::size_t i = 0; i < n; ++i) (q[i] < 1.0 ? small : large).push_back(i);
    table_.assign(n, column{~std::uint64_t{0}, 0});
    for (std::size_t i = 0; i < n; ++i) table_[i].alias = i;
    while (!small.empty() && !large.empty()) {
      const std::size_t s = small.back();
      small.pop_back();
      const std::size_t l = large.back();
      large.pop_back();
      table_[s].threshold = detail::probability_threshold(q[s]);
      table_[s].alias = l;
      q[l] = q[l] - (1.0 - q[s]);
      (q[l] < 1.0 ? small : large).push_back(l);
    }
    // Whatever is left (rounding leftovers included) keeps its own column.
  }

  std::vector<double> weights_;
  double sum_ = 0;
  std::vector<column> table_;
};

// dropout_mask(keep_probability): bit-packed keep masks; bit j of mask word k
// is 1 (keep) with probability P / 2^16 for element 64k + j, independently.
// P = keep_probability * 65536 rounded to the nearest integer, ties to even
// (effective_keep_probability() returns P / 65536). Each 64-bit mask word is
// built from 64-bit words by the binary-expansion cascade: with z the number
// of trailing zero bits of P, m = 0; for bit k = z, z+1, ..., 15 of P:
// w = next 64-bit word, m = (bit set) ? (m | w) : (m & w). So a mask word
// consumes 16 - z words (P = 0 or 65536: none, the mask is all 0 or all 1;
// p = 0.5: one word).
// Throws seedkit::error if keep_probability is NaN or outside [0, 1].
// Example:
//   seedkit::dropout_mask mask(0.9);
//   std::vector<std::uint64_t> bits((n + 63) / 64);
//   mask.fill(engine, bits.data(), n);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
class dropout_mask {
 public:
  explicit dropout_mask(double keep_probability) : p_(keep_probability) {
    if (detail::is_nan(keep_probability) || !(keep_probability >= 0.0 && keep_probability <= 1.0)) {
      detail::throw_error(
          "seedkit::dropout_mask: keep_probability = " + detail::format_real(keep_probability) +
          " is not a probability; it must be in [0, 1]");
    }
    const double x = keep_probability * 65536.0;  // exact
    auto n = static_cast<std::uint32_t>(x);       // floor, x >= 0
    const double frac = x - static_cast<double>(n);
    if (frac > 0.5 || (frac == 0.5 && (n & 1u) != 0)) ++n;
    numerator_ = n;
    if (n != 0 && n != 65536) {
      while (((n >> first_bit_) & 1u) == 0) ++first_bit_;
    }
  }

  double keep_probability() const noexcept { return p_; }
  // P, the keep probability in units of 2^-16.
  std::uint32_t keep_numerator() const noexcept { return numerator_; }
  double effective_keep_probability() const noexcept {
    return static_cast<double>(numerator_) * 0x1p-16;
  }
  // 64-bit words consumed per 64-bit mask word.
  unsigned words_per_mask_word() const noexcept {
    return (numerator_ == 0 || numerator_ == 65536) ? 0u : 16u - first_bit_;
  }

  // The next 64 mask bits.
  template <class G>
  std::uint64_t operator()(G& g) const {
    if (numerator_ == 0) return 0;
    if (numerator_ == 65536) return ~std::uint64_t{0};
    std::uint64_t m = 0;
    for (unsigned k = first_bit_; k < 16; ++k) {
      const std::uint64_t w = detail::bits64(g);
      m = ((numerator_ >> k) & 1u) != 0 ? (m | w) : (m & w);
    }
    return m;
  }

  // Writes the masks of n elements to words[0 .. ceil(n / 64)); bits beyond
  // element n - 1 in the last word are 0 (the word consumes the usual count).
  template <class G>
  void fill(G& g, std::uint64_t* words, std::size_t n) const {
    const std::size_t full = n / 64;
    for (std::size_t k = 0; k < full; ++k) words[k] = (*this)(g);
    if (n % 64 != 0) words[full] = (*this)(g) & ((std::uint64_t{1} << (n % 64)) - 1);
  }

 private:
  double p_;
  std::uint32_t numerator_ = 0;
  unsigned first_bit_ = 0;
};

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DISTRIBUTIONS_HPP

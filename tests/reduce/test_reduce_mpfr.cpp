// seedkit's exact reductions against MPFR (an independent arbitrary-precision
// library): on generated hard cases -- heavy cancellation, magnitudes from
// 1e-300 to 1e300 mixed, subnormals, sums that overflow, near-ties -- the
// correctly rounded sum MPFR computes must equal seedkit's bit for bit.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <list>
#include <random>
#include <string>
#include <vector>

#include <mpfr.h>

#include <catch2/catch.hpp>

#include "support/bits.hpp"

#include "seedkit/parallel.hpp"
#include "seedkit/reduce.hpp"
#include "seedkit/splitmix64.hpp"

namespace {

using seedkit_test::bits;
using seedkit_test::f64;

// An exact MPFR accumulator: precision `prec` is enough to hold every sum
// involved exactly, so each mpfr_add is exact (and gives IEEE's sign for an
// exact zero: -0 only for -0 + -0).
class mpfr_exact {
 public:
  explicit mpfr_exact(mpfr_prec_t prec) {
    mpfr_init2(v_, prec);
    mpfr_set_zero(v_, 1);
    mpfr_init2(t_, prec);
  }
  ~mpfr_exact() {
    mpfr_clear(v_);
    mpfr_clear(t_);
  }
  mpfr_exact(const mpfr_exact&) = delete;
  mpfr_exact& operator=(const mpfr_exact&) = delete;

  void add(double x) {
    REQUIRE(mpfr_set_d(t_, x, MPFR_RNDN) == 0);
    REQUIRE(mpfr_add(v_, v_, t_, MPFR_RNDN) == 0);
  }
  void add_product(double x, double y, unsigned long times = 1) {
    mpfr_t a, b;
    mpfr_init2(a, 53);
    mpfr_init2(b, 53);
    mpfr_set_d(a, x, MPFR_RNDN);
    mpfr_set_d(b, y, MPFR_RNDN);
    REQUIRE(mpfr_mul(t_, a, b, MPFR_RNDN) == 0);
    REQUIRE(mpfr_mul_ui(t_, t_, times, MPFR_RNDN) == 0);
    REQUIRE(mpfr_add(v_, v_, t_, MPFR_RNDN) == 0);
    mpfr_clear(a);
    mpfr_clear(b);
  }

  // Rounds the exact value to an IEEE format of `prec` bits, exponent range
  // [emin, emax] in MPFR's convention, with subnormals (mpfr_subnormalize)
  // and overflow to infinity.
  double round(mpfr_prec_t prec, mpfr_exp_t emin, mpfr_exp_t emax) const {
    if (mpfr_zero_p(v_)) return mpfr_signbit(v_) ? -0.0 : 0.0;
    const bool negative = mpfr_sgn(v_) < 0;
    const mpfr_exp_t e = mpfr_get_exp(v_);  // 2^(e-1) <= |v| < 2^e
    if (e > emax) return negative ? -INFINITY : INFINITY;
    if (e < emin) {  // below the smallest subnormal 2^(emin-1): 0 or that subnormal
      mpfr_t half;
      mpfr_init2(half, 2);
      mpfr_set_ui_2exp(half, 1, emin - 2, MPFR_RNDN);
      const bool up = mpfr_cmpabs(v_, half) > 0;  // exactly half ties to even: 0
      mpfr_clear(half);
      const double r = up ? std::ldexp(1.0, static_cast<int>(emin - 1)) : 0.0;
      return negative ? -r : r;
    }
    const mpfr_exp_t old_min = mpfr_get_emin(), old_max = mpfr_get_emax();
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    mpfr_t r;
    mpfr_init2(r, prec);
    int inex = mpfr_set(r, v_, MPFR_RNDN);
    inex = mpfr_subnormalize(r, inex, MPFR_RNDN);
    (void)inex;
    const double d = mpfr_get_d(r, MPFR_RNDN);  // exact: r has <= 53 bits
    mpfr_clear(r);
    mpfr_set_emin(old_min);
    mpfr_set_emax(old_max);
    return d;
  }
  double to_double() const { return round(53, -1073, 1024); }
  float to_float() const { return static_cast<float>(round(24, -148, 128)); }

 private:
  mpfr_t v_;
  mpfr_t t_;
};

// Hard cases, all finite. kind picks the family.
std::vector<double> hard_case(int kind, seedkit::splitmix64& g) {
  auto any_finite = [&] {
    for (;;) {
      const double x = f64(g());
      if (std::isfinite(x)) return x;
    }
  };
  auto with_field = [&](std::uint64_t field) {
    return f64((g() & 0x800fffffffffffffu) | (field << 52));
  };
  const std::size_t n = 1 + static_cast<std::size_t>(g() % (g() % 4 == 0 ? 3000 : 60));
  std::vector<double> v;
  switch (kind) {
    case 0: {  // heavy cancellation: terms and their negatives, plus small residues
      for (std::size_t i = 0; i < n; ++i) {
        const double x = with_field(900 + g() % 300);
        v.push_back(x);
        v.push_back(-x);
        if (g() % 3 == 0) v.push_back(with_field(g() % 1200));
      }
      break;
    }
    case 1:  // magnitudes 1e-300 .. 1e300 (fields 27 .. 2020) mixed
      for (std::size_t i = 0; i < n; ++i) v.push_back(with_field(27 + g() % 1994));
      break;
    case 2:  // subnormals with a few small normals
      for (std::size_t i = 0; i < n; ++i) {
        v.push_back(g() % 8 == 0 ? with_field(1 + g() % 3) : f64(g() & 0x800fffffffffffffu));
      }
      break;
    case 3: {  // near overflow: large same-sign terms, sometimes cancelled back
      const std::uint64_t sign = (g() & 1) << 63;
      for (std::size_t i = 0; i < n % 16 + 1; ++i)
        v.push_back(
            f64(sign | (g() & 0x000fffffffffffffu) | (std::uint64_t{2040 + g() % 7} << 52)));
      if (g() % 2) v.push_back(f64(bits(v[0]) ^ 0x8000000000000000u));
      break;
    }
    case 4: {  // near ties: a, half an ulp of a, and a tiny nudge (or none)
      const double a = with_field(1 + g() % 2046);
      const int e = std::ilogb(a);
      const double half = std::ldexp(1.0, std::max(e - 53, -1074));
      v.push_back(a);
      v.push_back(g() % 2 ? half : -half);
      switch (g() % 4) {
        case 0:
          v.push_back(f64(1));
          break;
        case 1:
          v.push_back(-f64(1));
          break;
        case 2:
          v.push_back(with_field(g() % 800));
          break;
        default:
          break;
      }
      break;
    }
    case 5:  // DBL_MAX plus or minus a half ulp, give or take the smallest subnormal
      v = {DBL_MAX, std::ldexp(1.0, 970)};
      if (g() % 2) v.push_back(g() % 2 ? f64(1) : -f64(1));
      if (g() % 2) {
        for (double& x : v) x = -x;
      }
      break;
    default:  // random finite bit patterns
      for (std::size_t i = 0; i < n; ++i) v.push_back(any_finite());
      break;
  }
  std::mt19937_64 shuffle(g());
  std::shuffle(v.begin(), v.end(), shuffle);
  return v;
}

}  // namespace

TEST_CASE("exact_sum equals MPFR's correctly rounded sum on 12000 hard cases", "[reduce][mpfr]") {
  seedkit::splitmix64 g(20240601);
  int mismatches = 0, cases = 0, overflows = 0, subnormal_results = 0;
  for (int i = 0; i < 12000; ++i) {
    const auto v = hard_case(i % 7, g);
    mpfr_exact ref(2400);
    for (double x : v) ref.add(x);
    const double want = ref.to_double();
    const double got = seedkit::exact_sum(v);
    ++cases;
    if (std::isinf(want)) ++overflows;
    if (want != 0 && std::fabs(want) < DBL_MIN) ++subnormal_results;
    if (bits(got) != bits(want)) {
      ++mismatches;
      if (mismatches < 5) {
        UNSCOPED_INFO("case " << i << " kind " << i % 7 << " n " << v.size() << std::hexfloat
                              << " want " << want << " got " << got);
      }
    }
    // The per-term path and the accumulator agree too.
    if (i % 10 == 0) {
      seedkit::exact_accumulator acc;
      for (double x : v) acc.add(x);
      if (bits(acc.to_double()) != bits(want)) ++mismatches;
    }
  }
  CHECK(mismatches == 0);
  CHECK(cases == 12000);
  CHECK(overflows > 100);          // the families do reach overflow
  CHECK(subnormal_results > 100);  // and subnormal results
}

TEST_CASE("exact_sum on long inputs (binning path) and parallel exact sums equal MPFR",
          "[reduce][mpfr]") {
  seedkit::splitmix64 g(77);
  for (int i = 0; i < 21; ++i) {
    std::vector<double> v;
    while (v.size() < 9000 + static_cast<std::size_t>(i) * 7000) {
      const auto c = hard_case(i % 7, g);
      v.insert(v.end(), c.begin(), c.end());
    }
    mpfr_exact ref(2400);
    for (double x : v) ref.add(x);
    const double want = ref.to_double();
    INFO("input " << i << " n " << v.size());
    CHECK(bits(seedkit::exact_sum(v)) == bits(want));
    CHECK(bits(seedkit::parallel_sum(v, seedkit::reduce_mode::exact, 3)) == bits(want));
    const std::list<double> l(v.begin(), v.end());
    CHECK(bits(seedkit::exact_sum(l)) == bits(want));
  }
}

TEST_CASE("exact_sum of floats equals MPFR rounded to binary32", "[reduce][mpfr]") {
  seedkit::splitmix64 g(5);
  int mismatches = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::size_t n = 1 + g() % 200;
    std::vector<float> v;
    for (std::size_t k = 0; k < n; ++k) {
      std::uint32_t b;
      switch (i % 4) {
        case 0:
          b = static_cast<std::uint32_t>(g()) & 0x807fffffu;
          break;  // subnormal
        case 1:
          b = (static_cast<std::uint32_t>(g()) & 0x807fffffu) |
              static_cast<std::uint32_t>((250 + g() % 5) << 23);
          break;  // overflow
        default:
          b = (static_cast<std::uint32_t>(g()) & 0x807fffffu) |
              static_cast<std::uint32_t>((1 + g() % 254) << 23);
          break;
      }
      float x;
      std::memcpy(&x, &b, sizeof x);
      v.push_back(x);
      if (g() % 4 == 0) v.push_back(-x);
    }
    mpfr_exact ref(400);
    for (float x : v) ref.add(static_cast<double>(x));
    if (bits(seedkit::exact_sum(v)) != bits(ref.to_float())) ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("exact dot equals MPFR's correctly rounded dot product", "[reduce][mpfr][dot]") {
  seedkit::splitmix64 g(99);
  int mismatches = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::size_t n = 1 + g() % 100;
    std::vector<double> x, y;
    for (std::size_t k = 0; k < n; ++k) {
      // Exponents over the whole range: products from far below the
      // subnormals to far beyond DBL_MAX, which may cancel.
      const std::uint64_t fx = i % 3 == 0 ? g() % 2047 : 900 + g() % 250;
      const std::uint64_t fy = i % 3 == 0 ? g() % 2047 : 900 + g() % 250;
      x.push_back(f64((g() & 0x800fffffffffffffu) | (fx << 52)));
      y.push_back(f64((g() & 0x800fffffffffffffu) | (fy << 52)));
      if (g() % 3 == 0) {
        x.push_back(-x.back());
        y.push_back(y.back());
      }
    }
    mpfr_exact ref(4600);
    for (std::size_t k = 0; k < x.size(); ++k) ref.add_product(x[k], y[k]);
    if (bits(seedkit::dot(x, y, seedkit::reduce_mode::exact)) != bits(ref.to_double()))
      ++mismatches;
  }
  CHECK(mismatches == 0);
}

namespace {

// The reference for any input: the special-value rules of docs/reductions.md
// (a NaN, or both infinities: the canonical NaN; one infinity: it), and
// MPFR's correctly rounded sum of the terms otherwise.
double reference_sum(const std::vector<double>& v) {
  bool nan = false, pos_inf = false, neg_inf = false;
  for (double x : v) {
    nan = nan || std::isnan(x);
    pos_inf = pos_inf || x == INFINITY;
    neg_inf = neg_inf || x == -INFINITY;
  }
  if (nan || (pos_inf && neg_inf)) return f64(0x7ff8000000000000u);
  if (pos_inf) return INFINITY;
  if (neg_inf) return -INFINITY;
  mpfr_exact ref(2400);
  for (double x : v) ref.add(x);
  return ref.to_double();
}
float reference_sum(const std::vector<float>& v) {
  bool nan = false, pos_inf = false, neg_inf = false;
  for (float x : v) {
    nan = nan || std::isnan(x);
    pos_inf = pos_inf || x == INFINITY;
    neg_inf = neg_inf || x == -INFINITY;
  }
  if (nan || (pos_inf && neg_inf)) return seedkit_test::f32(0x7fc00000u);
  if (pos_inf) return INFINITY;
  if (neg_inf) return -INFINITY;
  mpfr_exact ref(400);
  for (float x : v) ref.add(static_cast<double>(x));
  return ref.to_float();
}

// Long adversarial inputs for the binning path (docs/reductions.md, "Exact
// mode: the fast path"): 64-bit bins indexed by sign and exponent, four
// lanes, a carry count per index, zeros and subnormals corrected at the end.
std::vector<double> adversarial_case(int kind, seedkit::splitmix64& g) {
  auto with_field = [&](std::uint64_t field) {
    return f64((g() & 0x800fffffffffffffu) | (field << 52));
  };
  const std::size_t n = 20000 + static_cast<std::size_t>(g() % 60000);
  std::vector<double> v;
  switch (kind) {
    case 0:  // every sign and finite exponent field, lanes and indices all used
      for (std::size_t i = 0; i < n; ++i) v.push_back(with_field(i % 2047));
      break;
    case 1: {  // one exponent, fraction all ones: every lane's bin overflows many
               // times (2^11 terms can carry), then cancelled but for a residue
      const std::uint64_t field = 1 + g() % 2046;
      const double x = f64((field << 52) | 0x000fffffffffffffu);
      for (std::size_t i = 0; i < n; ++i) v.push_back(x);
      for (std::size_t i = 0; i + 3 < n; ++i) v.push_back(-x);
      v.push_back(with_field(g() % 2047));
      break;
    }
    case 2: {  // the same, one sign only, near the top: the sum overflows
      const double x = f64(((g() & 1) << 63) | (std::uint64_t{2046} << 52) | (g() >> 12));
      for (std::size_t i = 0; i < n; ++i) v.push_back(x);
      break;
    }
    case 3:  // alternating huge and tiny, in lane order and cancelling
      for (std::size_t i = 0; i < n; ++i) {
        const double big = with_field(1900 + g() % 147);
        v.push_back(big);
        v.push_back(with_field(g() % 40));
        v.push_back(-big);
        v.push_back(f64(g() & 0x800fffffffffffffu));  // a subnormal or a zero
      }
      break;
    case 4:  // subnormals and zeros only, fractions near all ones: field-0 bins
             // overflow and the zero count has to be exact
      for (std::size_t i = 0; i < n; ++i) {
        switch (g() % 4) {
          case 0:
            v.push_back(f64(((g() & 1) << 63) | 0x000fffffffffffffu));
            break;
          case 1:
            v.push_back(g() % 2 ? 0.0 : -0.0);
            break;
          default:
            v.push_back(f64((g() & 0x800fffffffffffffu) | 0x000ff00000000000u));
            break;
        }
      }
      break;
    case 5:  // subnormals, zeros and smallest normals summing to about DBL_MIN
      for (std::size_t i = 0; i < n; ++i) {
        v.push_back(g() % 3 == 0 ? with_field(1) : f64(g() & 0x800fffffffffffffu));
      }
      break;
    case 6: {  // DBL_MAX many times, cancelled by as many -DBL_MAX, plus a tiny term
      for (std::size_t i = 0; i < n; ++i) v.push_back(DBL_MAX);
      for (std::size_t i = 0; i < n; ++i) v.push_back(-DBL_MAX);
      v.push_back(f64(1 + g() % 1000));
      break;
    }
    default:  // wide spread of magnitudes, all one sign, exact ties likely in the low bits
      for (std::size_t i = 0; i < n; ++i) v.push_back(std::fabs(with_field(g() % 2047)));
      break;
  }
  std::mt19937_64 shuffle(g());
  if (g() % 2) std::shuffle(v.begin(), v.end(), shuffle);  // runs kept half the time
  return v;
}

}  // namespace

TEST_CASE("exact_sum on adversarial long inputs equals MPFR for every thread count",
          "[reduce][mpfr]") {
  seedkit::splitmix64 g(2023);
  int overflows = 0, subnormal_results = 0;
  for (int i = 0; i < 40; ++i) {
    const auto v = adversarial_case(i % 8, g);
    REQUIRE(v.size() >= 16384);  // the binning path
    const double want = reference_sum(v);
    if (std::isinf(want)) ++overflows;
    if (want != 0 && std::fabs(want) < DBL_MIN) ++subnormal_results;
    INFO("case " << i << " kind " << i % 8 << " n " << v.size() << std::hexfloat << " want "
                 << want);
    CHECK(bits(seedkit::exact_sum(v)) == bits(want));
    for (unsigned t : {1u, 2u, 3u, 8u, 64u}) {
      CHECK(bits(seedkit::parallel_sum(v, seedkit::reduce_mode::exact, t)) == bits(want));
    }
    // Split in two, merged, and through bytes: the same value.
    seedkit::exact_accumulator a, b;
    a.add(v.data(), v.data() + v.size() / 3);
    b.add(v.data() + v.size() / 3, v.data() + v.size());
    a.merge(seedkit::exact_accumulator::from_bytes(b.to_bytes()));
    CHECK(bits(a.to_double()) == bits(want));
  }
  CHECK(overflows >= 5);
  CHECK(subnormal_results >= 5);
}

TEST_CASE("exact_sum with NaNs and infinities in long inputs", "[reduce][mpfr]") {
  seedkit::splitmix64 g(404);
  const double specials[] = {INFINITY, -INFINITY, f64(0x7ff8000000000000u),
                             f64(0xfff0000000000001u), f64(0x7ff0000000000001u)};
  for (int i = 0; i < 24; ++i) {
    std::vector<double> v;
    for (std::size_t k = 0; k < 30000; ++k) {
      v.push_back(f64((g() & 0x800fffffffffffffu) | ((g() % 2047) << 52)));
    }
    const int count = 1 + static_cast<int>(g() % 3);
    for (int c = 0; c < count; ++c) {
      v[g() % v.size()] = specials[(static_cast<unsigned>(i) + static_cast<unsigned>(c) * 7u) % 5];
    }
    const double want = reference_sum(v);
    INFO("case " << i);
    CHECK(bits(seedkit::exact_sum(v)) == bits(want));
    CHECK(bits(seedkit::parallel_sum(v, seedkit::reduce_mode::exact, 2)) == bits(want));
  }
}

TEST_CASE("exact_sum of long float inputs equals MPFR rounded to binary32", "[reduce][mpfr]") {
  seedkit::splitmix64 g(32);
  for (int i = 0; i < 12; ++i) {
    std::vector<float> v;
    const std::size_t n = 17000 + static_cast<std::size_t>(g() % 30000);
    for (std::size_t k = 0; k < n; ++k) {
      std::uint32_t b = static_cast<std::uint32_t>(g()) & 0x807fffffu;
      switch (i % 4) {
        case 0:  // subnormals and zeros
          if (g() % 5 == 0) b &= 0x80000000u;
          break;
        case 1:  // near the top: overflow
          b |= static_cast<std::uint32_t>((250 + g() % 5) << 23);
          break;
        case 2:  // one exponent, cancelling runs
          b = (k % 2 == 0 ? 0x00000000u : 0x80000000u) | (std::uint32_t{200} << 23) | 0x7fffffu;
          break;
        default:
          b |= static_cast<std::uint32_t>((g() % 255) << 23);
          break;
      }
      v.push_back(seedkit_test::f32(b));
    }
    if (i % 4 == 2) v.push_back(seedkit_test::f32(0x00000001u));
    if (i == 11) v[5] = -INFINITY;
    const float want = reference_sum(v);
    INFO("case " << i);
    CHECK(bits(seedkit::exact_sum(v)) == bits(want));
    CHECK(bits(seedkit::parallel_sum(v, seedkit::reduce_mode::exact, 3)) == bits(want));
  }
}

TEST_CASE("exact dot on long inputs (binning path) equals MPFR", "[reduce][mpfr][dot]") {
  seedkit::splitmix64 g(4242);
  auto with_field = [&](std::uint64_t field) {
    return f64((g() & 0x800fffffffffffffu) | (field << 52));
  };
  for (int i = 0; i < 12; ++i) {
    std::vector<double> x, y;
    mpfr_exact ref(4600);
    bool special = false;
    const std::size_t n = 17000 + static_cast<std::size_t>(g() % 20000);
    for (std::size_t k = 0; k < n; ++k) {
      double a, b;
      switch (i % 4) {
        case 0:  // any fields: products from below the subnormals to beyond DBL_MAX
          a = with_field(g() % 2047);
          b = with_field(g() % 2047);
          break;
        case 1:  // zeros and subnormals among normals (the per-term path inside)
          a = g() % 4 == 0 ? f64(g() & 0x800fffffffffffffu) : with_field(1 + g() % 40);
          b = g() % 5 == 0 ? (g() % 2 ? 0.0 : -0.0) : with_field(1000 + g() % 40);
          break;
        case 2:  // nearly cancelling pairs, a*b - a*next(b): the rounded
                 // products cancel, their exact errors carry the result
          a = with_field(1000 + g() % 47);
          b = with_field(1000 + g() % 47);
          if (k % 2 == 1) {
            a = -x.back();
            b = std::nextafter(y.back(), INFINITY);
          }
          break;
        default:  // huge times huge and tiny times tiny, both signs
          a = with_field(g() % 2 ? 2000 + g() % 47 : 1 + g() % 40);
          b = f64((bits(a) & 0x7ff0000000000000u) | (g() & 0x800fffffffffffffu));
          break;
      }
      x.push_back(a);
      y.push_back(b);
      ref.add_product(a, b);
    }
    if (i == 5) {  // an infinity times a zero: NaN
      x[7] = INFINITY;
      y[7] = 0.0;
      special = true;
    }
    INFO("case " << i << " n " << x.size());
    const double want = special ? f64(0x7ff8000000000000u) : ref.to_double();
    CHECK(bits(seedkit::dot(x, y, seedkit::reduce_mode::exact)) == bits(want));
    const std::list<double> lx(x.begin(), x.end()), ly(y.begin(), y.end());
    CHECK(bits(seedkit::dot(lx.begin(), lx.end(), ly.begin(), seedkit::reduce_mode::exact)) ==
          bits(want));
  }
}

TEST_CASE("exact dot with many zero factors (ReLU-like) equals MPFR, signs of zero included",
          "[reduce][mpfr][dot]") {
  seedkit::splitmix64 g(5150);
  auto with_field = [&](std::uint64_t field) {
    return f64((g() & 0x800fffffffffffffu) | (field << 52));
  };
  for (int i = 0; i < 6; ++i) {
    std::vector<double> x, y;
    mpfr_exact ref(4600);
    for (std::size_t k = 0; k < 20000 + static_cast<std::size_t>(i) * 1000; ++k) {
      // Half the x are zeros of either sign; y is in range or, rarely,
      // huge or subnormal (a zero times any finite number is exact).
      const double a = g() % 2 ? (g() % 2 ? 0.0 : -0.0) : with_field(1000 + g() % 47);
      const double b = g() % 50 == 0 ? with_field(g() % 2 ? 0 : 2046) : with_field(1000 + g() % 47);
      x.push_back(a);
      y.push_back(b);
      ref.add_product(a, b);
    }
    bool special = false;
    if (i == 3) {  // an infinity times a zero among the zeros: NaN
      x[100] = 0.0;
      y[100] = -INFINITY;
      special = true;
    }
    const double want = special ? f64(0x7ff8000000000000u) : ref.to_double();
    INFO("case " << i);
    CHECK(bits(seedkit::dot(x, y, seedkit::reduce_mode::exact)) == bits(want));
  }
  // Only zero products: -0.0 exactly when every product is -0.0.
  for (int k = 0; k < 3; ++k) {
    std::vector<double> x(40000, -0.0), y(40000, 1.5);
    if (k == 1) y[39999] = -1.5;  // one +0.0 product
    if (k == 2) x[20000] = 0.0;   // another
    const double want = k == 0 ? -0.0 : 0.0;
    INFO("zeros " << k);
    CHECK(bits(seedkit::dot(x, y, seedkit::reduce_mode::exact)) == bits(want));
  }
}

TEST_CASE("exact dot of long float inputs and exact variance equal MPFR", "[reduce][mpfr][dot]") {
  seedkit::splitmix64 g(808);
  for (int i = 0; i < 6; ++i) {
    std::vector<float> x, y;
    mpfr_exact ref(600);
    for (std::size_t k = 0; k < 20000 + static_cast<std::size_t>(i) * 3000; ++k) {
      const auto fx = static_cast<std::uint32_t>(i % 2 == 0 ? g() % 255 : 100 + g() % 40);
      const auto fy = static_cast<std::uint32_t>(i % 2 == 0 ? g() % 255 : 100 + g() % 40);
      x.push_back(seedkit_test::f32((static_cast<std::uint32_t>(g()) & 0x807fffffu) | (fx << 23)));
      y.push_back(seedkit_test::f32((static_cast<std::uint32_t>(g()) & 0x807fffffu) | (fy << 23)));
      ref.add_product(static_cast<double>(x.back()), static_cast<double>(y.back()));
    }
    INFO("case " << i);
    CHECK(bits(seedkit::dot(x, y, seedkit::reduce_mode::exact)) == bits(ref.to_float()));
  }
  for (int i = 0; i < 4; ++i) {
    std::vector<double> v;
    for (std::size_t k = 0; k < 30000; ++k)
      v.push_back(f64((g() & 0x800fffffffffffffu) | ((1000 + g() % 60) << 52)));
    const double m = seedkit::mean(v, seedkit::reduce_mode::exact);
    mpfr_exact ref(4600);
    for (double x : v) ref.add_product(x - m, x - m);
    const double want = ref.to_double() / static_cast<double>(v.size() - 1);
    const std::list<double> l(v.begin(), v.end());
    CHECK(bits(seedkit::variance(v, seedkit::reduce_mode::exact, 1)) == bits(want));
    CHECK(bits(seedkit::variance(l, seedkit::reduce_mode::exact, 1)) == bits(want));
  }
}

TEST_CASE("exact dot: a long run of one maximal product overflows no bin", "[reduce][mpfr][dot]") {
  // 5 * 2^21 pairs, 5 * 2^20 per lane, each product of mantissas just below
  // 2^106: a bin's high word passes 2^64 unless it is flushed in time.
  // Field 500, mantissa 2^53 - 1: fx + fy = 1000 keeps the pairs in the
  // integer bins even where an FMA splits products (those need >= 1076).
  const double a = f64((std::uint64_t{500} << 52) | 0x000fffffffffffffu);
  const std::size_t run = std::size_t{5} << 21;
  for (int sign = 0; sign < 2; ++sign) {
    std::vector<double> x(run, a), y(run, sign != 0 ? -a : a);
    x.push_back(1.0);
    y.push_back(f64(0x0000000000000001u));  // a subnormal product below every ulp
    mpfr_exact ref(4600);
    ref.add_product(a, y.front(), static_cast<unsigned long>(run));
    ref.add_product(1.0, y.back());
    CHECK(bits(seedkit::dot(x, y, seedkit::reduce_mode::exact)) == bits(ref.to_double()));
  }
}

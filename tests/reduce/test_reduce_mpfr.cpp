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
  void add_product(double x, double y) {
    mpfr_t a, b;
    mpfr_init2(a, 53);
    mpfr_init2(b, 53);
    mpfr_set_d(a, x, MPFR_RNDN);
    mpfr_set_d(b, y, MPFR_RNDN);
    REQUIRE(mpfr_mul(t_, a, b, MPFR_RNDN) == 0);
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

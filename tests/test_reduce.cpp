// Tests for seedkit/reduce.hpp. Golden values come only from independent
// sources: the Python reference (tests/reference/pairwise_sum.py, exact
// fractions), IEEE addition of two terms (correctly rounded by the
// hardware, so it is the exact sum of two terms rounded once), and facts
// derived by hand. The MPFR comparison lives in tests/reduce/.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <limits>
#include <list>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "support/bits.hpp"
#include "support/golden.hpp"

#include "seedkit/detail/encoding.hpp"
#include "seedkit/parallel.hpp"
#include "seedkit/reduce.hpp"
#include "seedkit/splitmix64.hpp"

namespace {

using seedkit::reduce_mode;
constexpr reduce_mode all_modes[] = {reduce_mode::pairwise, reduce_mode::compensated,
                                     reduce_mode::exact};

using seedkit_test::bits;
using seedkit_test::f32;
using seedkit_test::f64;

// The generator of tests/reference/pairwise_sum.py (generate()).
template <class T>
std::vector<T> gen_terms(const std::string& kind, std::uint64_t seed, std::size_t n) {
  constexpr bool dbl = std::is_same<T, double>::value;
  constexpr int width = dbl ? 64 : 32;
  constexpr int frac_bits = dbl ? 52 : 23;
  constexpr int exp_bits = width - frac_bits - 1;
  constexpr std::uint64_t bias = (std::uint64_t{1} << (exp_bits - 1)) - 1;
  constexpr std::uint64_t maxfield = (std::uint64_t{1} << exp_bits) - 2;
  constexpr std::uint64_t sign_bit = std::uint64_t{1} << (width - 1);
  seedkit::splitmix64 g(seed);
  std::vector<std::uint64_t> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t w = g();
    const std::uint64_t sign = (w >> 63) << (width - 1);
    const std::uint64_t frac = w & ((std::uint64_t{1} << frac_bits) - 1);
    const std::uint64_t r = (w >> 32) & 0x7FFFFFF;
    std::uint64_t field = 0;
    if (kind == "unit") {
      field = bias - 1 - (r % 8);
    } else if (kind == "mixed") {
      field = bias - 40 + (r % 81);
    } else if (kind == "wide") {
      field = r % (maxfield + 1);
    } else if (kind == "cancel") {
      if (i % 2 == 1) {
        out.push_back(out.back() ^ sign_bit ^ (w & 0xF));
        continue;
      }
      field = bias - 20 + (r % 41);
    } else {
      FAIL("unknown kind " << kind);
    }
    out.push_back(sign | (field << frac_bits) | frac);
  }
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    if constexpr (dbl) {
      v[i] = f64(out[i]);
    } else {
      v[i] = f32(static_cast<std::uint32_t>(out[i]));
    }
  }
  return v;
}

// Hard terms for the exact paths: every exponent, subnormals, zeros of both
// signs, cancelling pairs.
std::vector<double> hard_terms(std::uint64_t seed, std::size_t n) {
  seedkit::splitmix64 g(seed);
  std::vector<double> v;
  v.reserve(n);
  while (v.size() < n) {
    const std::uint64_t w = g();
    switch (w % 6) {
      case 0:
        v.push_back(f64(g() & 0x800fffffffffffffu));
        break;  // subnormal or zero
      case 1:
        v.push_back(f64((g() & 0x800fffffffffffffu) | (std::uint64_t{(w >> 8) % 2047} << 52)));
        break;
      case 2:
        if (!v.empty()) {
          v.push_back(-v.back());
          break;
        }
        v.push_back(1.0);
        break;
      case 3:
        v.push_back(f64((g() & 0x800fffffffffffffu) | (std::uint64_t{1000 + (w >> 8) % 48} << 52)));
        break;
      case 4:
        v.push_back(w % 7 == 0 ? -0.0 : 0.0);
        break;
      default:
        v.push_back(f64((g() & 0x800fffffffffffffu) | (std::uint64_t{2000 + (w >> 8) % 47} << 52)));
        break;
    }
  }
  return v;
}

template <class T>
T sum_in(reduce_mode mode, const std::vector<T>& v) {
  return seedkit::sum(v, mode);
}

// An executor that runs tasks in a scrambled order on `threads` threads,
// each thread taking every threads-th task of the scrambled order.
struct scrambling_executor {
  unsigned threads;
  std::uint64_t seed;
  void operator()(std::size_t count, const std::function<void(std::size_t)>& task) const {
    std::vector<std::size_t> order(count);
    for (std::size_t i = 0; i < count; ++i) order[i] = i;
    std::mt19937_64 g(seed);
    std::shuffle(order.begin(), order.end(), g);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (std::size_t k = t; k < count; k += threads) task(order[k]);
      });
    }
    for (auto& th : pool) th.join();
  }
};

}  // namespace

// --- the pairwise and compensated trees against the Python reference ---------

TEST_CASE("pairwise and compensated results match the exact-fraction Python reference",
          "[reduce][golden]") {
  int checked = 0;
  for (const auto& record :
       seedkit_test::read_golden_file(seedkit_test::reference_path("pairwise_sum_golden.txt"))) {
    const std::string& line = record.text;
    std::istringstream ls(line);
    std::string func, type, source;
    ls >> func >> type >> source;
    std::vector<std::uint64_t> xb, yb;
    std::string expected;
    bool dbl = type == "f64";
    std::vector<double> xd, yd;
    std::vector<float> xf, yf;
    if (source == "gen") {
      std::string kind;
      std::uint64_t seed = 0;
      std::size_t n = 0;
      ls >> kind >> seed >> n >> expected;
      if (dbl) {
        xd = gen_terms<double>(kind, seed, n);
        yd = gen_terms<double>(kind, seed + 1, n);
      } else {
        xf = gen_terms<float>(kind, seed, n);
        yf = gen_terms<float>(kind, seed + 1, n);
      }
    } else {
      REQUIRE(source == "hex");
      REQUIRE(dbl);
      std::string list;
      ls >> list >> expected;
      if (list != "-") {
        std::istringstream items(list);
        std::string item;
        while (std::getline(items, item, ',')) xd.push_back(f64(std::stoull(item, nullptr, 16)));
      }
    }
    const std::uint64_t want = std::stoull(expected, nullptr, 16);
    INFO(line.substr(0, 120));
    std::uint64_t got = 0;
    if (dbl) {
      if (func == "pairwise_sum")
        got = bits(seedkit::pairwise_sum(xd));
      else if (func == "compensated_sum")
        got = bits(seedkit::compensated_sum(xd));
      else if (func == "pairwise_dot")
        got = bits(seedkit::dot(xd, yd, reduce_mode::pairwise));
      else if (func == "compensated_dot")
        got = bits(seedkit::dot(xd, yd, reduce_mode::compensated));
      else
        FAIL("unknown function " << func);
      // Iterator (buffered) paths give the same bits as the contiguous ones.
      if (func == "pairwise_sum") {
        const std::list<double> l(xd.begin(), xd.end());
        CHECK(bits(seedkit::pairwise_sum(l)) == want);
      } else if (func == "compensated_sum") {
        const std::deque<double> d(xd.begin(), xd.end());
        CHECK(bits(seedkit::compensated_sum(d.begin(), d.end())) == want);
      }
    } else {
      if (func == "pairwise_sum")
        got = bits(seedkit::pairwise_sum(xf));
      else if (func == "compensated_sum")
        got = bits(seedkit::compensated_sum(xf));
      else if (func == "pairwise_dot")
        got = bits(seedkit::dot(xf, yf, reduce_mode::pairwise));
      else if (func == "compensated_dot")
        got = bits(seedkit::dot(xf, yf, reduce_mode::compensated));
      else
        FAIL("unknown function " << func);
    }
    CHECK(got == want);
    ++checked;
  }
  CHECK(checked >= 140);
}

TEST_CASE("pairwise dot is the pairwise sum of the rounded products", "[reduce][dot]") {
  for (std::size_t n : {1u, 300u, 70000u}) {
    const auto x = gen_terms<double>("mixed", 100 + n, n);
    const auto y = gen_terms<double>("unit", 200 + n, n);
    std::vector<double> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = x[i] * y[i];
    CHECK(bits(seedkit::dot(x, y)) == bits(seedkit::pairwise_sum(p)));
  }
}

namespace {

// Dot2 as docs/reductions.md specifies compensated dot, written out term by
// term: the reference for the vectorized lanes.
template <class T>
struct ref_pair {
  T s, c;
};
template <class T>
ref_pair<T> ref_join(ref_pair<T> a, ref_pair<T> b) {
  const T h = a.s + b.s;
  const T z = h - a.s;
  const T l = (a.s - (h - z)) + (b.s - z);
  return {h, (a.c + b.c) + l};
}
template <class T>
ref_pair<T> ref_tree(const std::vector<ref_pair<T>>& v, std::size_t lo, std::size_t hi) {
  if (hi - lo == 1) return v[lo];
  std::size_t half = 1;
  while (half * 2 < hi - lo) half *= 2;
  return ref_join(ref_tree(v, lo, lo + half), ref_tree(v, lo + half, hi));
}
template <class T>
T reference_compensated_dot(const std::vector<T>& x, const std::vector<T>& y) {
  const std::size_t n = x.size();
  std::vector<T> p(n), e(n);
  for (std::size_t i = 0; i < n; ++i) {
    volatile T rounded = x[i] * y[i];  // stored: never fused with what follows
    p[i] = rounded;
  }
  for (std::size_t i = 0; i < n; ++i) e[i] = std::fma(x[i], y[i], -p[i]);
  std::vector<ref_pair<T>> blocks;
  for (std::size_t b = 0; b < n; b += 65536) {
    T s[8], c[8];
    for (int j = 0; j < 8; ++j) s[j] = c[j] = T(-0.0);
    for (std::size_t i = b; i < std::min(n, b + 65536); ++i) {
      const std::size_t j = (i - b) % 8;
      const T t = s[j] + p[i];
      const T z = t - s[j];
      const T err = (s[j] - (t - z)) + (p[i] - z);
      s[j] = t;
      c[j] += err + e[i];
    }
    ref_pair<T> l[8];
    for (int j = 0; j < 8; ++j) l[j] = {s[j], c[j]};
    blocks.push_back(ref_join(ref_join(ref_join(l[0], l[1]), ref_join(l[2], l[3])),
                              ref_join(ref_join(l[4], l[5]), ref_join(l[6], l[7]))));
  }
  const ref_pair<T> r = ref_tree(blocks, 0, blocks.size());
  if (!std::isfinite(r.s) || r.c == T(0)) return r.s;
  return r.s + r.c;
}

}  // namespace

TEST_CASE("compensated dot follows Dot2 term by term (vector lanes included)", "[reduce][dot]") {
  for (std::size_t n : {5u, 8u, 261u, 4099u, 70001u, 200000u}) {
    // x_2k+1 is about -x_2k and y_2k+1 = y_2k: the rounded products cancel
    // and the compensation carries much of the result.
    const auto xd = gen_terms<double>("cancel", 300 + n, n);
    auto yd = gen_terms<double>("unit", 400 + n, n);
    for (std::size_t i = 1; i < n; i += 2) yd[i] = yd[i - 1];
    const std::list<double> lx(xd.begin(), xd.end()), ly(yd.begin(), yd.end());
    const double want = reference_compensated_dot(xd, yd);
    INFO("n " << n);
    CHECK(bits(seedkit::dot(xd, yd, reduce_mode::compensated)) == bits(want));
    CHECK(bits(seedkit::dot(lx, ly, reduce_mode::compensated)) == bits(want));
    const auto xf = gen_terms<float>("cancel", 500 + n, n);
    auto yf = gen_terms<float>("mixed", 600 + n, n);
    for (std::size_t i = 1; i < n; i += 2) yf[i] = yf[i - 1];
    CHECK(bits(seedkit::dot(xf, yf, reduce_mode::compensated)) ==
          bits(reference_compensated_dot(xf, yf)));
  }
}

// --- exact sums ------------------------------------------------------------------

TEST_CASE("exact_sum of two terms equals IEEE addition", "[reduce][exact]") {
  // IEEE addition is the exact sum rounded once, so it is an oracle for two
  // terms: subnormals, overflow, ties, signs of zero.
  seedkit::splitmix64 g(2024);
  const auto hard = hard_terms(99, 40000);
  for (std::size_t i = 0; i + 1 < hard.size(); ++i) {
    const double a = hard[i], b = i % 3 == 0 ? f64(g()) : hard[i + 1];
    if (std::isnan(a) || std::isnan(b)) continue;
    const std::vector<double> v = {a, b};
    const double want = a + b;
    if (std::isnan(want)) {
      CHECK(std::isnan(seedkit::exact_sum(v)));
    } else {
      INFO(std::hexfloat << a << " + " << b);
      REQUIRE(bits(seedkit::exact_sum(v)) == bits(want));
    }
  }
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t w = g();
    const float a = f32(static_cast<std::uint32_t>(w)),
                b = f32(static_cast<std::uint32_t>(w >> 32));
    if (std::isnan(a) || std::isnan(b)) continue;
    const float want = a + b;
    const std::vector<float> v = {a, b};
    if (std::isnan(want)) {
      CHECK(std::isnan(seedkit::exact_sum(v)));
    } else {
      REQUIRE(bits(seedkit::exact_sum(v)) == bits(want));
    }
  }
}

TEST_CASE("exact_sum: known values", "[reduce][exact]") {
  // The exact sum is 1.0000000000000000277... (computed with MPFR 4.2.0 at
  // 2200 bits; tests/reduce/ compares exact_sum with MPFR), which rounds to 1.0.
  CHECK(seedkit::exact_sum(std::vector<double>{1e100, 1.0, -1e100, 0.1, 0.2, -0.3}) == 1.0);
  // 2^-1074 * 3 is a subnormal; 2^1023 * 2 overflows.
  CHECK(bits(seedkit::exact_sum(std::vector<double>{f64(1), f64(1), f64(1)})) == 3u);
  const double big = std::ldexp(1.0, 1023);
  CHECK(seedkit::exact_sum(std::vector<double>{big, big}) ==
        std::numeric_limits<double>::infinity());
  CHECK(seedkit::exact_sum(std::vector<double>{-big, -big}) ==
        -std::numeric_limits<double>::infinity());
  CHECK(seedkit::exact_sum(std::vector<double>{big, big, -big}) ==
        big);  // no intermediate overflow
  // DBL_MAX + ulp/2 is a tie; DBL_MAX's significand is odd, so it rounds up
  // to 2^1024 = infinity. Slightly less stays at DBL_MAX.
  CHECK(seedkit::exact_sum(std::vector<double>{DBL_MAX, std::ldexp(1.0, 970)}) ==
        std::numeric_limits<double>::infinity());
  CHECK(seedkit::exact_sum(std::vector<double>{DBL_MAX, std::ldexp(1.0, 970), -f64(1)}) == DBL_MAX);
  // float: rounds directly from the exact value (no double rounding):
  // 1 + 2^-24 + 2^-60 is above the float tie, so it rounds up.
  CHECK(seedkit::exact_sum(std::vector<float>{
            1.0f, std::ldexp(1.0f, -24), std::ldexp(1.0f, -60)}) == std::nextafter(1.0f, 2.0f));
  CHECK(seedkit::exact_sum(std::vector<float>{1.0f, std::ldexp(1.0f, -24)}) == 1.0f);
}

TEST_CASE("exact_sum is invariant under permutation", "[reduce][exact]") {
  for (std::size_t n : {5u, 300u, 9000u, 50000u}) {
    auto v = hard_terms(n, n);
    const double want = seedkit::exact_sum(v);
    std::mt19937_64 g(n);
    for (int rep = 0; rep < 4; ++rep) {
      std::shuffle(v.begin(), v.end(), g);
      REQUIRE(bits(seedkit::exact_sum(v)) == bits(want));
      const std::list<double> l(v.begin(), v.end());  // the per-term path
      REQUIRE(bits(seedkit::exact_sum(l)) == bits(want));
    }
    std::reverse(v.begin(), v.end());
    REQUIRE(bits(seedkit::exact_sum(v)) == bits(want));
    std::vector<float> f(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) f[i] = static_cast<float>(v[i]);
    const float wf = seedkit::exact_sum(f);
    std::shuffle(f.begin(), f.end(), g);
    REQUIRE(bits(seedkit::exact_sum(f)) == bits(wf));
  }
}

TEST_CASE("exact_sum of cancelling pairs leaves the small terms", "[reduce][exact]") {
  // Big terms cancel exactly in pairs; what is left is the sum of the small
  // ones, which are integers (exactly summable in double).
  seedkit::splitmix64 g(5);
  std::vector<double> v;
  double small = 0;
  for (int i = 0; i < 20000; ++i) {
    const double big = f64((g() & 0x800fffffffffffffu) | (std::uint64_t{1500 + g() % 540} << 52));
    const double s = static_cast<double>(static_cast<int>(g() % 1000) - 500);
    v.push_back(big);
    v.push_back(s);
    v.push_back(-big);
    small += s;
  }
  std::mt19937_64 r(1);
  std::shuffle(v.begin(), v.end(), r);
  CHECK(seedkit::exact_sum(v) == small);
}

// --- special values and zero ----------------------------------------------------

TEST_CASE("special values and the sign of zero", "[reduce][special]") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto mode : all_modes) {
    INFO("mode " << static_cast<int>(mode));
    for (std::size_t n : {0u, 1u, 5u, 9000u, 70000u}) {
      for (std::size_t at : {std::size_t{0}, n / 2}) {
        if (n == 0) continue;
        std::vector<double> v(n, 1.0);
        v[at] = nan;
        CHECK(std::isnan(sum_in(mode, v)));
        v[at] = inf;
        CHECK(sum_in(mode, v) == inf);
        v[at] = -inf;
        CHECK(sum_in(mode, v) == -inf);
        if (n > 1) {
          v[n - 1] = inf;
          CHECK(std::isnan(sum_in(mode, v)));
        }
      }
    }
    const std::vector<double> empty;
    CHECK(bits(sum_in(mode, empty)) == 0u);  // +0.0
    CHECK(bits(sum_in(mode, std::vector<float>{})) == 0u);
    for (std::size_t n : {1u, 3u, 9000u}) {
      std::vector<double> z(n, -0.0);
      CHECK(bits(sum_in(mode, z)) == bits(-0.0));  // every term -0: -0
      z[n / 2] = 0.0;
      CHECK(bits(sum_in(mode, z)) == 0u);  // any +0: +0
    }
    CHECK(bits(sum_in(mode, std::vector<double>{1.0, -1.0})) == 0u);  // exact cancellation: +0
    CHECK(bits(sum_in(mode, std::vector<double>{-0.0, 2.5, -2.5, -0.0})) == 0u);
    CHECK(std::isnan(
        sum_in(mode, std::vector<float>{1.0f, std::numeric_limits<float>::quiet_NaN()})));
    // Overflow: exact rounds the exact value; the others overflow on the way.
    CHECK(sum_in(mode, std::vector<double>{DBL_MAX, DBL_MAX}) == inf);
    CHECK(sum_in(mode, std::vector<double>{-DBL_MAX, -DBL_MAX}) == -inf);
    CHECK(sum_in(mode, std::vector<float>{FLT_MAX, FLT_MAX}) ==
          std::numeric_limits<float>::infinity());
  }
  // The float exact sum overflows at the float boundary, not the double one.
  CHECK(seedkit::exact_sum(std::vector<float>{FLT_MAX, FLT_MAX, -FLT_MAX}) == FLT_MAX);
}

TEST_CASE("exact dot: special products", "[reduce][dot][special]") {
  const double inf = std::numeric_limits<double>::infinity();
  using V = std::vector<double>;
  CHECK(std::isnan(seedkit::dot(V{inf, 1.0}, V{0.0, 1.0}, reduce_mode::exact)));  // inf * 0
  CHECK(seedkit::dot(V{inf, 1.0}, V{-2.0, 1.0}, reduce_mode::exact) == -inf);
  CHECK(std::isnan(seedkit::dot(V{inf, inf}, V{1.0, -1.0}, reduce_mode::exact)));
  CHECK(bits(seedkit::dot(V{-0.0, 0.0}, V{1.0, -1.0}, reduce_mode::exact)) ==
        bits(-0.0));  // -0 + -0
  CHECK(bits(seedkit::dot(V{-0.0, 0.0}, V{1.0, 1.0}, reduce_mode::exact)) == 0u);
  // Products beyond the double range cancel exactly.
  CHECK(seedkit::dot(V{1e300, 1e300, 3.0}, V{1e300, -1e300, 0.5}, reduce_mode::exact) == 1.5);
  // Products below the subnormals add up to something representable.
  const double tiny = std::ldexp(1.0, -600);
  std::vector<double> x(1024, tiny), y(1024, std::ldexp(1.0, -500));  // 1024 * 2^-1100 = 2^-1090
  CHECK(seedkit::dot(x, y, reduce_mode::exact) ==
        0.0);  // 2^-1090 rounds to 0 (below half of 2^-1074)
  std::vector<double> x2(1u << 16, tiny),
      y2(1u << 16, std::ldexp(1.0, -490));  // 2^16 * 2^-1090 = 2^-1074
  CHECK(seedkit::dot(x2, y2, reduce_mode::exact) == f64(1));
  CHECK_THROWS_AS(seedkit::dot(V{1.0, 2.0}, V{1.0}), seedkit::error);
  CHECK_THROWS_WITH(seedkit::dot(V{1.0, 2.0}, V{1.0}),
                    Catch::Contains("differ in length (2 and 1)"));
}

TEST_CASE("exact dot equals the exact sum of the error-free products", "[reduce][dot][exact]") {
  // x*y = p + e exactly with p = fl(x*y), e = fma(x, y, -p) when nothing
  // underflows: an independent route through exact_sum.
  for (std::size_t n : {1u, 17u, 5000u}) {
    const auto x = gen_terms<double>("mixed", 7 + n, n);
    const auto y = gen_terms<double>("cancel", 8 + n, n);
    std::vector<double> terms;
    for (std::size_t i = 0; i < n; ++i) {
      const double p = x[i] * y[i];
      terms.push_back(p);
      terms.push_back(std::fma(x[i], y[i], -p));
    }
    CHECK(bits(seedkit::dot(x, y, reduce_mode::exact)) == bits(seedkit::exact_sum(terms)));
    std::vector<float> xf(n), yf(n);
    std::vector<double> pf(n);
    for (std::size_t i = 0; i < n; ++i) {
      xf[i] = static_cast<float>(x[i]);
      yf[i] = static_cast<float>(y[i]);
      pf[i] = static_cast<double>(xf[i]) * static_cast<double>(yf[i]);  // exact
    }
    seedkit::exact_accumulator acc;
    acc.add(pf);
    CHECK(bits(seedkit::dot(xf, yf, reduce_mode::exact)) == bits(acc.to_float()));
  }
}

// --- thread-count invariance ----------------------------------------------------

TEST_CASE("parallel_sum gives the serial bits for 1..16 threads in every mode",
          "[reduce][parallel]") {
  const std::size_t B = 65536;
  for (std::size_t n :
       {std::size_t{0}, std::size_t{1}, B - 1, B, B + 1, 3 * B + 12345, 9 * B + 7}) {
    const auto v = gen_terms<double>("mixed", n, n);
    const auto f = gen_terms<float>("cancel", n + 1, n);
    for (auto mode : all_modes) {
      INFO("n " << n << " mode " << static_cast<int>(mode));
      const double want = sum_in(mode, v);
      const float wantf = sum_in(mode, f);
      for (unsigned t = 1; t <= 16; ++t) {
        REQUIRE(bits(seedkit::parallel_sum(v, mode, t)) == bits(want));
        REQUIRE(bits(seedkit::parallel_sum(v.data(), v.data() + v.size(), mode, t)) == bits(want));
      }
      for (unsigned t : {1u, 2u, 5u, 16u}) {
        REQUIRE(bits(seedkit::parallel_sum(f, mode, t)) == bits(wantf));
        REQUIRE(bits(seedkit::parallel_sum(v, mode, scrambling_executor{t, n + t})) == bits(want));
      }
      REQUIRE(bits(seedkit::parallel_sum(v, mode)) == bits(want));  // hardware_concurrency
    }
  }
}

TEST_CASE("parallel_sum with up to 64 threads", "[reduce][parallel]") {
  const std::size_t n = 65 * 65536 + 3;  // 66 blocks: every thread gets work
  const auto v = gen_terms<double>("unit", 64, n);
  for (auto mode : all_modes) {
    const double want = sum_in(mode, v);
    for (unsigned t : {17u, 32u, 33u, 63u, 64u}) {
      REQUIRE(bits(seedkit::parallel_sum(v, mode, t)) == bits(want));
    }
    REQUIRE(bits(seedkit::parallel_sum(v, mode, scrambling_executor{64, 3})) == bits(want));
  }
  // Executor form with a serial executor that runs tasks backwards.
  const auto backwards = [](std::size_t count, auto&& task) {
    for (std::size_t i = count; i-- > 0;) task(i);
  };
  CHECK(bits(seedkit::parallel_sum(v, reduce_mode::pairwise, backwards)) ==
        bits(seedkit::pairwise_sum(v)));
}

TEST_CASE("parallel exact mode equals exact_sum on hard terms", "[reduce][parallel][exact]") {
  const auto v = hard_terms(77, 5 * 65536 + 99);
  const double want = seedkit::exact_sum(v);
  for (unsigned t = 1; t <= 16; ++t)
    REQUIRE(bits(seedkit::parallel_sum(v, reduce_mode::exact, t)) == bits(want));
}

// --- exact_accumulator: merge and serialization ---------------------------------

TEST_CASE("exact_accumulator merges in any grouping", "[reduce][accumulator]") {
  const auto v = hard_terms(1234, 40000);
  seedkit::exact_accumulator all;
  all.add(v);
  CHECK(bits(all.to_double()) == bits(seedkit::exact_sum(v)));
  std::mt19937_64 g(9);
  for (int rep = 0; rep < 6; ++rep) {
    // Random cut points, then merges in a random binary tree.
    std::vector<seedkit::exact_accumulator> parts;
    std::size_t pos = 0;
    while (pos < v.size()) {
      const std::size_t len = std::min<std::size_t>(v.size() - pos, 1 + g() % 12000);
      seedkit::exact_accumulator a;
      if (g() % 2) {
        a.add(v.data() + pos, v.data() + pos + len);
      } else {
        for (std::size_t i = pos; i < pos + len; ++i) a.add(v[i]);
      }
      parts.push_back(a);
      pos += len;
    }
    while (parts.size() > 1) {
      const std::size_t i = g() % parts.size();
      std::size_t j = g() % parts.size();
      if (j == i) j = (i + 1) % parts.size();
      parts[i].merge(parts[j]);
      parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(j));
    }
    REQUIRE(parts[0] == all);
    REQUIRE(bits(parts[0].to_double()) == bits(all.to_double()));
    REQUIRE(bits(parts[0].to_float()) == bits(all.to_float()));
  }
  seedkit::exact_accumulator empty;
  CHECK(empty.empty());
  CHECK(bits(empty.to_double()) == 0u);
  empty.merge(all);
  CHECK(empty == all);
}

TEST_CASE("exact_accumulator serialization round trip", "[reduce][accumulator][serialize]") {
  std::vector<seedkit::exact_accumulator> accs(6);
  accs[1].add(-0.0);
  accs[2].add(hard_terms(3, 10000));
  accs[3].add(std::numeric_limits<double>::infinity());
  accs[3].add(1.0);
  accs[4].add(-DBL_MAX);
  accs[4].add(-DBL_MAX);
  accs[5].add(std::vector<float>{1.5f, -0.25f});
  for (const auto& a : accs) {
    const auto bytes = a.to_bytes();
    REQUIRE(bytes.size() == seedkit::exact_accumulator::byte_size);
    const auto b = seedkit::exact_accumulator::from_bytes(bytes);
    CHECK(b == a);
    CHECK(bits(b.to_double()) == bits(a.to_double()));
    CHECK(b.to_bytes() == bytes);
  }
  // Partials from "ranks": to_bytes, from_bytes, merge.
  const auto v = hard_terms(8, 30000);
  seedkit::exact_accumulator r0, r1, total;
  r0.add(v.data(), v.data() + 10000);
  r1.add(v.data() + 10000, v.data() + v.size());
  total = seedkit::exact_accumulator::from_bytes(r1.to_bytes());
  total.merge(seedkit::exact_accumulator::from_bytes(r0.to_bytes()));
  CHECK(bits(total.to_double()) == bits(seedkit::exact_sum(v)));
}

TEST_CASE("exact_accumulator::from_bytes rejects malformed input",
          "[reduce][accumulator][serialize]") {
  using acc = seedkit::exact_accumulator;
  seedkit::exact_accumulator a;
  a.add(hard_terms(11, 500));
  const auto good = a.to_bytes();
  CHECK_THROWS_WITH(acc::from_bytes(std::vector<std::uint8_t>{}),
                    Catch::Contains("expected exactly 292 bytes"));
  auto shorter = good;
  shorter.pop_back();
  CHECK_THROWS_WITH(acc::from_bytes(shorter), Catch::Contains("got 291"));
  auto longer = good;
  longer.push_back(0);
  CHECK_THROWS_AS(acc::from_bytes(longer), seedkit::error);
  auto magic = good;
  magic[0] = 'X';
  CHECK_THROWS_WITH(acc::from_bytes(magic), Catch::Contains("bad magic"));
  auto version = good;
  version[4] = 2;
  CHECK_THROWS_WITH(acc::from_bytes(version), Catch::Contains("unsupported format version 2"));
  auto flags = good;
  flags[5] = 0x80;
  CHECK_THROWS_WITH(acc::from_bytes(flags), Catch::Contains("reserved bits"));
  auto chunks = good;
  chunks[6] = 67;
  CHECK_THROWS_WITH(acc::from_bytes(chunks), Catch::Contains("chunk count 67"));
  auto sum = good;
  sum[100] ^= 1;
  CHECK_THROWS_WITH(acc::from_bytes(sum), Catch::Contains("checksum mismatch"));
  CHECK_THROWS_WITH(acc::from_bytes(nullptr, 5), Catch::Contains("null data"));
  // Every single-byte corruption is caught.
  for (std::size_t i = 0; i < good.size(); ++i) {
    auto bad = good;
    bad[i] = static_cast<std::uint8_t>(bad[i] ^ 0x40);
    CHECK_THROWS_AS(acc::from_bytes(bad), seedkit::error);
  }
}

// The fuzzing campaign found from_bytes accepting a top chunk of exactly
// 2^62: merging two such states was signed overflow (UBSan), and two states
// just below 2^62 merged into one whose own bytes were refused. The accepted
// range is now what sums can produce, with room for merges.
namespace {
std::vector<std::uint8_t> with_top(std::vector<std::uint8_t> bytes, std::int64_t top) {
  const std::size_t at = seedkit::exact_accumulator::byte_size - 16;  // chunk 67, 8 bytes
  for (int i = 0; i < 8; ++i) {
    bytes[at + static_cast<std::size_t>(i)] =
        static_cast<std::uint8_t>(static_cast<std::uint64_t>(top) >> (8 * i));
  }
  const std::uint64_t sum = seedkit::detail::fnv1a64(bytes.data(), bytes.size() - 8);
  for (int i = 0; i < 8; ++i) {
    bytes[bytes.size() - 8 + static_cast<std::size_t>(i)] =
        static_cast<std::uint8_t>(sum >> (8 * i));
  }
  return bytes;
}
}  // namespace

TEST_CASE("exact_accumulator bytes: the top chunk is bounded by what sums reach",
          "[reduce][accumulator][serialize]") {
  using acc = seedkit::exact_accumulator;
  acc one;
  one.add(1.0);
  const auto good = one.to_bytes();
  const std::int64_t limit = std::int64_t{1} << 40;
  for (const std::int64_t top :
       {std::int64_t{1} << 62, -(std::int64_t{1} << 62), limit + 1, -limit - 1,
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    INFO("top " << top);
    CHECK_THROWS_WITH(acc::from_bytes(with_top(good, top)),
                      Catch::Contains("top chunk") && Catch::Contains("2^40"));
  }
  // At the limit: accepted, and 2^22 - 1 merges of such states stay exact
  // (no signed overflow under UBSan) and keep their sign.
  acc big = acc::from_bytes(with_top(good, limit));
  CHECK(big.to_double() == std::numeric_limits<double>::infinity());
  acc total = big;
  for (int i = 0; i < 21; ++i) total.merge(acc(total));  // 2^21 copies
  CHECK(total.to_double() == std::numeric_limits<double>::infinity());
  acc negative = acc::from_bytes(with_top(good, -limit));
  CHECK(negative.to_double() == -std::numeric_limits<double>::infinity());
  big.merge(negative);
  CHECK(big.to_double() == 1.0 + 1.0);  // the low chunks of both: 1.0 each
  // A state beyond the limit cannot be written as bytes that would be refused.
  CHECK_THROWS_WITH(total.to_bytes(), Catch::Contains("2^40"));
}

// --- mean and variance ----------------------------------------------------------

TEST_CASE("mean and variance follow their documented formulas", "[reduce][stats]") {
  const std::vector<double> small = {1.0, 2.0, 3.0, 4.0};
  for (auto mode : all_modes) {
    CHECK(seedkit::mean(small, mode) == 2.5);
    CHECK(seedkit::variance(small, mode) == 1.25);
    CHECK(seedkit::variance(small, mode, 1) == 5.0 / 3.0);
    CHECK(std::isnan(seedkit::mean(std::vector<double>{}, mode)));
    CHECK(std::isnan(seedkit::variance(std::vector<double>{1.0}, mode, 1)));
    CHECK(seedkit::variance(std::vector<double>(1000, 0.375), mode) == 0.0);
  }
  const auto v = gen_terms<double>("mixed", 5, 100000);
  const std::list<double> l(v.begin(), v.end());
  for (auto mode : all_modes) {
    const double m = seedkit::sum(v, mode) / static_cast<double>(v.size());
    CHECK(bits(seedkit::mean(v, mode)) == bits(m));
    CHECK(bits(seedkit::mean(l, mode)) == bits(m));
    std::vector<double> d(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) d[i] = v[i] - m;
    const double var = seedkit::dot(d, d, mode) / static_cast<double>(v.size());
    CHECK(bits(seedkit::variance(v, mode)) == bits(var));
    CHECK(bits(seedkit::variance(l, mode)) == bits(var));
  }
  const auto f = gen_terms<float>("unit", 6, 3000);
  for (auto mode : all_modes) {
    const float m = seedkit::sum(f, mode) / 3000.0f;
    std::vector<float> d(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) d[i] = f[i] - m;
    CHECK(bits(seedkit::variance(f, mode, 1)) == bits(seedkit::dot(d, d, mode) / 2999.0f));
  }
}

// --- accuracy (sanity bounds, against the exact sum) -----------------------------

TEST_CASE("pairwise and compensated stay close to the exact sum", "[reduce][accuracy]") {
  const auto v = gen_terms<double>("unit", 42, 1000000);
  const double exact = seedkit::exact_sum(v);
  double abs_sum = 0;
  for (double x : v) abs_sum += std::fabs(x);
  const double eps = std::numeric_limits<double>::epsilon();
  // Bounds: pairwise ~ (log2(n/256) + 16 + 4) eps sum|x|; compensated ~ 2 eps |s| + n eps^2 sum|x|.
  CHECK(std::fabs(seedkit::pairwise_sum(v) - exact) <= 40 * eps * abs_sum);
  CHECK(std::fabs(seedkit::compensated_sum(v) - exact) <=
        2 * eps * std::fabs(exact) + 1e6 * eps * eps * abs_sum);
}

// Tests for seedkit/distributions.hpp.
//
// 1. Golden values: tests/reference/distributions_golden.txt, written by the
//    independent Python reference tests/reference/distributions.py from the
//    specification in docs/distributions.md, fed by SplitMix64 words (whose
//    published outputs both sides check) or literal word lists. Bit-exact,
//    including the number of generator calls.
// 2. Statistical tests with fixed seeds. Thresholds are the 1 - 1e-4
//    quantiles (a correct implementation fails one for about one seed in
//    10^4; the seeds are fixed, so the outcome is deterministic):
//      chi-square, 9 dof: 33.72; 11 dof: 37.37; 2 dof: 18.42; 4 dof: 23.51
//      (regularised incomplete gamma, computed with Python's math.lgamma);
//      Kolmogorov-Smirnov: sqrt(n) * D < 2.2253 (asymptotic, sqrt(-ln(5e-5)/2)).
//    The chi-square test of uniform_int is shown to fail for the modulo-biased
//    draw and for multiply-shift without rejection.
// 3. Every bad parameter throws seedkit::error naming the parameter.
#include "seedkit/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/golden.hpp"
#include "support/stats.hpp"

#include "distributions/golden_checks.hpp"
#include "seedkit/philox.hpp"
#include "seedkit/splitmix64.hpp"

namespace {

// --- compile-time contracts ---------------------------------------------------
static_assert(seedkit::detail::urbg_word_bits<seedkit::philox4x32>::value == 32, "");
static_assert(seedkit::detail::urbg_word_bits<seedkit::philox4x64>::value == 64, "");
static_assert(seedkit::detail::urbg_word_bits<std::mt19937>::value == 32, "");
static_assert(seedkit::detail::urbg_word_bits<std::mt19937_64>::value == 64, "");
static_assert(seedkit::detail::urbg_word_bits<seedkit::splitmix64>::value == 64, "");
static_assert(std::is_same<seedkit::uniform_int<short>::result_type, short>::value, "");
static_assert(std::is_same<seedkit::uniform_real<float>::result_type, float>::value, "");
static_assert(std::is_same<seedkit::discrete::result_type, std::size_t>::value, "");
static_assert(noexcept(std::declval<const seedkit::bernoulli&>().p()), "accessors are noexcept");
static_assert(seedkit::distributions_bit_identical == (SEEDKIT_FAST_MATH == 0), "");

const double chi2_crit_2 = 18.421;
const double chi2_crit_4 = 23.513;
const double chi2_crit_9 = 33.720;
const double chi2_crit_11 = 37.367;
const double ks_crit = 2.2253;

using seedkit_test::chi_square;

// Chi-square of n draws bucketed by bucket(value), against equal buckets.
template <class Draw, class Bucket>
double chi_square_uniform(Draw draw, std::size_t n, std::size_t buckets, Bucket bucket) {
  std::vector<std::size_t> counts(buckets);
  for (std::size_t i = 0; i < n; ++i) ++counts[bucket(draw())];
  return chi_square(counts, std::vector<double>(buckets, 1.0 / static_cast<double>(buckets)));
}

// sqrt(n) * sup |F_n - F| for sorted samples.
double ks_statistic(std::vector<double> xs, const std::function<double(double)>& cdf) {
  std::sort(xs.begin(), xs.end());
  const auto n = static_cast<double>(xs.size());
  double d = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max(d, std::max(static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n));
  }
  return std::sqrt(n) * d;
}

template <class Fn>
std::string error_message(Fn fn) {
  try {
    fn();
  } catch (const seedkit::error& e) {
    return e.what();
  }
  return "(no seedkit::error thrown)";
}

std::uint64_t popcount(std::uint64_t w) {
  std::uint64_t c = 0;
  for (; w != 0; w &= w - 1) ++c;
  return c;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("distributions reproduce the Python reference bit for bit", "[distributions][golden]") {
  const golden::report r =
      golden::check_file(seedkit_test::reference_path("distributions_golden.txt"));
  for (const auto& f : r.failures) FAIL_CHECK(f);
  CHECK(r.cases > 100);
}

TEST_CASE("a replayed word list gives the documented word combination", "[distributions]") {
  // 64-bit word from a 32-bit generator: first call is the high half.
  golden::replay_words<std::uint32_t> g32({0x12345678u, 0x9abcdef0u});
  CHECK(seedkit::detail::bits64(g32) == 0x123456789abcdef0u);
  // 32-bit word from a 64-bit generator: the high half.
  golden::replay_words<std::uint64_t> g64({0x123456789abcdef0u});
  CHECK(seedkit::detail::bits32(g64) == 0x12345678u);
  // uniform_real<double> on [0, 1) is the top 53 bits times 2^-53.
  golden::replay_words<std::uint64_t> g({0xffffffffffffffffu, 0x0000000000000800u});
  seedkit::uniform_real<double> u;
  CHECK(u(g) == 1.0 - 0x1p-53);
  CHECK(u(g) == 0x1p-53);
}

TEST_CASE("portable exp and log are accurate to a few ulp", "[distributions][math]") {
  // std::exp / std::log serve as an accuracy oracle here only; the bits are
  // pinned by the golden file.
  double worst_exp = 0, worst_log = 0;
  for (int i = 0; i <= 200000; ++i) {
    const double x = -708.0 + 1417.0 * i / 200000.0;
    const double ref = std::exp(x);
    worst_exp = std::max(worst_exp, std::fabs(seedkit::detail::portable_exp(x) - ref) / ref);
    const double y = std::ldexp(1.0 + i / 200000.0, i % 2000 - 1000);
    const double lref = std::log(y);
    if (lref != 0)
      worst_log =
          std::max(worst_log, std::fabs(seedkit::detail::portable_log(y) - lref) / std::fabs(lref));
  }
  CHECK(worst_exp < 4 * 0x1p-53);
  CHECK(worst_log < 4 * 0x1p-53);
  CHECK(seedkit::detail::portable_exp(0.0) == 1.0);
  CHECK(seedkit::detail::portable_log(1.0) == 0.0);
  CHECK(seedkit::detail::portable_exp(-1000.0) == 0.0);
  CHECK(std::isinf(seedkit::detail::portable_exp(1000.0)));
  CHECK(std::isinf(seedkit::detail::portable_log(0.0)));
  CHECK(std::isnan(seedkit::detail::portable_log(-1.0)));
  CHECK(std::fabs(seedkit::detail::portable_log(5e-324) - std::log(5e-324)) < 1e-13);
}

// --- uniform_int ----------------------------------------------------------------
namespace {
// Biased draws the chi-square test must reject.
template <class G>
std::uint64_t modulo_draw(G& g, std::uint64_t s) {
  if (s <= 0xffffffffu) return seedkit::detail::bits32(g) % s;
  return seedkit::detail::bits64(g) % s;
}
template <class G>
std::uint64_t multiply_shift_draw(G& g, std::uint64_t s) {  // Lemire without the rejection
  return (std::uint64_t{seedkit::detail::bits32(g)} * s) >> 32;
}
}  // namespace

TEST_CASE("uniform_int passes chi-square on small ranges", "[distributions][uniform_int][stats]") {
  seedkit::philox4x32 g(2024);
  seedkit::uniform_int<int> d(0, 9);
  const double x2 = chi_square_uniform([&] { return d(g); }, 1000000, 10,
                                       [](int v) { return static_cast<std::size_t>(v); });
  CHECK(x2 < chi2_crit_9);
  std::mt19937_64 g64(7);
  seedkit::uniform_int<std::int64_t> d64(-5, 4);
  const double y2 =
      chi_square_uniform([&] { return d64(g64); }, 1000000, 10,
                         [](std::int64_t v) { return static_cast<std::size_t>(v + 5); });
  CHECK(y2 < chi2_crit_9);
}

TEST_CASE("uniform_int chi-square catches modulo bias where a correct draw passes",
          "[distributions][uniform_int][stats]") {
  // s = 3 * 2^30 on 32-bit words: x % s hits [0, 2^30) twice as often.
  // Twelve buckets of 2^28 values, and three residues mod 3 (which is where
  // multiply-shift without rejection is biased: floor(3x/4) gives residue 0
  // two preimages out of every four).
  const std::uint64_t s32 = std::uint64_t{3} << 30;
  const auto by_block = [](std::uint64_t v) { return static_cast<std::size_t>(v >> 28); };
  const auto by_residue = [](std::uint64_t v) { return static_cast<std::size_t>(v % 3); };
  const std::size_t n = 300000;
  {
    seedkit::philox4x32 g(99);
    seedkit::uniform_int<std::uint64_t> d(0, s32 - 1);
    CHECK(chi_square_uniform([&] { return d(g); }, n, 12, by_block) < chi2_crit_11);
    CHECK(chi_square_uniform([&] { return d(g); }, n, 3, by_residue) < chi2_crit_2);
  }
  {
    seedkit::philox4x32 g(99);
    CHECK(chi_square_uniform([&] { return modulo_draw(g, s32); }, n, 12, by_block) > chi2_crit_11);
    CHECK(chi_square_uniform([&] { return multiply_shift_draw(g, s32); }, n, 3, by_residue) >
          chi2_crit_2);
  }
  // The 64-bit path: s = 3 * 2^62, buckets of 2^60.
  const std::uint64_t s64 = std::uint64_t{3} << 62;
  const auto by_block64 = [](std::uint64_t v) { return static_cast<std::size_t>(v >> 60); };
  {
    std::mt19937_64 g(5);
    seedkit::uniform_int<std::uint64_t> d(0, s64 - 1);
    CHECK(chi_square_uniform([&] { return d(g); }, n, 12, by_block64) < chi2_crit_11);
  }
  {
    std::mt19937_64 g(5);
    CHECK(chi_square_uniform([&] { return modulo_draw(g, s64); }, n, 12, by_block64) >
          chi2_crit_11);
  }
}

TEST_CASE("uniform_int covers full ranges and extreme types", "[distributions][uniform_int]") {
  seedkit::splitmix64 g(1);
  seedkit::uniform_int<std::int8_t> d8(-128, 127);
  bool seen_min = false, seen_max = false;
  for (int i = 0; i < 20000; ++i) {
    const auto v = d8(g);
    seen_min = seen_min || v == -128;
    seen_max = seen_max || v == 127;
  }
  CHECK(seen_min);
  CHECK(seen_max);
  seedkit::uniform_int<std::uint64_t> full;
  golden::replay_words<std::uint64_t> words({42u, ~std::uint64_t{0}});
  CHECK(full(words) == 42u);
  CHECK(full(words) == ~std::uint64_t{0});
  seedkit::uniform_int<int> one(7, 7);
  CHECK(one(g) == 7);
}

// --- uniform_real ---------------------------------------------------------------
TEST_CASE("uniform_real passes Kolmogorov-Smirnov", "[distributions][uniform_real][stats]") {
  std::mt19937_64 g(11);
  seedkit::uniform_real<double> d(-2.0, 3.0);
  std::vector<double> xs(1000000);
  for (auto& x : xs) x = d(g);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= -2.0);
  CHECK(*std::max_element(xs.begin(), xs.end()) < 3.0);
  CHECK(ks_statistic(xs, [](double x) { return (x + 2.0) / 5.0; }) < ks_crit);

  seedkit::philox4x32 g32(12);
  seedkit::uniform_real<float> f;
  for (auto& x : xs) x = static_cast<double>(f(g32));
  CHECK(*std::max_element(xs.begin(), xs.end()) < 1.0);
  CHECK(ks_statistic(xs, [](double x) { return x; }) < ks_crit);
}

// --- bernoulli, dropout_mask ------------------------------------------------------
TEST_CASE("bernoulli and dropout_mask frequencies match p", "[distributions][bernoulli][stats]") {
  seedkit::philox4x64 g(3);
  for (double p : {0.0, 0.1, 0.5, 0.9, 1.0}) {
    seedkit::bernoulli b(p);
    const int n = 200000;
    int ones = 0;
    for (int i = 0; i < n; ++i) ones += b(g) ? 1 : 0;
    const double sd = std::sqrt(n * p * (1 - p));
    INFO("p = " << p);
    CHECK(std::fabs(ones - n * p) <= 4.5 * sd);  // |z| < 4.5; exact at p = 0 and 1
    seedkit::dropout_mask m(p);
    CHECK(std::fabs(m.effective_keep_probability() - p) <= 0x1p-17);
    std::uint64_t kept = 0;
    const std::size_t words = 4000;
    for (std::size_t i = 0; i < words; ++i) kept += popcount(m(g));
    const double bits = 64.0 * words, q = m.effective_keep_probability();
    CHECK(std::fabs(static_cast<double>(kept) - bits * q) <= 4.5 * std::sqrt(bits * q * (1 - q)));
  }
  seedkit::dropout_mask m(0.9);
  CHECK(m.keep_numerator() == 58982u);  // round(0.9 * 65536) = round(58982.4)
  CHECK(m.words_per_mask_word() == 15u);
  CHECK(seedkit::dropout_mask(0.5).words_per_mask_word() == 1u);
  CHECK(seedkit::dropout_mask(0.0).words_per_mask_word() == 0u);
  CHECK(seedkit::dropout_mask(0.5 + 0x1p-17).keep_numerator() == 32768u);  // tie to even
  CHECK(seedkit::dropout_mask(0.5 + 3 * 0x1p-17).keep_numerator() == 32770u);
  // fill zeroes the bits past n.
  std::uint64_t w[2] = {0, 0};
  seedkit::dropout_mask(1.0).fill(g, w, 70);
  CHECK(w[0] == ~std::uint64_t{0});
  CHECK(w[1] == 0x3fu);
}

// --- normal, truncated_normal, exponential -----------------------------------------
TEST_CASE("normal passes Kolmogorov-Smirnov", "[distributions][normal][stats]") {
  std::mt19937_64 g(21);
  seedkit::normal<double> d(1.5, 2.0);
  std::vector<double> xs(1000000);
  for (auto& x : xs) x = d(g);
  CHECK(ks_statistic(xs, [](double x) {
          return 0.5 * std::erfc(-(x - 1.5) / (2.0 * std::sqrt(2.0)));
        }) < ks_crit);
  // The tails beyond the ziggurat's r = 3.654 are populated as they should be:
  // P(|Z| > r) = 2.58e-4, so about 258 of 10^6 (|z| < 4.5 sigma of Poisson).
  std::size_t tail = 0;
  for (double x : xs)
    tail += std::fabs((x - 1.5) / 2.0) > seedkit::detail::ziggurat_normal_r ? 1 : 0;
  CHECK(std::fabs(static_cast<double>(tail) - 258.1) < 4.5 * std::sqrt(258.1));

  seedkit::philox4x32 g32(22);
  seedkit::normal<float> f;
  for (auto& x : xs) x = static_cast<double>(f(g32));
  CHECK(ks_statistic(xs, [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }) < ks_crit);
}

TEST_CASE("truncated_normal stays in bounds and passes Kolmogorov-Smirnov",
          "[distributions][truncated_normal][stats]") {
  std::mt19937_64 g(31);
  seedkit::truncated_normal<double> d(0.0, 1.0, -1.0, 2.0);
  std::vector<double> xs(200000);
  for (auto& x : xs) x = d(g);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= -1.0);
  CHECK(*std::max_element(xs.begin(), xs.end()) <= 2.0);
  const auto phi = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  const double lo = phi(-1.0), hi = phi(2.0);
  CHECK(ks_statistic(xs, [&](double x) { return (phi(x) - lo) / (hi - lo); }) < ks_crit);
  seedkit::truncated_normal<float> w(0.0f, 0.02f, -0.04f, 0.04f);
  for (int i = 0; i < 10000; ++i) {
    const float v = w(g);
    REQUIRE(v >= -0.04f);
    REQUIRE(v <= 0.04f);
  }
  // A far one-sided tail is still accepted (P = 2.3e-4 at 3.5 sigma).
  CHECK_NOTHROW(seedkit::truncated_normal<double>(0.0, 1.0, 3.4, HUGE_VAL));
}

TEST_CASE("exponential passes Kolmogorov-Smirnov", "[distributions][exponential][stats]") {
  std::mt19937_64 g(41);
  seedkit::exponential<double> d(0.5);
  std::vector<double> xs(1000000);
  for (auto& x : xs) x = d(g);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.0);
  CHECK(ks_statistic(xs, [](double x) { return -std::expm1(-0.5 * x); }) < ks_crit);
  // Beyond the ziggurat's r = 7.697 (in units of the mean): P = e^-r = 4.54e-4.
  std::size_t tail = 0;
  for (double x : xs) tail += x * 0.5 > seedkit::detail::ziggurat_exponential_r ? 1 : 0;
  CHECK(std::fabs(static_cast<double>(tail) - 454.3) < 4.5 * std::sqrt(454.3));
}

// --- discrete ---------------------------------------------------------------------
TEST_CASE("discrete passes chi-square and never draws a zero weight",
          "[distributions][discrete][stats]") {
  seedkit::philox4x32 g(51);
  const std::vector<double> w = {1.0, 2.0, 0.0, 3.0, 4.0, 0.5};
  seedkit::discrete d(w);
  std::vector<std::size_t> counts(w.size());
  for (int i = 0; i < 1000000; ++i) ++counts[d(g)];
  CHECK(counts[2] == 0u);
  std::vector<std::size_t> c5 = {counts[0], counts[1], counts[3], counts[4], counts[5]};
  std::vector<double> p5 = {1 / 10.5, 2 / 10.5, 3 / 10.5, 4 / 10.5, 0.5 / 10.5};
  CHECK(chi_square(c5, p5) < chi2_crit_4);
  // The table reproduces the probabilities to within the 2^-64 quantum.
  std::vector<double> mass(w.size());
  const auto n = static_cast<double>(w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto& col = d.table()[i];
    const double keep = col.alias == i ? 1.0 : static_cast<double>(col.threshold) * 0x1p-64;
    mass[i] += keep / n;
    mass[col.alias] += (1.0 - keep) / n;
  }
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(std::fabs(mass[i] - w[i] / 10.5) < 1e-15);
}

// --- bad input ----------------------------------------------------------------------
TEST_CASE("bad parameters throw seedkit::error naming the parameter", "[distributions][errors]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  std::string m;

  m = error_message([] { seedkit::uniform_int<int>(5, 4); });
  CHECK(contains(m, "uniform_int"));
  CHECK(contains(m, "a = 5"));
  CHECK(contains(m, "b = 4"));

  for (auto ab : {std::make_pair(1.0, 1.0), std::make_pair(2.0, 1.0), std::make_pair(nan, 1.0),
                  std::make_pair(0.0, inf), std::make_pair(-1e308, 1e308)}) {
    m = error_message([&] { seedkit::uniform_real<double>(ab.first, ab.second); });
    CHECK(contains(m, "uniform_real"));
    CHECK(contains(m, "a < b"));
  }
  m = error_message([] { seedkit::uniform_real<float>(1.0f, 0.0f); });
  CHECK(contains(m, "[1, 0)"));

  for (double p : {-0.1, 1.5, nan, inf}) {
    m = error_message([&] { seedkit::bernoulli b(p); });
    CHECK(contains(m, "bernoulli: p = "));
    CHECK(contains(m, "[0, 1]"));
    m = error_message([&] { seedkit::dropout_mask d(p); });
    CHECK(contains(m, "keep_probability = "));
  }
  m = error_message([] { seedkit::bernoulli b(1.5); });
  CHECK(contains(m, "p = 1.5"));

  for (double s : {-1.0, nan, inf}) {
    m = error_message([&] { seedkit::normal<double>(0.0, s); });
    CHECK(contains(m, "normal: stddev = "));
    m = error_message([&] { seedkit::truncated_normal<double>(0.0, s, -1.0, 1.0); });
    CHECK(contains(m, "stddev = "));
  }
  CHECK_NOTHROW(seedkit::normal<double>(0.0, 0.0));
  m = error_message([&] { seedkit::normal<double>(nan, 1.0); });
  CHECK(contains(m, "mean = nan"));
  m = error_message([] { seedkit::truncated_normal<double>(0.0, 0.0, -1.0, 1.0); });
  CHECK(contains(m, "stddev = 0"));
  m = error_message([] { seedkit::truncated_normal<double>(0.0, 1.0, 1.0, -1.0); });
  CHECK(contains(m, "lo < hi"));
  m = error_message([&] { seedkit::truncated_normal<double>(0.0, 1.0, nan, 1.0); });
  CHECK(contains(m, "lo < hi"));
  m = error_message([] { seedkit::truncated_normal<double>(0.0, 1.0, 6.0, 7.0); });
  CHECK(contains(m, "too little probability"));
  m = error_message([] { seedkit::truncated_normal<double>(0.0, 1.0, 0.0, 1e-7); });
  CHECK(contains(m, "too little probability"));

  for (double l : {0.0, -1.0, nan, inf}) {
    m = error_message([&] { seedkit::exponential<double> e(l); });
    CHECK(contains(m, "exponential: lambda = "));
  }

  m = error_message([] { seedkit::discrete d(std::vector<double>{}); });
  CHECK(contains(m, "weights is empty"));
  m = error_message([] { seedkit::discrete d{0.0, 0.0}; });
  CHECK(contains(m, "all 2 weights are zero"));
  m = error_message([] { seedkit::discrete d{1.0, -2.0}; });
  CHECK(contains(m, "weights[1] = -2 is negative"));
  m = error_message([&] { seedkit::discrete d{1.0, 1.0, nan}; });
  CHECK(contains(m, "weights[2] = nan is NaN"));
  m = error_message([&] { seedkit::discrete d{inf}; });
  CHECK(contains(m, "weights[0] = inf is infinite"));
  m = error_message([] { seedkit::discrete d{1e308, 1e308}; });
  CHECK(contains(m, "sum to infinity"));
}

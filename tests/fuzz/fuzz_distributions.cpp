// Fuzz target: seedkit's distributions, shuffles and data utilities
// (include/seedkit/distributions.hpp, shuffle.hpp, data.hpp) with
// parameters chosen by the input, hostile ones included (huge, tiny, NaN,
// infinities, negative counts, sizes of 2^40 and more).
//
// Every call must return or throw seedkit::error: any other exception
// (std::bad_alloc, std::length_error, ...), a crash or undefined behaviour
// is a finding. Parameters the documentation rejects must be rejected with
// seedkit::error. What a call returns must meet its documented
// postconditions (results in range, finite reals, permutations, partitions,
// a sample is a prefix of the permutation the same generator state gives,
// split_by_counts gives split_by_fractions' sets for the same sizes, ...).
//
// Sizes are either small (at most `cap`, so one input runs in milliseconds)
// or huge (2^40 or more): a huge size cannot be honoured with memory, so it
// must be refused with seedkit::error unless the call needs only O(small)
// memory (sample(n, k) with a small k, shard_size, fraction_split_sizes).
// Sizes in between are never passed: they would be legitimate but slow.
// A single allocation above 1 GiB throws std::bad_alloc here (fuzz_new.hpp),
// as operator new does when memory runs out, so a size beyond memory is
// refused the way it would be on a real machine.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "fuzz_common.hpp"
#include "fuzz_new.hpp"
#include "seedkit/data.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/stream.hpp"

namespace {

using fuzz::expect_error;
using fuzz::expect_ok_or_error;
using fuzz::outcome;
using fuzz::str;

constexpr std::size_t cap = 300;  // the largest "small" size
constexpr std::uint64_t huge_min = std::uint64_t{1} << 40;

double hostile_double(FuzzedDataProvider& in) {
  static const double table[] = {0.0,
                                 -0.0,
                                 1.0,
                                 -1.0,
                                 0.5,
                                 2.0,
                                 0.1,
                                 3.5,
                                 -3.5,
                                 40.0,
                                 1e6,
                                 1e-300,
                                 -1e-300,
                                 1e300,
                                 -1e300,
                                 DBL_MIN,
                                 std::numeric_limits<double>::denorm_min(),
                                 DBL_MAX,
                                 -DBL_MAX,
                                 std::numeric_limits<double>::infinity(),
                                 -std::numeric_limits<double>::infinity(),
                                 std::numeric_limits<double>::quiet_NaN(),
                                 -std::numeric_limits<double>::quiet_NaN(),
                                 1.0 - 0x1p-53,
                                 1.0 + 0x1p-52,
                                 0x1p53,
                                 0x1p64,
                                 static_cast<double>(FLT_MAX),
                                 0x1p-16,
                                 1.0 - 0x1p-17,
                                 0x1p-17,
                                 1e-6};
  constexpr std::size_t n = sizeof table / sizeof table[0];
  const std::size_t pick = in.ConsumeIntegralInRange<std::size_t>(0, n + 3);
  if (pick < n) return table[pick];
  if (pick == n) return fuzz::double_from_bits(in.ConsumeIntegral<std::uint64_t>());
  if (pick == n + 1) return in.ConsumeProbability<double>();
  return in.ConsumeFloatingPoint<double>();
}

float hostile_float(FuzzedDataProvider& in) {
  static const float table[] = {0.0f,
                                0.5f,
                                1.0f,
                                -1.0f,
                                2.0f,
                                -2.0f,
                                1e-45f,
                                FLT_MIN,
                                FLT_MAX,
                                -FLT_MAX,
                                1e30f,
                                -1e30f,
                                std::numeric_limits<float>::infinity(),
                                -std::numeric_limits<float>::infinity(),
                                std::numeric_limits<float>::quiet_NaN(),
                                1.0f - 0x1p-24f};
  constexpr std::size_t n = sizeof table / sizeof table[0];
  const std::size_t pick = in.ConsumeIntegralInRange<std::size_t>(0, n + 1);
  if (pick < n) return table[pick];
  if (pick == n) return fuzz::float_from_bits(in.ConsumeIntegral<std::uint32_t>());
  return in.ConsumeFloatingPointInRange<float>(-100.0f, 100.0f);
}

// A size: small (at most `small`) most of the time, else huge.
std::size_t size_arg(FuzzedDataProvider& in, std::size_t small = cap) {
  static const std::uint64_t huge[] = {huge_min,
                                       std::uint64_t{1} << 48,
                                       std::uint64_t{1} << 53,
                                       (std::uint64_t{1} << 53) + 1,
                                       std::uint64_t{1} << 60,
                                       (std::uint64_t{1} << 61) + 3,
                                       std::uint64_t{1} << 62,
                                       std::uint64_t{1} << 63,
                                       ~std::uint64_t{0} / 2,
                                       ~std::uint64_t{0} - 1,
                                       ~std::uint64_t{0}};
  const unsigned pick = in.ConsumeIntegralInRange<unsigned>(0, 15);
  if (pick < 12) return in.ConsumeIntegralInRange<std::size_t>(0, small);
  if (pick < 15)
    return static_cast<std::size_t>(huge[in.ConsumeIntegralInRange<std::size_t>(0, 10)]);
  return static_cast<std::size_t>(
      in.ConsumeIntegralInRange<std::uint64_t>(huge_min, ~std::uint64_t{0}));
}

bool is_huge(std::uint64_t n) { return n >= huge_min; }

// An integer of any type as decimal text.
template <class Int>
std::string num(Int x) {
  return std::is_signed<Int>::value ? std::to_string(static_cast<long long>(x))
                                    : std::to_string(static_cast<unsigned long long>(x));
}

std::vector<double> weights_arg(FuzzedDataProvider& in) {
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 64);
  std::vector<double> w(n);
  for (auto& x : w) {
    x = in.ConsumeBool() ? static_cast<double>(in.ConsumeIntegralInRange<int>(0, 100))
                         : hostile_double(in);
  }
  return w;
}

// Whether discrete / the weighted samplers must reject these weights.
bool bad_weights(const std::vector<double>& w) {
  if (w.empty()) return true;
  double sum = 0.0;
  for (double x : w) {
    if (std::isnan(x) || x < 0 || std::isinf(x)) return true;
    sum = sum + x;
  }
  return sum == 0.0 || !std::isfinite(sum);
}

std::string vec_str(const std::vector<double>& w) {
  std::string s = "{";
  for (std::size_t i = 0; i < w.size() && i < 8; ++i) s += (i ? ", " : "") + str(w[i]);
  return s + (w.size() > 8 ? ", ...}" : "}");
}

bool is_permutation_of_iota(const std::vector<std::size_t>& p, std::size_t n) {
  if (p.size() != n) return false;
  std::vector<char> seen(n, 0);
  for (std::size_t x : p) {
    if (x >= n || seen[x]) return false;
    seen[x] = 1;
  }
  return true;
}

bool distinct_below(const std::vector<std::size_t>& p, std::size_t n) {
  std::vector<std::size_t> s(p);
  std::sort(s.begin(), s.end());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= n || (i > 0 && s[i] == s[i - 1])) return false;
  }
  return true;
}

// --- distributions ---------------------------------------------------------------

template <class Int, class G>
void op_uniform_int(FuzzedDataProvider& in, G& g, const char* type) {
  const Int a = in.ConsumeIntegral<Int>();
  const Int b = in.ConsumeBool()
                    ? in.ConsumeIntegralInRange<Int>(a, std::numeric_limits<Int>::max())
                    : in.ConsumeIntegral<Int>();
  const std::string call = std::string("uniform_int<") + type + ">(" + num(a) + ", " + num(b) + ")";
  if (a > b) {
    expect_error(call, [&] { seedkit::uniform_int<Int> d(a, b); });
    return;
  }
  expect_ok_or_error(call, [&] {
    const seedkit::uniform_int<Int> d(a, b);
    for (int i = 0; i < 4; ++i) {
      const Int x = d(g);
      FUZZ_CHECK(a <= x && x <= b, "%s drew %s", call.c_str(), num(x).c_str());
    }
  });
}

template <class Real, class G>
void op_uniform_real(G& g, Real a, Real b, const char* type) {
  const std::string call =
      std::string("uniform_real<") + type + ">(" + str(a) + ", " + str(b) + ")";
  if (!std::isfinite(a) || !std::isfinite(b) || !(a < b) || !std::isfinite(b - a)) {
    expect_error(call, [&] { seedkit::uniform_real<Real> d(a, b); });
    return;
  }
  expect_ok_or_error(call, [&] {
    const seedkit::uniform_real<Real> d(a, b);
    for (int i = 0; i < 4; ++i) {
      const Real x = d(g);
      FUZZ_CHECK(a <= x && x < b, "%s drew %s, outside [a, b)", call.c_str(), str(x).c_str());
    }
  });
}

template <class G>
void op_bernoulli(FuzzedDataProvider& in, G& g) {
  const double p = hostile_double(in);
  const std::string call = "bernoulli(" + str(p) + ")";
  if (std::isnan(p) || p < 0 || p > 1) {
    expect_error(call, [&] { seedkit::bernoulli d(p); });
    return;
  }
  expect_ok_or_error(call, [&] {
    const seedkit::bernoulli d(p);
    for (int i = 0; i < 4; ++i) {
      const bool x = d(g);
      FUZZ_CHECK(!(p == 0 && x) && !(p == 1 && !x), "%s drew %d", call.c_str(), x ? 1 : 0);
    }
  });
}

template <class Real, class G>
void op_normal(Real mean, Real sd, G& g, const char* type) {
  const std::string call = std::string("normal<") + type + ">(" + str(mean) + ", " + str(sd) + ")";
  if (!std::isfinite(mean) || std::isnan(sd) || !(sd >= 0) || !std::isfinite(sd)) {
    expect_error(call, [&] { seedkit::normal<Real> d(mean, sd); });
    return;
  }
  expect_ok_or_error(call, [&] {
    const seedkit::normal<Real> d(mean, sd);
    for (int i = 0; i < 4; ++i) {
      const Real x = d(g);
      FUZZ_CHECK(std::isfinite(x), "%s drew %s: a normal variate is finite", call.c_str(),
                 str(x).c_str());
      FUZZ_CHECK(sd != 0 || x == mean, "%s drew %s, not the mean", call.c_str(), str(x).c_str());
    }
  });
}

template <class Real, class G>
void op_truncated_normal(Real mean, Real sd, Real lo, Real hi, G& g, const char* type) {
  const std::string call = std::string("truncated_normal<") + type + ">(" + str(mean) + ", " +
                           str(sd) + ", " + str(lo) + ", " + str(hi) + ")";
  if (!std::isfinite(mean) || std::isnan(sd) || !(sd > 0) || !std::isfinite(sd) || std::isnan(lo) ||
      std::isnan(hi) || !(lo < hi)) {
    expect_error(call, [&] { seedkit::truncated_normal<Real> d(mean, sd, lo, hi); });
    return;
  }
  expect_ok_or_error(call, [&] {
    const seedkit::truncated_normal<Real> d(mean, sd, lo, hi);
    for (int i = 0; i < 2; ++i) {
      const Real x = d(g);
      FUZZ_CHECK(lo <= x && x <= hi && std::isfinite(x),
                 "%s drew %s: outside [lo, hi] or not finite", call.c_str(), str(x).c_str());
    }
  });
}

template <class Real, class G>
void op_exponential(Real lambda, G& g, const char* type) {
  const std::string call = std::string("exponential<") + type + ">(" + str(lambda) + ")";
  if (std::isnan(lambda) || !(lambda > 0) || !std::isfinite(lambda)) {
    expect_error(call, [&] { seedkit::exponential<Real> d(lambda); });
    return;
  }
  expect_ok_or_error(call, [&] {
    const seedkit::exponential<Real> d(lambda);
    for (int i = 0; i < 4; ++i) {
      const Real x = d(g);
      FUZZ_CHECK(std::isfinite(x) && x >= 0,
                 "%s drew %s: an exponential variate is finite and >= 0", call.c_str(),
                 str(x).c_str());
    }
  });
}

template <class G>
void op_discrete(FuzzedDataProvider& in, G& g) {
  const std::vector<double> w = weights_arg(in);
  const std::string call = "discrete(" + vec_str(w) + ")";
  if (bad_weights(w)) {
    expect_error(call, [&] { seedkit::discrete d(w); });
    return;
  }
  expect_ok_or_error(call, [&] {
    const seedkit::discrete d(w);
    FUZZ_CHECK(d.size() == w.size() && d.table().size() == w.size(), "%s: wrong size",
               call.c_str());
    for (int i = 0; i < 8; ++i) {
      const std::size_t x = d(g);
      FUZZ_CHECK(x < w.size() && w[x] > 0, "%s drew index %zu (weight %s)", call.c_str(), x,
                 x < w.size() ? str(w[x]).c_str() : "none");
    }
  });
}

template <class G>
void op_dropout(FuzzedDataProvider& in, G& g) {
  const double p = hostile_double(in);
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 640);
  const std::string call = "dropout_mask(" + str(p) + ")";
  if (std::isnan(p) || p < 0 || p > 1) {
    expect_error(call, [&] { seedkit::dropout_mask d(p); });
    return;
  }
  expect_ok_or_error(call, [&] {
    const seedkit::dropout_mask d(p);
    // P = p * 65536 rounded to nearest, ties to even.
    const double x = p * 65536.0;
    auto want = static_cast<std::uint32_t>(std::floor(x));
    const double frac = x - std::floor(x);
    if (frac > 0.5 || (frac == 0.5 && (want & 1u))) ++want;
    FUZZ_CHECK(d.keep_numerator() == want, "%s: keep_numerator() %u, want %u", call.c_str(),
               d.keep_numerator(), want);
    unsigned words = 0;
    if (want != 0 && want != 65536) {
      unsigned z = 0;
      while (((want >> z) & 1u) == 0) ++z;
      words = 16 - z;
    }
    FUZZ_CHECK(d.words_per_mask_word() == words, "%s: words_per_mask_word() %u, want %u",
               call.c_str(), d.words_per_mask_word(), words);
    std::vector<std::uint64_t> m((n + 63) / 64 + 1, 0x5a5a5a5a5a5a5a5au);
    d.fill(g, m.data(), n);
    FUZZ_CHECK(m.back() == 0x5a5a5a5a5a5a5a5au, "%s: fill(%zu) wrote past ceil(n / 64) words",
               call.c_str(), n);
    for (std::size_t i = 0; i < (n + 63) / 64 * 64; ++i) {
      const bool bit = ((m[i / 64] >> (i % 64)) & 1u) != 0;
      FUZZ_CHECK(!(i >= n && bit), "%s: fill(%zu) set bit %zu past n", call.c_str(), n, i);
      FUZZ_CHECK(!(i < n && want == 0 && bit) && !(i < n && want == 65536 && !bit),
                 "%s: fill(%zu) bit %zu contradicts P = %u", call.c_str(), n, i, want);
    }
  });
}

// --- shuffles and sampling ----------------------------------------------------------

template <class G>
void op_shuffle(FuzzedDataProvider& in, G& g) {
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, cap);
  std::vector<std::size_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = i;
  expect_ok_or_error("shuffle(" + std::to_string(n) + " items)",
                     [&] { seedkit::shuffle(v.begin(), v.end(), g); });
  FUZZ_CHECK(is_permutation_of_iota(v, n), "shuffle of %zu items lost or duplicated one", n);
}

template <class G>
void op_permutation(FuzzedDataProvider& in, G& g) {
  const std::size_t n = size_arg(in);
  const std::string call = "permutation(" + std::to_string(n) + ")";
  std::vector<std::size_t> p;
  if (expect_ok_or_error(call, [&] { p = seedkit::permutation(n, g); }) == outcome::returned) {
    FUZZ_CHECK(is_permutation_of_iota(p, n), "%s is not a permutation", call.c_str());
  }
}

template <class G>
void op_sample(FuzzedDataProvider& in, G& g) {
  const std::size_t n = size_arg(in);
  const std::size_t k =
      in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(0, std::min(n, cap)) : size_arg(in);
  const std::string call = "sample(" + std::to_string(n) + ", " + std::to_string(k) + ")";
  if (k > n) {
    expect_error(call, [&] { (void)seedkit::sample(n, k, g); });
    return;
  }
  G before = g;
  std::vector<std::size_t> s;
  if (expect_ok_or_error(call, [&] { s = seedkit::sample(n, k, g); }) != outcome::returned) return;
  FUZZ_CHECK(s.size() == k && distinct_below(s, n), "%s: not %zu distinct indices below n",
             call.c_str(), k);
  if (n <= cap) {
    // Exactly the first k entries of permutation(n) from the same state.
    const std::vector<std::size_t> p = seedkit::permutation(n, before);
    FUZZ_CHECK(std::equal(s.begin(), s.end(), p.begin()),
               "%s is not a prefix of permutation(%zu) from the same generator state", call.c_str(),
               n);
  }
}

template <class G>
void op_sample_range(FuzzedDataProvider& in, G& g) {
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, cap);
  const std::size_t k =
      in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(0, n) : size_arg(in);
  std::vector<int> src(n);
  for (std::size_t i = 0; i < n; ++i) src[i] = static_cast<int>(i) * 3;
  const std::string call =
      "sample(first, last, out, " + std::to_string(k) + ") of " + std::to_string(n) + " items";
  std::vector<int> out;
  const auto run = [&] { seedkit::sample(src.begin(), src.end(), std::back_inserter(out), k, g); };
  if (k > n) {
    expect_error(call, run);
    return;
  }
  if (expect_ok_or_error(call, run) != outcome::returned) return;
  FUZZ_CHECK(out.size() == k, "%s copied %zu items", call.c_str(), out.size());
  for (int x : out)
    FUZZ_CHECK(x % 3 == 0 && x / 3 < static_cast<int>(n), "%s: bad item", call.c_str());
}

template <class G>
void op_weighted_with(FuzzedDataProvider& in, G& g) {
  const std::vector<double> w = weights_arg(in);
  const std::size_t k = size_arg(in, 64);
  const std::string call =
      "weighted_sample_with_replacement(" + vec_str(w) + ", " + std::to_string(k) + ")";
  std::vector<std::size_t> s;
  const auto run = [&] { s = seedkit::weighted_sample_with_replacement(w, k, g); };
  if (bad_weights(w)) {
    expect_error(call, run);
    return;
  }
  if (expect_ok_or_error(call, run) != outcome::returned) return;
  FUZZ_CHECK(s.size() == k, "%s returned %zu indices", call.c_str(), s.size());
  for (std::size_t x : s) {
    FUZZ_CHECK(x < w.size() && w[x] > 0, "%s drew index %zu", call.c_str(), x);
  }
}

template <class G>
void op_weighted_without(FuzzedDataProvider& in, G& g) {
  const std::vector<double> w = weights_arg(in);
  const std::size_t k = size_arg(in, 64);
  const std::string call =
      "weighted_sample_without_replacement(" + vec_str(w) + ", " + std::to_string(k) + ")";
  std::vector<std::size_t> s;
  const auto run = [&] { s = seedkit::weighted_sample_without_replacement(w, k, g); };
  std::size_t positive = 0;
  for (double x : w) positive += x > 0 ? 1 : 0;
  if (bad_weights(w) || k > positive) {
    expect_error(call, run);
    return;
  }
  if (expect_ok_or_error(call, run) != outcome::returned) return;
  FUZZ_CHECK(s.size() == k && distinct_below(s, w.size()), "%s: not %zu distinct indices",
             call.c_str(), k);
  for (std::size_t x : s) FUZZ_CHECK(w[x] > 0, "%s chose index %zu of weight 0", call.c_str(), x);
}

// --- data utilities -------------------------------------------------------------------

bool is_partition(const seedkit::split_indices& s, std::size_t n) {
  std::vector<std::size_t> all(s.train);
  all.insert(all.end(), s.validation.begin(), s.validation.end());
  all.insert(all.end(), s.test.begin(), s.test.end());
  return is_permutation_of_iota(all, n);
}

bool same_split(const seedkit::split_indices& a, const seedkit::split_indices& b) {
  return a.train == b.train && a.validation == b.validation && a.test == b.test;
}

void op_split_fractions(FuzzedDataProvider& in, const seedkit::key& key) {
  const std::size_t n = in.ConsumeBool() ? size_arg(in)
                                         : static_cast<std::size_t>(std::uint64_t{1} << 53) +
                                               in.ConsumeIntegralInRange<std::size_t>(0, 1);
  double tr, va, te;
  if (in.ConsumeBool()) {
    tr = in.ConsumeProbability<double>();
    va = in.ConsumeProbability<double>() * (1 - tr);
    te = 1 - tr - va;
    if (in.ConsumeBool()) te = te + in.ConsumeFloatingPointInRange<double>(-2e-6, 2e-6);
  } else {
    tr = hostile_double(in);
    va = hostile_double(in);
    te = hostile_double(in);
  }
  const std::string args =
      "(" + std::to_string(n) + ", " + str(tr) + ", " + str(va) + ", " + str(te) + ")";
  const auto in01 = [](double f) { return f >= 0.0 && f <= 1.0; };
  const double sum = (tr + va) + te;
  const bool bad = !in01(tr) || !in01(va) || !in01(te) ||
                   !(sum - 1.0 <= 1e-6 && 1.0 - sum <= 1e-6) ||
                   static_cast<std::uint64_t>(n) > (std::uint64_t{1} << 53);
  seedkit::split_sizes z{};
  const auto sizes = [&] { z = seedkit::fraction_split_sizes(n, tr, va, te); };
  seedkit::split_indices s;
  const auto split = [&] { s = seedkit::split_by_fractions(key, n, tr, va, te); };
  if (bad) {
    expect_error("fraction_split_sizes" + args, sizes);
    expect_error("split_by_fractions" + args, split);
    return;
  }
  if (expect_ok_or_error("fraction_split_sizes" + args, sizes) == outcome::returned) {
    // The documented sizes.
    const auto nd = static_cast<double>(n);
    const auto nv = static_cast<std::size_t>(va * nd);
    auto nt = static_cast<std::size_t>(te * nd);
    if (nv + nt > n) nt = n - nv;
    FUZZ_CHECK(z.validation == nv && z.test == nt && z.train == n - nv - nt,
               "fraction_split_sizes%s = {%zu, %zu, %zu}, want {%zu, %zu, %zu}", args.c_str(),
               z.train, z.validation, z.test, n - nv - nt, nv, nt);
  }
  if (expect_ok_or_error("split_by_fractions" + args, split) != outcome::returned) return;
  FUZZ_CHECK(is_partition(s, n) && s.train.size() == z.train && s.validation.size() == z.validation,
             "split_by_fractions%s is not a partition of the documented sizes", args.c_str());
  const seedkit::split_indices c = seedkit::split_by_counts(key, n, z.train, z.validation, z.test);
  FUZZ_CHECK(same_split(s, c), "split_by_counts gives other sets than split_by_fractions%s",
             args.c_str());
}

template <class Int>
Int count_arg(FuzzedDataProvider& in, std::size_t n) {
  switch (in.ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      return in.ConsumeIntegral<Int>();
    case 1:
      return static_cast<Int>(in.ConsumeIntegralInRange<std::size_t>(0, n));
    default:
      return static_cast<Int>(0);
  }
}

template <class A, class B, class C>
void op_split_counts_typed(FuzzedDataProvider& in, const seedkit::key& key) {
  const std::size_t n = size_arg(in);
  A a = count_arg<A>(in, n);
  B b = count_arg<B>(in, n);
  C c = count_arg<C>(in, n);
  if (in.ConsumeBool()) {  // make them add up when that is possible
    const __int128 rest =
        static_cast<__int128>(n) - static_cast<__int128>(a) - static_cast<__int128>(b);
    if (rest >= 0 && rest <= static_cast<__int128>(std::numeric_limits<C>::max()))
      c = static_cast<C>(rest);
  }
  const std::string call =
      "split_by_counts(" + std::to_string(n) + ", " + num(a) + ", " + num(b) + ", " + num(c) + ")";
  const bool negative =
      static_cast<__int128>(a) < 0 || static_cast<__int128>(b) < 0 || static_cast<__int128>(c) < 0;
  const bool bad =
      negative || static_cast<__int128>(a) + static_cast<__int128>(b) + static_cast<__int128>(c) !=
                      static_cast<__int128>(n);
  seedkit::split_indices s;
  const auto run = [&] { s = seedkit::split_by_counts(key, n, a, b, c); };
  if (bad) {
    expect_error(call, run);
    return;
  }
  if (expect_ok_or_error(call, run) != outcome::returned) return;
  FUZZ_CHECK(is_partition(s, n) && s.train.size() == static_cast<std::size_t>(a) &&
                 s.validation.size() == static_cast<std::size_t>(b),
             "%s is not a partition of the given sizes", call.c_str());
}

void check_folds(const std::vector<seedkit::fold_indices>& folds, std::size_t n, std::size_t k,
                 const std::string& call) {
  FUZZ_CHECK(folds.size() == k, "%s returned %zu folds", call.c_str(), folds.size());
  std::vector<std::size_t> all;
  std::size_t smallest = n, largest = 0;
  for (const auto& f : folds) {
    FUZZ_CHECK(std::is_sorted(f.validation.begin(), f.validation.end()) &&
                   std::is_sorted(f.train.begin(), f.train.end()),
               "%s: a fold is not in increasing order", call.c_str());
    std::vector<std::size_t> both(f.train);
    both.insert(both.end(), f.validation.begin(), f.validation.end());
    FUZZ_CHECK(is_permutation_of_iota(both, n),
               "%s: train and validation of a fold are not "
               "complements",
               call.c_str());
    all.insert(all.end(), f.validation.begin(), f.validation.end());
    smallest = std::min(smallest, f.validation.size());
    largest = std::max(largest, f.validation.size());
  }
  FUZZ_CHECK(is_permutation_of_iota(all, n), "%s: the validation sets do not partition 0..n-1",
             call.c_str());
  FUZZ_CHECK(largest - smallest <= 1, "%s: fold sizes %zu and %zu differ by more than 1",
             call.c_str(), smallest, largest);
}

void op_k_fold(FuzzedDataProvider& in, const seedkit::key& key) {
  const std::size_t n = size_arg(in);
  const std::size_t k =
      in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(0, 12) : size_arg(in);
  const std::string call = "k_fold(" + std::to_string(n) + ", " + std::to_string(k) + ")";
  std::vector<seedkit::fold_indices> f;
  const auto run = [&] { f = seedkit::k_fold(key, n, k); };
  if (k < 2 || k > n) {
    expect_error(call, run);
    return;
  }
  if (expect_ok_or_error(call, run) == outcome::returned) check_folds(f, n, k, call);
}

template <class Label>
std::vector<Label> labels_arg(FuzzedDataProvider& in) {
  const std::size_t n = in.ConsumeIntegralInRange<std::size_t>(0, 120);
  const bool raw = in.ConsumeIntegralInRange<int>(0, 7) == 0;
  const int classes = in.ConsumeIntegralInRange<int>(1, 6);
  std::vector<Label> v(n);
  for (auto& x : v) {
    x = raw ? in.ConsumeIntegral<Label>()
            : static_cast<Label>(in.ConsumeIntegralInRange<int>(0, classes - 1));
  }
  return v;
}

template <class Label>
void op_stratified(FuzzedDataProvider& in, const seedkit::key& key, const char* type) {
  const std::vector<Label> labels = labels_arg<Label>(in);
  const std::size_t k =
      in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(0, 8) : size_arg(in);
  const std::string call = std::string("stratified_k_fold<") + type + ">(" +
                           std::to_string(labels.size()) + " labels, " + std::to_string(k) + ")";
  std::map<Label, std::size_t> count;
  for (Label l : labels) ++count[l];
  bool small_class = false;
  for (const auto& c : count) small_class = small_class || c.second < k;
  std::vector<seedkit::fold_indices> f;
  const auto run = [&] { f = seedkit::stratified_k_fold(key, labels, k); };
  if (k < 2 || labels.size() < k || small_class) {
    expect_error(call, run);
    return;
  }
  if (expect_ok_or_error(call, run) != outcome::returned) return;
  check_folds(f, labels.size(), k, call);
  for (const auto& c : count) {  // each class spread as evenly as possible
    std::size_t lo = labels.size(), hi = 0;
    for (const auto& fold : f) {
      std::size_t m = 0;
      for (std::size_t i : fold.validation) m += labels[i] == c.first ? 1 : 0;
      lo = std::min(lo, m);
      hi = std::max(hi, m);
    }
    FUZZ_CHECK(hi - lo <= 1, "%s: a class is spread %zu to %zu over the folds", call.c_str(), lo,
               hi);
  }
}

void op_bootstrap(FuzzedDataProvider& in, const seedkit::key& key) {
  const std::size_t n = size_arg(in);
  const std::size_t m =
      in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(0, cap) : size_arg(in);
  const std::string call = "bootstrap(" + std::to_string(n) + ", " + std::to_string(m) + ")";
  seedkit::bootstrap_indices b;
  const auto run = [&] { b = seedkit::bootstrap(key, n, m); };
  if (n == 0 && m > 0) {
    expect_error(call, run);
    return;
  }
  if (expect_ok_or_error(call, run) != outcome::returned) return;
  FUZZ_CHECK(b.sample.size() == m, "%s: sample of %zu", call.c_str(), b.sample.size());
  std::vector<char> drawn(n, 0);
  for (std::size_t x : b.sample) {
    FUZZ_CHECK(x < n, "%s drew %zu", call.c_str(), x);
    drawn[x] = 1;
  }
  std::vector<std::size_t> oob;
  for (std::size_t i = 0; i < n; ++i) {
    if (!drawn[i]) oob.push_back(i);
  }
  FUZZ_CHECK(oob == b.out_of_bag, "%s: out_of_bag is not the sorted complement", call.c_str());
}

template <class Label>
void op_oversample(FuzzedDataProvider& in, const seedkit::key& key, const char* type) {
  const std::vector<Label> labels = labels_arg<Label>(in);
  const std::string call =
      std::string("random_oversample<") + type + ">(" + std::to_string(labels.size()) + " labels)";
  std::vector<std::size_t> out;
  if (expect_ok_or_error(call, [&] { out = seedkit::random_oversample(key, labels); }) !=
      outcome::returned) {
    return;
  }
  std::map<Label, std::size_t> count, got;
  std::size_t largest = 0;
  for (Label l : labels) largest = std::max(largest, ++count[l]);
  FUZZ_CHECK(out.size() == largest * count.size(), "%s returned %zu indices, want %zu",
             call.c_str(), out.size(), largest * count.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    FUZZ_CHECK(out[i] < labels.size(), "%s: index %zu out of range", call.c_str(), out[i]);
    FUZZ_CHECK(i >= labels.size() || out[i] == i, "%s does not start with 0..n-1", call.c_str());
    ++got[labels[out[i]]];
  }
  for (const auto& c : got) {
    FUZZ_CHECK(c.second == largest, "%s: a class has %zu items, the largest %zu", call.c_str(),
               c.second, largest);
  }
}

void op_epoch_permutation(FuzzedDataProvider& in, const seedkit::key& key) {
  const std::uint64_t epoch = in.ConsumeIntegral<std::uint64_t>();
  const std::size_t n = size_arg(in);
  const std::string call =
      "epoch_permutation(" + std::to_string(epoch) + ", " + std::to_string(n) + ")";
  std::vector<std::size_t> p;
  if (expect_ok_or_error(call, [&] { p = seedkit::epoch_permutation(key, epoch, n); }) ==
      outcome::returned) {
    FUZZ_CHECK(is_permutation_of_iota(p, n), "%s is not a permutation", call.c_str());
  }
}

std::vector<std::size_t> expected_shard(const std::vector<std::size_t>& order, std::size_t rank,
                                        std::size_t world, seedkit::shard_tail tail) {
  const std::size_t n = order.size();
  const std::size_t s =
      tail == seedkit::shard_tail::pad ? n / world + (n % world != 0 ? 1 : 0) : n / world;
  std::vector<std::size_t> out;
  for (std::size_t t = 0; t < s; ++t) {
    const unsigned __int128 at =
        static_cast<unsigned __int128>(rank) + static_cast<unsigned __int128>(t) * world;
    out.push_back(order[static_cast<std::size_t>(at % n)]);
  }
  return out;
}

void op_shard(FuzzedDataProvider& in, const seedkit::key& key) {
  const bool epoch_form = in.ConsumeBool();
  const std::size_t n = size_arg(in);
  const std::size_t world =
      in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(0, 9) : size_arg(in);
  const std::size_t rank =
      in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(0, 9) : size_arg(in);
  const auto tail = in.ConsumeBool() ? seedkit::shard_tail::pad : seedkit::shard_tail::drop;
  const std::uint64_t epoch = in.ConsumeIntegral<std::uint8_t>();
  const std::string args = "(n " + std::to_string(n) + ", rank " + std::to_string(rank) +
                           ", world " + std::to_string(world) +
                           (tail == seedkit::shard_tail::pad ? ", pad)" : ", drop)");
  // shard_size
  std::size_t size = 0;
  const auto run_size = [&] { size = seedkit::shard_size(n, world, tail); };
  if (world == 0) {
    expect_error("shard_size" + args, run_size);
  } else if (expect_ok_or_error("shard_size" + args, run_size) == outcome::returned) {
    const std::size_t want =
        tail == seedkit::shard_tail::pad ? n / world + (n % world != 0 ? 1 : 0) : n / world;
    FUZZ_CHECK(size == want, "shard_size%s = %zu, want %zu", args.c_str(), size, want);
  }
  const bool bad = world == 0 || rank >= world;
  std::vector<std::size_t> got;
  if (epoch_form) {
    // The rank is checked before the O(n) permutation: a bad rank with a
    // huge n is refused too.
    const auto run = [&] { got = seedkit::epoch_shard(key, epoch, n, rank, world, tail); };
    if (bad) {
      expect_error("epoch_shard" + args, run);
      return;
    }
    if (expect_ok_or_error("epoch_shard" + args, run) != outcome::returned) return;
    const auto want = expected_shard(seedkit::epoch_permutation(key, epoch, n), rank, world, tail);
    FUZZ_CHECK(got == want, "epoch_shard%s is not shard(epoch_permutation(...))", args.c_str());
    return;
  }
  if (is_huge(n)) return;  // shard takes the order itself
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = (i * 7919) % (n ? n : 1);
  const auto run = [&] { got = seedkit::shard(order, rank, world, tail); };
  if (bad) {
    expect_error("shard" + args, run);
    return;
  }
  if (expect_ok_or_error("shard" + args, run) != outcome::returned) return;
  FUZZ_CHECK(got == expected_shard(order, rank, world, tail),
             "shard%s differs from the documented dealing", args.c_str());
}

// --- one operation ------------------------------------------------------------------------

template <class G>
void one_op(FuzzedDataProvider& in, G& g, const seedkit::key& key) {
  switch (in.ConsumeIntegralInRange<int>(0, 31)) {
    case 0:
      return op_uniform_int<std::int8_t>(in, g, "int8_t");
    case 1:
      return op_uniform_int<std::int32_t>(in, g, "int32_t");
    case 2:
      return op_uniform_int<std::int64_t>(in, g, "int64_t");
    case 3:
      return op_uniform_int<std::uint64_t>(in, g, "uint64_t");
    case 4:
      return op_uniform_int<std::uint16_t>(in, g, "uint16_t");
    case 5: {
      const double a = hostile_double(in), b = hostile_double(in);
      return op_uniform_real<double>(g, a, b, "double");
    }
    case 6: {
      const float a = hostile_float(in), b = hostile_float(in);
      return op_uniform_real<float>(g, a, b, "float");
    }
    case 7:
      return op_bernoulli(in, g);
    case 8: {
      const double m = hostile_double(in), s = hostile_double(in);
      return op_normal<double>(m, s, g, "double");
    }
    case 9: {
      const float m = hostile_float(in), s = hostile_float(in);
      return op_normal<float>(m, s, g, "float");
    }
    case 10: {
      const double m = hostile_double(in), s = hostile_double(in), lo = hostile_double(in),
                   hi = hostile_double(in);
      return op_truncated_normal<double>(m, s, lo, hi, g, "double");
    }
    case 11: {
      const float m = hostile_float(in), s = hostile_float(in), lo = hostile_float(in),
                  hi = hostile_float(in);
      return op_truncated_normal<float>(m, s, lo, hi, g, "float");
    }
    case 12:
      return op_exponential<double>(hostile_double(in), g, "double");
    case 13:
      return op_exponential<float>(hostile_float(in), g, "float");
    case 14:
      return op_discrete(in, g);
    case 15:
      return op_dropout(in, g);
    case 16:
      return op_shuffle(in, g);
    case 17:
      return op_permutation(in, g);
    case 18:
      return op_sample(in, g);
    case 19:
      return op_sample_range(in, g);
    case 20:
      return op_weighted_with(in, g);
    case 21:
      return op_weighted_without(in, g);
    case 22:
      return op_split_fractions(in, key);
    case 23:
      return op_split_counts_typed<int, long long, std::size_t>(in, key);
    case 24:
      return op_split_counts_typed<std::size_t, std::int8_t, unsigned>(in, key);
    case 25:
      return op_k_fold(in, key);
    case 26:
      return op_stratified<std::int8_t>(in, key, "int8_t");
    case 27:
      return op_stratified<std::uint64_t>(in, key, "uint64_t");
    case 28:
      return op_bootstrap(in, key);
    case 29:
      return in.ConsumeBool() ? op_oversample<int>(in, key, "int")
                              : op_oversample<std::int64_t>(in, key, "int64_t");
    case 30:
      return op_epoch_permutation(in, key);
    default:
      return op_shard(in, key);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  const std::uint64_t seed = in.ConsumeIntegral<std::uint64_t>();
  const seedkit::key key = seedkit::key(seed) / "fuzz";
  const int generator = in.ConsumeIntegralInRange<int>(0, 2);
  seedkit::stream s(key);                             // 64-bit words
  std::mt19937 mt(static_cast<std::uint32_t>(seed));  // 32-bit words
  seedkit::compact_stream cs(key, seed & 0xff);       // 64-bit, another buffer
  for (int ops = 0; ops < 24 && in.remaining_bytes() > 0; ++ops) {
    switch (generator) {
      case 0:
        one_op(in, s, key);
        break;
      case 1:
        one_op(in, mt, key);
        break;
      default:
        one_op(in, cs, key);
        break;
    }
  }
  return 0;
}

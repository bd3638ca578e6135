// seedkit::index_permutation: the golden values of the independent Python
// reference, bijection by enumeration, inverse and range at huge n, shard
// views and resuming, and the statistical quality tests of issue 24 (each
// with a fixed key set, so deterministic, and a threshold a uniform random
// permutation would fail with probability below 1e-6), beside the
// TensorFlow-style peer (tests/support/tf_index_shuffle.hpp) that fails the
// bijection and parity tests.
#include <algorithm>    // sort
#include <cmath>        // sqrt, fabs, exp
#include <cstddef>      // size_t
#include <cstdint>      // uint64_t
#include <iterator>     // distance, iterator_traits
#include <limits>       // numeric_limits
#include <string>       // string, stoull
#include <type_traits>  // is_same
#include <vector>       // vector

#include <catch2/catch.hpp>

#include "seedkit/data.hpp"
#include "seedkit/index_permutation.hpp"
#include "seedkit/seedkit.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/stream.hpp"
#include "support/errors.hpp"
#include "support/golden.hpp"
#include "support/stats.hpp"
#include "support/tf_index_shuffle.hpp"

namespace {

using seedkit::index_permutation;
using seedkit::key;
using u64 = std::uint64_t;

constexpr u64 max64 = ~u64{0};

// The key of the golden fields (seed hex, subsequence hex).
key golden_key(const std::vector<std::string>& f) {
  return key::from_words(seedkit_test::hex64(f[1]), seedkit_test::hex64(f[2]));
}
u64 dec(const std::string& s) { return std::stoull(s, nullptr, 10); }

// The decimal values after the ":" field.
std::vector<u64> values_after_colon(const std::vector<std::string>& f) {
  std::vector<u64> out;
  bool after = false;
  for (const auto& w : f) {
    if (after) out.push_back(dec(w));
    if (w == ":") after = true;
  }
  return out;
}

// True when f(0), ..., f(n-1) is a permutation of [0, n).
template <class F>
bool is_bijection(u64 n, F f) {
  std::vector<unsigned char> seen(static_cast<std::size_t>(n), 0);
  for (u64 i = 0; i < n; ++i) {
    const u64 y = f(i);
    if (y >= n || seen[static_cast<std::size_t>(y)]) return false;
    seen[static_cast<std::size_t>(y)] = 1;
  }
  return true;
}

// The parity of the permutation i -> f(i) of [0, n): true when odd.
template <class F>
bool is_odd(u64 n, F f) {
  std::vector<unsigned char> seen(static_cast<std::size_t>(n), 0);
  u64 cycles = 0;
  for (u64 s = 0; s < n; ++s) {
    if (seen[static_cast<std::size_t>(s)]) continue;
    ++cycles;
    for (u64 x = s; !seen[static_cast<std::size_t>(x)]; x = f(x))
      seen[static_cast<std::size_t>(x)] = 1;
  }
  return (n - cycles) % 2 == 1;
}

// The orders of n <= 6 items as a number in [0, n!) (Lehmer code).
u64 rank_of(const index_permutation& p) {
  const u64 n = p.size();
  u64 r = 0;
  for (u64 i = 0; i < n; ++i) {
    u64 smaller = 0;
    for (u64 j = i + 1; j < n; ++j) smaller += p[j] < p[i] ? 1 : 0;
    r = r * (n - i) + smaller;
  }
  return r;
}

// Kendall's tau between the positions of each item in two orders of [0, n).
double kendall_tau(const index_permutation& x, const index_permutation& y) {
  const u64 n = x.size();
  std::vector<u64> py(static_cast<std::size_t>(n));
  for (u64 i = 0; i < n; ++i) py[static_cast<std::size_t>(i)] = y.inverse(x[i]);
  long long concordant = 0;
  for (std::size_t i = 0; i < py.size(); ++i) {
    for (std::size_t j = i + 1; j < py.size(); ++j) concordant += py[i] < py[j] ? 1 : -1;
  }
  return static_cast<double>(concordant) /
         (static_cast<double>(n) * static_cast<double>(n - 1) / 2);
}

// |tau| below this fails for independent orders with probability about
// 1.2e-7 (z = 5.3; tau is close to normal with variance
// 2(2n + 5) / (9n(n - 1))).
double tau_limit(u64 n) {
  const double nd = static_cast<double>(n);
  return 5.3 * std::sqrt(2 * (2 * nd + 5) / (9 * nd * (nd - 1)));
}

}  // namespace

// --- the contract at compile time ----------------------------------------------
static_assert(noexcept(std::declval<const index_permutation&>()[0]), "p[i] is noexcept");
static_assert(noexcept(std::declval<const index_permutation&>().inverse(0)), "noexcept");
static_assert(noexcept(std::declval<const index_permutation&>().size()), "noexcept");
static_assert(std::is_same<std::iterator_traits<index_permutation::iterator>::iterator_category,
                           std::random_access_iterator_tag>::value,
              "a random-access range");
static_assert(sizeof(index_permutation) == 20 * sizeof(u64), "O(1) state");
static_assert(sizeof(index_permutation::iterator) <= 2 * sizeof(u64), "O(1) iterator state");
static_assert(index_permutation(key(1), 10)[3] < 10, "constexpr (table)");
static_assert(index_permutation(key(1), 1000).inverse(index_permutation(key(1), 1000)[999]) == 999,
              "constexpr (Feistel)");

TEST_CASE(
    "index_permutation: n = 0 is refused with a message naming the value and the accepted range") {
  const std::string m = seedkit_test::message_of([] { index_permutation(key(1), 0); });
  CHECK(m.find("seedkit::index_permutation") != std::string::npos);
  CHECK(m.find("n = 0") != std::string::npos);
  CHECK(m.find("2^64 - 1") != std::string::npos);
}

TEST_CASE("index_permutation: the golden values of tests/reference/index_permutation.py") {
  const std::string file = "index_permutation_golden.txt";
  std::size_t checked = 0;
  for (const auto& f : seedkit_test::golden_lines(file, "order")) {
    const index_permutation p(golden_key(f), dec(f[3]));
    const std::vector<u64> want = values_after_colon(f);
    REQUIRE(want.size() == p.size());
    INFO(f[1] << " " << f[2] << " n = " << f[3]);
    CHECK(std::vector<u64>(p.begin(), p.end()) == want);
    for (u64 i = 0; i < p.size(); ++i) CHECK(p.inverse(want[static_cast<std::size_t>(i)]) == i);
    ++checked;
  }
  for (const auto& f : seedkit_test::golden_lines(file, "at")) {
    const index_permutation p(golden_key(f), dec(f[3]));
    INFO(f[1] << " " << f[2] << " n = " << f[3] << " i = " << f[4]);
    CHECK(p[dec(f[4])] == dec(f[5]));
    ++checked;
  }
  for (const auto& f : seedkit_test::golden_lines(file, "inverse")) {
    const index_permutation p(golden_key(f), dec(f[3]));
    INFO(f[1] << " " << f[2] << " n = " << f[3] << " j = " << f[4]);
    CHECK(p.inverse(dec(f[4])) == dec(f[5]));
    ++checked;
  }
  for (const auto& f : seedkit_test::golden_lines(file, "shard")) {
    const index_permutation p(golden_key(f), dec(f[3]));
    const auto tail = f[6] == "pad" ? seedkit::shard_tail::pad : seedkit::shard_tail::drop;
    const auto v =
        p.shard(static_cast<std::size_t>(dec(f[4])), static_cast<std::size_t>(dec(f[5])), tail);
    INFO(f[1] << " " << f[2] << " n = " << f[3] << " rank " << f[4] << " of " << f[5] << " "
              << f[6]);
    CHECK(std::vector<u64>(v.begin(), v.end()) == values_after_colon(f));
    ++checked;
  }
  CHECK(checked > 800);
}

TEST_CASE(
    "index_permutation: up to 64 items the table is seedkit::permutation on the key's stream") {
  for (u64 seed = 0; seed < 50; ++seed) {
    for (u64 n = 1; n <= index_permutation::table_limit; ++n) {
      const key k = key(seed) / "table";
      seedkit::stream g(k / "seedkit/index_permutation" / n);
      const std::vector<std::size_t> want = seedkit::permutation(static_cast<std::size_t>(n), g);
      const index_permutation p(k, n);
      for (u64 i = 0; i < n; ++i) REQUIRE(p[i] == want[static_cast<std::size_t>(i)]);
    }
  }
}

TEST_CASE("index_permutation: a bijection of 0 .. n-1 by full enumeration") {
  const u64 sizes[] = {1,   2,   3,     5,     17,    64,     65,      255,
                       256, 257, 65535, 65536, 65537, 262145, 1000003, (u64{1} << 21) + 1};
  for (u64 n : sizes) {
    for (u64 seed : {u64{0}, u64{99}}) {
      const index_permutation p(key(seed) / "bijection", n);
      INFO("n = " << n << ", seed " << seed);
      CHECK(is_bijection(n, [&](u64 i) { return p[i]; }));
      bool inverse_ok = true;
      for (u64 i = 0; i < n; ++i) inverse_ok = inverse_ok && p.inverse(p[i]) == i;
      CHECK(inverse_ok);
    }
  }
}

TEST_CASE(
    "index_permutation: inverse undoes it and values stay below n at random positions of huge n") {
  const u64 sizes[] = {
      (u64{1} << 32) - 1, u64{1} << 32, (u64{1} << 32) + 1, (u64{1} << 53) - 1, (u64{1} << 53) + 1,
      (u64{1} << 63) - 1, u64{1} << 63, (u64{1} << 63) + 1, max64 - 1,          max64};
  seedkit::stream g(key(3) / "positions");
  for (u64 n : sizes) {
    const index_permutation p(key(5) / "huge", n);
    INFO("n = " << n);
    for (int t = 0; t < 2000; ++t) {
      const u64 i = t == 0 ? n - 1 : (t == 1 ? 0 : seedkit::detail::mulhi64(g(), n));
      const u64 y = p[i];
      REQUIRE(y < n);
      REQUIRE(p.inverse(y) == i);
      REQUIRE(p[p.inverse(i)] == i);
    }
  }
}

TEST_CASE("index_permutation: all 120 orders of 5 and all 720 of 6 equally often (chi-square)") {
  for (u64 n : {u64{5}, u64{6}}) {
    const u64 cells = n == 5 ? 120 : 720;
    const u64 keys = cells * 100;
    std::vector<std::size_t> counts(static_cast<std::size_t>(cells));
    for (u64 s = 0; s < keys; ++s)
      ++counts[static_cast<std::size_t>(rank_of(index_permutation(key(s) / "orders", n)))];
    const double x2 = seedkit_test::chi_square(
        counts, std::vector<double>(counts.size(), 1.0 / static_cast<double>(cells)));
    const double limit = seedkit_test::chi_square_limit(static_cast<double>(cells - 1), 4.7534);
    INFO("n = " << n << ": chi-square " << x2 << " with " << cells - 1 << " df, limit " << limit);
    CHECK(x2 < limit);
    CHECK(*std::min_element(counts.begin(), counts.end()) > 0);
  }
}

TEST_CASE("index_permutation: both parities equally often at n = 2^16 and the XOR peer only even") {
  const u64 n = u64{1} << 16;
  const int keys = 300;
  int odd = 0;
  for (int s = 0; s < keys; ++s) {
    const index_permutation p(key(static_cast<u64>(s)) / "parity", n);
    odd += is_odd(n, [&](u64 i) { return p[i]; }) ? 1 : 0;
  }
  // Binomial(300, 1/2): |odd - 150| > 4.9 * sqrt(300) / 2 = 42.4 has probability < 1e-6.
  INFO(odd << " odd of " << keys);
  CHECK(std::fabs(odd - keys / 2.0) < 42.4);
  int peer_odd = 0;
  for (u64 s = 0; s < 40; ++s) {
    const seedkit_test::tf_index_shuffle peer(seedkit::splitmix64_mix(s),
                                              seedkit::splitmix64_mix(~s), n - 1);
    peer_odd += is_odd(n, peer) ? 1 : 0;
  }
  CHECK(peer_odd == 0);  // 40 even orders in a row: 2^-40 for a uniform shuffle
}

TEST_CASE("index_permutation: the TF-style peer is not a bijection at n = 65537 but seedkit is") {
  for (u64 n : {u64{65537}, u64{262145}}) {
    const seedkit_test::tf_index_shuffle peer(0x1234, 0x5678, n - 1);
    CHECK_FALSE(is_bijection(n, peer));
    CHECK(peer(n - 1) == peer(0));
    const index_permutation p(key(1), n);
    CHECK(is_bijection(n, [&](u64 i) { return p[i]; }));
  }
  const seedkit_test::tf_index_shuffle ok(0x1234, 0x5678, 65535);
  CHECK(is_bijection(65536, ok));
}

TEST_CASE("index_permutation: each position takes each value with probability 1/100 at n = 100") {
  const u64 n = 100;
  const u64 keys = 20000;
  std::vector<std::size_t> counts(static_cast<std::size_t>(n * n));
  for (u64 s = 0; s < keys; ++s) {
    const index_permutation p(key(s) / "positions", n);
    for (u64 i = 0; i < n; ++i) ++counts[static_cast<std::size_t>(i * n + p[i])];
  }
  const double x2 =
      seedkit_test::chi_square(counts, std::vector<double>(counts.size(), 1.0 / (n * n)));
  // With both margins fixed the statistic is about n / (n - 1) times a
  // chi-square with (n - 1)^2 degrees of freedom.
  const double df = static_cast<double>((n - 1) * (n - 1));
  const double limit = 100.0 / 99.0 * seedkit_test::chi_square_limit(df, 4.7534);
  INFO("chi-square " << x2 << ", limit " << limit);
  CHECK(x2 < limit);
}

TEST_CASE("index_permutation: fixed points are Poisson(1) distributed (n = 1000)") {
  const u64 n = 1000;
  const u64 keys = 10000;
  std::vector<std::size_t> counts(6);  // 0, 1, 2, 3, 4, >= 5 fixed points
  for (u64 s = 0; s < keys; ++s) {
    const index_permutation p(key(s) / "fixed", n);
    std::size_t fixed = 0;
    for (u64 i = 0; i < n; ++i) fixed += p[i] == i ? 1 : 0;
    ++counts[std::min<std::size_t>(fixed, 5)];
  }
  std::vector<double> probs(6);
  double factorial = 1, rest = 1;
  for (std::size_t k = 0; k < 5; ++k) {
    if (k > 0) factorial *= static_cast<double>(k);
    probs[k] = std::exp(-1.0) / factorial;
    rest -= probs[k];
  }
  probs[5] = rest;
  const double x2 = seedkit_test::chi_square(counts, probs);
  INFO("chi-square " << x2);
  CHECK(x2 < seedkit_test::chi_square_limit(5, 4.7534));
}

TEST_CASE("index_permutation: consecutive epochs are unrelated (Kendall tau near 0)") {
  const u64 n = 2000;
  const key run = key(2024) / "loader";
  for (u64 e = 0; e < 4; ++e) {
    const double tau =
        kendall_tau(index_permutation(run / e, n), index_permutation(run / (e + 1), n));
    INFO("epochs " << e << ", " << e + 1 << ": tau " << tau);
    CHECK(std::fabs(tau) < tau_limit(n));
  }
}

TEST_CASE("index_permutation: seed s epoch e+1 is unrelated to seed s+1 epoch e") {
  const u64 n = 2000;
  for (u64 s : {u64{0}, u64{41}}) {
    const index_permutation a(key(s) / "loader" / 1, n);
    const index_permutation b(key(s + 1) / "loader" / 0, n);
    const double tau = kendall_tau(a, b);
    INFO("seed " << s << ": tau " << tau);
    CHECK(std::fabs(tau) < tau_limit(n));
    u64 same = 0;
    for (u64 i = 0; i < n; ++i) same += a[i] == b[i] ? 1 : 0;
    CHECK(same < 12);  // Poisson(1): P(>= 12) < 1e-8
  }
}

TEST_CASE("index_permutation: shard views deal the order as seedkit::shard does") {
  for (u64 n : {u64{1}, u64{7}, u64{16}, u64{17}, u64{100}, u64{1001}, u64{4096}}) {
    const index_permutation p(key(8) / "shards", n);
    const std::vector<std::size_t> order(p.begin(), p.end());
    for (std::size_t world : {std::size_t{1}, std::size_t{3}, std::size_t{8}, std::size_t{9}}) {
      for (auto tail : {seedkit::shard_tail::pad, seedkit::shard_tail::drop}) {
        std::size_t covered = 0;
        for (std::size_t rank = 0; rank < world; ++rank) {
          const auto view = p.shard(rank, world, tail);
          const std::vector<std::size_t> want = seedkit::shard(order, rank, world, tail);
          INFO("n = " << n << ", rank " << rank << " of " << world);
          CHECK(view.size() == seedkit::shard_size(static_cast<std::size_t>(n), world, tail));
          CHECK(std::vector<std::size_t>(view.begin(), view.end()) == want);
          covered += want.size();
        }
        CHECK(covered == seedkit::shard_size(static_cast<std::size_t>(n), world, tail) * world);
      }
    }
  }
  const index_permutation p(key(8), 5);
  CHECK(seedkit_test::message_of([&] {
          (void)p.shard(3, 3, seedkit::shard_tail::pad);
        }).find("rank = 3") != std::string::npos);
  CHECK(seedkit_test::message_of([&] {
          (void)p.shard(0, 0, seedkit::shard_tail::pad);
        }).find("world = 0") != std::string::npos);
}

TEST_CASE("index_permutation: shard views at n near 2^64 do not wrap around") {
  const index_permutation p(key(9), max64);
  const auto last = p.shard(6, 7, seedkit::shard_tail::pad);  // 2^64 - 1 = 7 * q + 1
  CHECK(last.size() == max64 / 7 + 1);
  CHECK(last.position(last.size() - 1) == 5);  // wraps to order[5] (pad)
  CHECK(last[last.size() - 1] == p[5]);
  CHECK(last.position(0) == 6);
  const auto drop = p.shard(6, 7, seedkit::shard_tail::drop);
  CHECK(drop.size() == max64 / 7);
  CHECK(drop.position(drop.size() - 1) == (max64 / 7 - 1) * 7 + 6);
}

TEST_CASE("index_permutation: resuming from a position needs only the position") {
  const u64 n = 100003;
  const index_permutation p(key(11) / "resume", n);
  const u64 at = 43210;
  std::vector<u64> full(p.begin(), p.end());
  std::vector<u64> resumed(p.begin() + static_cast<std::ptrdiff_t>(at), p.end());
  CHECK(std::vector<u64>(full.begin() + static_cast<std::ptrdiff_t>(at), full.end()) == resumed);
  CHECK(std::distance(p.begin(), p.end()) == static_cast<std::ptrdiff_t>(n));
  auto it = p.begin() + 5;
  CHECK(it[3] == p[8]);
  CHECK(*(it - 2) == p[3]);
  CHECK((it++).position() == 5);
  CHECK(it.position() == 6);

  // A share of rank 2 of 4, stopped after 1000 items and resumed.
  const auto view = p.shard(2, 4, seedkit::shard_tail::drop);
  std::vector<u64> first(view.begin(), view.begin() + 1000);
  std::vector<u64> rest(view.begin() + 1000, view.end());
  first.insert(first.end(), rest.begin(), rest.end());
  CHECK(first == std::vector<u64>(view.begin(), view.end()));
  // A fresh object from (key, n) gives the same order: nothing else is state.
  const index_permutation again(key(11) / "resume", n);
  CHECK(again == p);
  CHECK(again[at] == full[static_cast<std::size_t>(at)]);
}

TEST_CASE("index_permutation: copy writes the values of operator[]") {
  for (u64 n : {u64{1}, u64{9}, u64{16}, u64{17}, u64{1000}, u64{65537}, max64}) {
    const index_permutation p(key(12) / "copy", n);
    for (u64 first : {u64{0}, n / 3, n - std::min<u64>(n, 37)}) {
      const u64 count = std::min<u64>(n - first, 37);
      std::vector<u64> got(static_cast<std::size_t>(count) + 1, 7);
      const u64* end = p.copy(first, count, got.data());
      CHECK(end == got.data() + count);
      for (u64 t = 0; t < count; ++t) REQUIRE(got[static_cast<std::size_t>(t)] == p[first + t]);
      CHECK(got.back() == 7);
    }
  }
}

// Tests for seedkit/data.hpp.
//
// The bit-exact outputs are pinned by tests/reference/data_golden.txt,
// written by the independent Python reference tests/reference/data.py from
// docs/data.md (a ctest re-runs it: tests/data/tests.cmake). Here: those
// goldens, the structural contracts (disjointness and coverage, balance,
// out-of-bag = complement, epoch independence, sharding) and every rejected
// input.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "seedkit/data.hpp"
#include "support/golden.hpp"

namespace {

using index_list = std::vector<std::size_t>;

// A golden line: key, the parameters between the key and ':', and the lists
// after ':' (separated by '|').
struct golden_case {
  seedkit::key key;
  std::vector<std::string> params;
  std::vector<index_list> lists;
};

std::vector<golden_case> golden(const std::string& tag) {
  std::vector<golden_case> out;
  for (const auto& f : seedkit_test::golden_lines("data_golden.txt", tag)) {
    golden_case c;
    c.key = seedkit::key::from_words(seedkit_test::hex64(f.at(1)), seedkit_test::hex64(f.at(2)));
    std::size_t i = 3;
    for (; f.at(i) != ":"; ++i) c.params.push_back(f[i]);
    c.lists.emplace_back();
    for (++i; i < f.size(); ++i) {
      if (f[i] == "|") {
        c.lists.emplace_back();
      } else {
        c.lists.back().push_back(static_cast<std::size_t>(std::stoull(f[i])));
      }
    }
    out.push_back(c);
  }
  return out;
}

std::size_t to_size(const std::string& s) { return static_cast<std::size_t>(std::stoull(s)); }

double from_hex_double(const std::string& s) {
  const std::uint64_t bits = seedkit_test::hex64(s);
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}

std::vector<long long> labels_from(const std::vector<std::string>& params, std::size_t first) {
  std::vector<long long> labels;
  for (std::size_t i = first; i < params.size(); ++i) labels.push_back(std::stoll(params[i]));
  return labels;
}

index_list iota(std::size_t n) {
  index_list v(n);
  std::iota(v.begin(), v.end(), std::size_t{0});
  return v;
}

index_list sorted(index_list v) {
  std::sort(v.begin(), v.end());
  return v;
}

index_list concat(const std::vector<index_list>& parts) {
  index_list all;
  for (const auto& p : parts) all.insert(all.end(), p.begin(), p.end());
  return all;
}

// The items of 0 .. n-1 not in `in`, in increasing order.
index_list complement(const index_list& in, std::size_t n) {
  std::vector<char> seen(n, 0);
  for (auto i : in) seen.at(i) = 1;
  index_list out;
  for (std::size_t i = 0; i < n; ++i) {
    if (!seen[i]) out.push_back(i);
  }
  return out;
}

bool is_increasing(const index_list& v) {
  return std::adjacent_find(v.begin(), v.end(), std::greater_equal<std::size_t>()) == v.end();
}

void check_folds_partition(const std::vector<seedkit::fold_indices>& folds, std::size_t n) {
  std::vector<index_list> validations;
  for (const auto& f : folds) {
    CHECK(is_increasing(f.validation));
    CHECK(is_increasing(f.train));
    CHECK(f.train == complement(f.validation, n));
    validations.push_back(f.validation);
  }
  CHECK(sorted(concat(validations)) == iota(n));  // disjoint and covering
}

}  // namespace

// --- goldens from tests/reference/data.py ---------------------------------

TEST_CASE("data: split_by_fractions matches the reference", "[data][golden]") {
  const auto cases = golden("split_fractions");
  CHECK(cases.size() >= 30);
  for (const auto& c : cases) {
    const auto s = seedkit::split_by_fractions(
        c.key, to_size(c.params.at(0)), from_hex_double(c.params.at(1)),
        from_hex_double(c.params.at(2)), from_hex_double(c.params.at(3)));
    INFO("n = " << c.params[0] << ", fractions " << c.params[1] << " " << c.params[2] << " "
                << c.params[3]);
    REQUIRE(c.lists.size() == 3);
    CHECK(s.train == c.lists[0]);
    CHECK(s.validation == c.lists[1]);
    CHECK(s.test == c.lists[2]);
  }
}

TEST_CASE("data: split sizes by fractions match the reference, up to n = 2^53", "[data][golden]") {
  for (const auto& f : seedkit_test::golden_lines("data_golden.txt", "split_sizes")) {
    INFO("n = " << f.at(1));
    const auto z =
        seedkit::fraction_split_sizes(to_size(f.at(1)), from_hex_double(f.at(2)),
                                      from_hex_double(f.at(3)), from_hex_double(f.at(4)));
    REQUIRE(f.at(5) == ":");
    CHECK(z.train == to_size(f.at(6)));
    CHECK(z.validation == to_size(f.at(7)));
    CHECK(z.test == to_size(f.at(8)));
  }
}

TEST_CASE("data: split_by_counts matches the reference", "[data][golden]") {
  for (const auto& c : golden("split_counts")) {
    const auto s = seedkit::split_by_counts(c.key, to_size(c.params.at(0)), to_size(c.params.at(1)),
                                            to_size(c.params.at(2)), to_size(c.params.at(3)));
    REQUIRE(c.lists.size() == 3);
    CHECK(s.train == c.lists[0]);
    CHECK(s.validation == c.lists[1]);
    CHECK(s.test == c.lists[2]);
  }
}

TEST_CASE("data: k_fold matches the reference", "[data][golden]") {
  for (const auto& c : golden("k_fold")) {
    const std::size_t n = to_size(c.params.at(0)), k = to_size(c.params.at(1));
    const auto folds = seedkit::k_fold(c.key, n, k);
    REQUIRE(folds.size() == k);
    REQUIRE(c.lists.size() == k);
    for (std::size_t f = 0; f < k; ++f) {
      CHECK(folds[f].validation == c.lists[f]);
      CHECK(folds[f].train == complement(c.lists[f], n));
    }
  }
}

TEST_CASE("data: stratified_k_fold matches the reference", "[data][golden]") {
  for (const auto& c : golden("stratified_k_fold")) {
    const std::size_t k = to_size(c.params.at(0)), n = to_size(c.params.at(1));
    const auto labels = labels_from(c.params, 2);
    REQUIRE(labels.size() == n);
    const auto folds = seedkit::stratified_k_fold(c.key, labels, k);
    REQUIRE(folds.size() == k);
    REQUIRE(c.lists.size() == k);
    for (std::size_t f = 0; f < k; ++f) {
      CHECK(folds[f].validation == c.lists[f]);
      CHECK(folds[f].train == complement(c.lists[f], n));
    }
  }
}

TEST_CASE("data: bootstrap matches the reference", "[data][golden]") {
  for (const auto& c : golden("bootstrap")) {
    const auto b = seedkit::bootstrap(c.key, to_size(c.params.at(0)), to_size(c.params.at(1)));
    REQUIRE(c.lists.size() == 2);
    CHECK(b.sample == c.lists[0]);
    CHECK(b.out_of_bag == c.lists[1]);
  }
}

TEST_CASE("data: random_oversample matches the reference", "[data][golden]") {
  for (const auto& c : golden("random_oversample")) {
    const auto labels = labels_from(c.params, 1);
    REQUIRE(labels.size() == to_size(c.params.at(0)));
    REQUIRE(c.lists.size() == 1);
    CHECK(seedkit::random_oversample(c.key, labels) == c.lists[0]);
  }
}

TEST_CASE("data: epoch_permutation matches the reference", "[data][golden]") {
  const auto cases = golden("epoch_permutation");
  CHECK(cases.size() >= 100);
  for (const auto& c : cases) {
    const std::uint64_t epoch = std::stoull(c.params.at(0));
    REQUIRE(c.lists.size() == 1);
    CHECK(seedkit::epoch_permutation(c.key, epoch, to_size(c.params.at(1))) == c.lists[0]);
  }
}

TEST_CASE("data: epoch_shard matches the reference (PyTorch DistributedSampler's dealing)",
          "[data][golden]") {
  for (const auto& c : golden("epoch_shard")) {
    const std::uint64_t epoch = std::stoull(c.params.at(0));
    const std::size_t n = to_size(c.params.at(1)), world = to_size(c.params.at(2));
    const auto tail =
        c.params.at(3) == "pad" ? seedkit::shard_tail::pad : seedkit::shard_tail::drop;
    REQUIRE(c.lists.size() == world);
    for (std::size_t r = 0; r < world; ++r) {
      INFO("rank " << r << " of " << world << ", n = " << n << ", " << c.params[3]);
      CHECK(seedkit::epoch_shard(c.key, epoch, n, r, world, tail) == c.lists[r]);
    }
  }
}

// --- properties --------------------------------------------------------------

TEST_CASE("data: splits are disjoint, cover 0..n-1 and have the stated sizes", "[data][split]") {
  const seedkit::key k = seedkit::key(5) / "data";
  for (std::size_t n : {0u, 1u, 2u, 10u, 15u, 999u, 1000u, 4097u}) {
    for (auto fr : {std::vector<double>{0.8, 0.1, 0.1},
                    {0.7, 0.2, 0.1},
                    {1.0, 0.0, 0.0},
                    {0.0, 0.0, 1.0},
                    {1.0 / 3, 1.0 / 3, 1.0 / 3},
                    {0.5, 0.25, 0.25}}) {
      const auto s = seedkit::split_by_fractions(k, n, fr[0], fr[1], fr[2]);
      const auto nd = static_cast<double>(n);
      CHECK(s.validation.size() == static_cast<std::size_t>(fr[1] * nd));
      CHECK(s.test.size() == static_cast<std::size_t>(fr[2] * nd));
      CHECK(s.train.size() + s.validation.size() + s.test.size() == n);
      CHECK(sorted(concat({s.train, s.validation, s.test})) == iota(n));
      // The same sizes by count give the same split; the seed overload is key(seed).
      const auto c =
          seedkit::split_by_counts(k, n, s.train.size(), s.validation.size(), s.test.size());
      CHECK((c.train == s.train && c.validation == s.validation && c.test == s.test));
      // The three parts are consecutive runs of one permutation.
      seedkit::stream g(k / "seedkit/split");
      CHECK(concat({s.train, s.validation, s.test}) == seedkit::permutation(n, g));
    }
  }
  const auto a = seedkit::split_by_fractions(42, 100, 0.8, 0.1, 0.1);
  const auto b = seedkit::split_by_fractions(seedkit::key(42), 100, 0.8, 0.1, 0.1);
  const auto c = seedkit::split_by_fractions(seedkit::key(43), 100, 0.8, 0.1, 0.1);
  CHECK(a.train == b.train);
  CHECK(a.train != c.train);
  CHECK(seedkit::split_by_counts(42, 100, 80, 10, 10).test == a.test);
  // Sizes for common cases, by hand.
  auto z = seedkit::fraction_split_sizes(1000, 0.8, 0.1, 0.1);
  CHECK((z.train == 800 && z.validation == 100 && z.test == 100));
  z = seedkit::fraction_split_sizes(15, 0.8, 0.1, 0.1);  // remainder to train
  CHECK((z.train == 13 && z.validation == 1 && z.test == 1));
  z = seedkit::fraction_split_sizes(10, 0.7, 0.2, 0.1);  // 0.7 * 10 rounds to 7.0
  CHECK((z.train == 7 && z.validation == 2 && z.test == 1));
  // Fractions adding up to slightly more than 1: test is clamped.
  z = seedkit::fraction_split_sizes(2000001, 0.0, 0.5000004, 0.5000004);
  CHECK((z.train == 0 && z.validation == 1000001 && z.test == 1000000));
}

TEST_CASE("data: k_fold folds partition the items, sizes differ by at most one", "[data][kfold]") {
  for (std::size_t n : {2u, 3u, 10u, 11u, 100u, 1001u}) {
    for (std::size_t k : {2u, 3u, 5u, 10u}) {
      if (k > n) continue;
      const auto folds = seedkit::k_fold(seedkit::key(9), n, k);
      REQUIRE(folds.size() == k);
      check_folds_partition(folds, n);
      for (std::size_t f = 0; f < k; ++f)
        CHECK(folds[f].validation.size() == n / k + (f < n % k ? 1 : 0));
    }
  }
  // Leave-one-out: every item alone once.
  const auto loo = seedkit::k_fold(7, 6, 6);
  for (const auto& f : loo) CHECK(f.validation.size() == 1);
  check_folds_partition(loo, 6);
  CHECK(seedkit::k_fold(7, 50, 5)[0].validation ==
        seedkit::k_fold(seedkit::key(7), 50, 5)[0].validation);
  CHECK(seedkit::k_fold(7, 50, 5)[0].validation != seedkit::k_fold(8, 50, 5)[0].validation);
}

TEST_CASE("data: stratified_k_fold balances every class and the fold sizes", "[data][kfold]") {
  // 3 classes of 50, 31 and 7 items, interleaved irregularly; labels as int8.
  std::vector<signed char> labels;
  for (int i = 0; i < 50; ++i) labels.push_back(static_cast<signed char>(-1));
  for (int i = 0; i < 31; ++i) labels.push_back(static_cast<signed char>(4));
  for (int i = 0; i < 7; ++i) labels.push_back(static_cast<signed char>(100));
  seedkit::splitmix64 mix(3);
  seedkit::shuffle(labels.begin(), labels.end(), mix);
  const std::size_t n = labels.size();
  for (std::size_t k : {2u, 3u, 5u, 7u}) {
    const auto folds = seedkit::stratified_k_fold(seedkit::key(11), labels, k);
    REQUIRE(folds.size() == k);
    check_folds_partition(folds, n);
    std::size_t lo = n, hi = 0;
    for (const auto& f : folds) {
      lo = std::min(lo, f.validation.size());
      hi = std::max(hi, f.validation.size());
    }
    CHECK(hi - lo <= 1);
    for (signed char c : {static_cast<signed char>(-1), static_cast<signed char>(4),
                          static_cast<signed char>(100)}) {
      std::size_t clo = n, chi = 0;
      for (const auto& f : folds) {
        const auto m =
            static_cast<std::size_t>(std::count_if(f.validation.begin(), f.validation.end(),
                                                   [&](std::size_t i) { return labels[i] == c; }));
        clo = std::min(clo, m);
        chi = std::max(chi, m);
      }
      CHECK(chi - clo <= 1);
    }
  }
  // A class's order depends only on its own label and members: adding a
  // later class does not change which of the first class's items share a fold.
  const std::vector<int> one = {1, 1, 1, 1, 1, 1};
  const std::vector<int> two = {1, 1, 1, 1, 1, 1, 2, 2};
  const auto a = seedkit::stratified_k_fold(4, one, 2), b = seedkit::stratified_k_fold(4, two, 2);
  for (std::size_t f = 0; f < 2; ++f) {
    index_list bf;
    for (auto i : b[f].validation) {
      if (i < 6) bf.push_back(i);
    }
    CHECK(a[f].validation == bf);
  }
}

TEST_CASE("data: bootstrap draws in range and out-of-bag is the complement", "[data][bootstrap]") {
  for (std::size_t n : {1u, 2u, 10u, 1000u}) {
    for (std::size_t m : {std::size_t{0}, std::size_t{1}, n, 3 * n}) {
      const auto b = seedkit::bootstrap(seedkit::key(21) / n, n, m);
      REQUIRE(b.sample.size() == m);
      for (auto i : b.sample) CHECK(i < n);
      CHECK(b.out_of_bag == complement(b.sample, n));
      const std::set<std::size_t> drawn(b.sample.begin(), b.sample.end());
      CHECK(drawn.size() + b.out_of_bag.size() == n);
    }
  }
  // n = m = 1000: about n (1 - 1/e)^... : the expected out-of-bag share is
  // (1 - 1/n)^n ~ 0.368; 5 sigma is about 0.076.
  const auto big = seedkit::bootstrap(seedkit::key(22), 1000);
  CHECK(big.out_of_bag.size() > 292);
  CHECK(big.out_of_bag.size() < 444);
  CHECK(seedkit::bootstrap(22, 1000).sample == big.sample);
  CHECK(seedkit::bootstrap(22, 0, 0).sample.empty());
  CHECK(seedkit::bootstrap(22, 0).out_of_bag.empty());
}

TEST_CASE("data: random_oversample brings every class up to the largest", "[data][oversample]") {
  std::vector<std::uint16_t> labels;
  for (std::size_t i = 0; i < 100; ++i)
    labels.push_back(static_cast<std::uint16_t>(i % 7 == 0 ? 3 : (i % 3 == 0 ? 9 : 65535)));
  std::map<std::uint16_t, std::size_t> before;
  for (auto l : labels) ++before[l];
  std::size_t largest = 0;
  for (const auto& c : before) largest = std::max(largest, c.second);
  const auto idx = seedkit::random_oversample(seedkit::key(31), labels);
  REQUIRE(idx.size() == largest * before.size());
  CHECK(index_list(idx.begin(), idx.begin() + 100) == iota(100));  // the originals first
  std::map<std::uint16_t, std::size_t> after;
  for (auto i : idx) ++after[labels.at(i)];
  for (const auto& c : after) CHECK(c.second == largest);
  // The extras are grouped by class, in increasing label order.
  std::uint16_t previous = 0;
  for (std::size_t t = 100; t < idx.size(); ++t) {
    CHECK(labels[idx[t]] >= previous);
    previous = labels[idx[t]];
  }
  CHECK(seedkit::random_oversample(31, labels) == idx);
  CHECK(seedkit::random_oversample(32, labels) != idx);
  CHECK(seedkit::random_oversample(31, std::vector<int>{}).empty());
}

TEST_CASE("data: epoch_permutation needs no earlier epochs, and epochs differ", "[data][epoch]") {
  const seedkit::key k = seedkit::key(12321) / "loader";
  const std::size_t n = 1000;
  std::vector<index_list> in_order;
  for (std::uint64_t e = 0; e < 6; ++e) in_order.push_back(seedkit::epoch_permutation(k, e, n));
  CHECK(seedkit::epoch_permutation(k, 5, n) == in_order[5]);  // epoch 5 alone
  for (std::size_t a = 0; a < in_order.size(); ++a) {
    CHECK(sorted(in_order[a]) == iota(n));
    for (std::size_t b = a + 1; b < in_order.size(); ++b) CHECK(in_order[a] != in_order[b]);
  }
  // It is permutation() on the stream of k / "seedkit/epoch_permutation" / epoch.
  seedkit::stream g(k / "seedkit/epoch_permutation" / 5);
  CHECK(seedkit::permutation(n, g) == in_order[5]);
  CHECK(seedkit::epoch_permutation(7, 3, 50) == seedkit::epoch_permutation(seedkit::key(7), 3, 50));
  CHECK(seedkit::epoch_permutation(7, 3, 50) != seedkit::epoch_permutation(8, 3, 50));
  CHECK(seedkit::epoch_permutation(k, ~std::uint64_t{0}, 0).empty());
}

TEST_CASE("data: shards are disjoint slices: pad wraps around, drop drops the tail",
          "[data][shard]") {
  const seedkit::key k = seedkit::key(77);
  for (std::size_t n : {0u, 1u, 5u, 9u, 10u, 12u, 101u}) {
    for (std::size_t world : {1u, 2u, 3u, 4u, 8u}) {
      const auto order = seedkit::epoch_permutation(k, 2, n);
      std::vector<index_list> pad, drop;
      for (std::size_t r = 0; r < world; ++r) {
        pad.push_back(seedkit::epoch_shard(k, 2, n, r, world, seedkit::shard_tail::pad));
        drop.push_back(seedkit::epoch_shard(k, 2, n, r, world, seedkit::shard_tail::drop));
        CHECK(pad[r] == seedkit::shard(order, r, world, seedkit::shard_tail::pad));
        CHECK(pad[r].size() == (n + world - 1) / world);
        CHECK(pad[r].size() == seedkit::shard_size(n, world, seedkit::shard_tail::pad));
        CHECK(drop[r].size() == n / world);
        CHECK(drop[r].size() == seedkit::shard_size(n, world, seedkit::shard_tail::drop));
      }
      // drop: disjoint, and together the first world * floor(n / world) of the order.
      const std::size_t kept = world * (n / world);
      CHECK(sorted(concat(drop)) ==
            sorted(index_list(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(kept))));
      // pad: every item at least once; the extras are the order's first few.
      const auto all = concat(pad);
      CHECK(all.size() == world * ((n + world - 1) / world));
      std::map<std::size_t, std::size_t> times;
      for (auto i : all) ++times[i];
      CHECK(times.size() == n);
      const std::size_t extra = all.size() - n;
      for (std::size_t j = 0; j < n; ++j) {
        const std::size_t expected = 1 + (n == 0 ? 0 : (extra / n + (j < extra % n ? 1 : 0)));
        CHECK(times[order[j]] == expected);
      }
      // Rank r holds positions r, r + world, ... of the (padded) order.
      if (n > 0) {
        for (std::size_t r = 0; r < world; ++r) {
          for (std::size_t t = 0; t < pad[r].size(); ++t)
            CHECK(pad[r][t] == order[(r + t * world) % n]);
        }
      }
    }
  }
  CHECK(seedkit::epoch_shard(77, 2, 30, 1, 4, seedkit::shard_tail::pad) ==
        seedkit::epoch_shard(k, 2, 30, 1, 4, seedkit::shard_tail::pad));
}

// --- bad input -----------------------------------------------------------------

TEST_CASE("data: every bad input throws seedkit::error naming the parameter and value",
          "[data][errors]") {
  using Catch::Matchers::Contains;
  const seedkit::key k(1);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Fractions.
  CHECK_THROWS_AS(seedkit::split_by_fractions(k, 10, 0.8, 0.1, 0.2), seedkit::error);
  CHECK_THROWS_WITH(seedkit::split_by_fractions(k, 10, 0.8, 0.1, 0.2),
                    Contains("seedkit::split_by_fractions") && Contains("= 1.1") &&
                        Contains("add up to 1 within 1e-6"));
  CHECK_THROWS_WITH(seedkit::split_by_fractions(k, 10, 0.5, 0.2, 0.2), Contains("add up to 1"));
  CHECK_THROWS_WITH(seedkit::split_by_fractions(k, 10, 1.2, -0.1, -0.1),
                    Contains("train = 1.2") && Contains("[0, 1]"));
  CHECK_THROWS_WITH(seedkit::split_by_fractions(k, 10, 0.9, -0.1, 0.2),
                    Contains("validation = -0.1") && Contains("[0, 1]"));
  CHECK_THROWS_WITH(seedkit::split_by_fractions(k, 10, 0.9, 0.1, nan),
                    Contains("test = nan") && Contains("not NaN"));
  CHECK_THROWS_WITH(seedkit::split_by_fractions(k, 10, 0.8, 0.1, 0.1 + 2e-6),
                    Contains("within 1e-6"));
  CHECK_NOTHROW(seedkit::split_by_fractions(k, 10, 0.8, 0.1, 0.1 + 5e-7));
  CHECK_THROWS_WITH(seedkit::fraction_split_sizes((std::size_t{1} << 53) + 1, 0.8, 0.1, 0.1),
                    Contains("n = 9007199254740993") && Contains("n <= 2^53"));
  // Counts.
  CHECK_THROWS_WITH(
      seedkit::split_by_counts(k, 10, -1, 6, 5),
      Contains("seedkit::split_by_counts") && Contains("train = -1") && Contains(">= 0"));
  CHECK_THROWS_WITH(seedkit::split_by_counts(k, 10, 5, 5, -2), Contains("test = -2"));
  CHECK_THROWS_WITH(seedkit::split_by_counts(k, 10, 8, 2, 1),
                    Contains("8 + 2 + 1") && Contains("n = 10") && Contains("add up to n"));
  CHECK_THROWS_WITH(seedkit::split_by_counts(k, 10, 5, 2, 1), Contains("does not equal n = 10"));
  CHECK_THROWS_WITH(seedkit::split_by_counts(k, 10, std::size_t{11}, 0, 0), Contains("11 + 0 + 0"));
  const std::uint64_t huge = ~std::uint64_t{0};
  CHECK_THROWS_AS(seedkit::split_by_counts(k, 10, huge, 6, 5), seedkit::error);  // no wraparound
  // Folds.
  CHECK_THROWS_WITH(seedkit::k_fold(k, 10, 1),
                    Contains("seedkit::k_fold") && Contains("folds = 1") && Contains("at least 2"));
  CHECK_THROWS_WITH(seedkit::k_fold(k, 10, 0), Contains("folds = 0"));
  CHECK_THROWS_WITH(seedkit::k_fold(k, 10, 11), Contains("folds = 11") && Contains("n = 10") &&
                                                    Contains("at most the number of items"));
  CHECK_THROWS_AS(seedkit::k_fold(k, 0, 2), seedkit::error);
  const std::vector<int> labels = {0, 0, 0, 1, 1, 0, 0};
  CHECK_THROWS_WITH(seedkit::stratified_k_fold(k, labels, 3),
                    Contains("seedkit::stratified_k_fold") && Contains("class 1 has 2 items") &&
                        Contains("folds = 3"));
  CHECK_NOTHROW(seedkit::stratified_k_fold(k, labels, 2));
  CHECK_THROWS_WITH(seedkit::stratified_k_fold(k, labels, 1),
                    Contains("folds = 1") && Contains("at least 2"));
  CHECK_THROWS_WITH(seedkit::stratified_k_fold(k, labels, 8), Contains("folds = 8 with 7 items"));
  CHECK_THROWS_WITH(seedkit::stratified_k_fold(k, std::vector<long>{-5, -5, -5, 2}, 2),
                    Contains("class 2 has 1 items"));
  CHECK_THROWS_WITH(seedkit::stratified_k_fold(k, std::vector<int>{}, 2), Contains("with 0 items"));
  // Bootstrap.
  CHECK_THROWS_WITH(seedkit::bootstrap(k, 0, 5),
                    Contains("seedkit::bootstrap") && Contains("n = 0") && Contains("m = 5"));
  // Shards.
  CHECK_THROWS_WITH(seedkit::epoch_shard(k, 0, 10, 0, 0, seedkit::shard_tail::pad),
                    Contains("seedkit::shard") && Contains("world = 0") && Contains("at least 1"));
  CHECK_THROWS_WITH(seedkit::epoch_shard(k, 0, 10, 4, 4, seedkit::shard_tail::drop),
                    Contains("rank = 4 with world = 4") && Contains("[0, world)"));
  CHECK_THROWS_WITH(seedkit::shard(index_list{1, 2}, 2, 2, seedkit::shard_tail::pad),
                    Contains("rank = 2"));
  CHECK_THROWS_WITH(seedkit::shard_size(5, 0, seedkit::shard_tail::drop), Contains("world = 0"));
}

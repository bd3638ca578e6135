// Tests for seedkit/shuffle.hpp. The bit-exact outputs (shuffle,
// permutation, sample, weighted sampling) are pinned by the golden file of
// the Python reference (tests/test_distributions.cpp runs it); here: the
// structural contracts and the distributions, with fixed seeds and the
// 1 - 1e-4 chi-square quantiles (4 dof: 23.513; 5 dof: 25.745;
// 11 dof: 37.367; 19 dof: 50.795).
#include "seedkit/shuffle.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/stats.hpp"

#include "seedkit/philox.hpp"
#include "seedkit/splitmix64.hpp"

namespace {
using seedkit_test::chi_square;
}  // namespace

TEST_CASE("shuffle and permutation give permutations, and agree", "[shuffle]") {
  for (std::size_t n : {0u, 1u, 2u, 3u, 10u, 1000u}) {
    seedkit::splitmix64 a(n), b(n);
    std::vector<std::size_t> v(n);
    std::iota(v.begin(), v.end(), std::size_t{0});
    seedkit::shuffle(v.begin(), v.end(), a);
    CHECK(v == seedkit::permutation(n, b));
    CHECK(a == b);  // the same words consumed
    std::sort(v.begin(), v.end());
    for (std::size_t i = 0; i < n; ++i) CHECK(v[i] == i);
  }
}

TEST_CASE("shuffle of four elements hits all 24 orders uniformly", "[shuffle][stats]") {
  // Cells: (position of element 0, position of element 1 among the other
  // three): 12 equally likely cells, 11 dof, threshold 37.367.
  seedkit::philox4x32 g(8);
  std::vector<std::size_t> counts(12);
  for (int t = 0; t < 240000; ++t) {
    int v[4] = {0, 1, 2, 3};
    seedkit::shuffle(v, v + 4, g);
    const auto p0 = static_cast<std::size_t>(std::find(v, v + 4, 0) - v);
    auto p1 = static_cast<std::size_t>(std::find(v, v + 4, 1) - v);
    if (p1 > p0) --p1;
    ++counts[p0 * 3 + p1];
  }
  CHECK(chi_square(counts, std::vector<double>(12, 1.0 / 12)) < 37.367);
}

TEST_CASE("sample is a prefix of permutation, on the dense and sparse paths", "[shuffle][sample]") {
  for (auto nk : {std::make_pair(1000u, 10u), std::make_pair(1000u, 500u), std::make_pair(50u, 50u),
                  std::make_pair(7u, 0u), std::make_pair(0u, 0u), std::make_pair(1u, 1u)}) {
    const std::size_t n = nk.first, k = nk.second;
    seedkit::splitmix64 a(3), b(3), c(3), d(3);
    const auto s = seedkit::sample(n, k, a);
    const auto p = seedkit::permutation(n, b);
    REQUIRE(s.size() == k);
    CHECK(std::equal(s.begin(), s.end(), p.begin()));
    CHECK(seedkit::detail::fisher_yates_dense(n, k, c) ==
          seedkit::detail::fisher_yates_sparse(n, k, d));
    CHECK(c == d);
    // the words of min(k, n-1) steps only
    // (on the 32-bit word stream: two steps per splitmix64 call, barring rejections)
    seedkit::splitmix64 e(3);
    {
      auto words = seedkit::detail::words_of(e);
      const std::size_t steps = std::min(k, n == 0 ? std::size_t{0} : n - 1);
      for (std::size_t i = 0; i < steps; ++i)
        seedkit::detail::uniform_below_or_equal(words, n - 1 - i);
    }
    CHECK(a == e);
  }
  // Huge n on the sparse path: distinct and in range.
  seedkit::splitmix64 g(4);
  auto s = seedkit::sample(std::size_t{1} << 40, 1000, g);
  std::sort(s.begin(), s.end());
  CHECK(std::adjacent_find(s.begin(), s.end()) == s.end());
  CHECK(s.back() < (std::size_t{1} << 40));
  // The iterator overload copies the sampled elements in order.
  const std::vector<std::string> words = {"a", "b", "c", "d", "e"};
  std::vector<std::string> out;
  seedkit::splitmix64 h(5), h2(5);
  seedkit::sample(words.begin(), words.end(), std::back_inserter(out), 3, h);
  const auto idx = seedkit::sample(5, 3, h2);
  REQUIRE(out.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(out[i] == words[idx[i]]);
}

TEST_CASE("sample's first index is uniform", "[shuffle][sample][stats]") {
  std::mt19937_64 g(6);
  std::vector<std::size_t> counts(20);
  for (int t = 0; t < 200000; ++t) ++counts[seedkit::sample(1000, 3, g)[0] % 20];
  CHECK(chi_square(counts, std::vector<double>(20, 1.0 / 20)) < 50.795);
}

TEST_CASE("weighted sampling follows the weights", "[shuffle][weighted][stats]") {
  const std::vector<double> w = {1.0, 0.0, 5.0, 2.0, 0.5, 3.0, 1.5};
  const double total = 13.0;
  std::mt19937_64 g(9);
  // With replacement: the frequencies of all draws.
  std::vector<std::size_t> counts(w.size());
  for (auto i : seedkit::weighted_sample_with_replacement(w, 200000, g)) ++counts[i];
  CHECK(counts[1] == 0u);
  std::vector<std::size_t> c6;
  std::vector<double> p6;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i] > 0) {
      c6.push_back(counts[i]);
      p6.push_back(w[i] / total);
    }
  }
  CHECK(chi_square(c6, p6) < 25.745);
  // Without replacement: the first pick follows the weights; the second pick
  // given the first is 2 follows the remaining weights.
  std::vector<std::size_t> first(w.size()), second(w.size());
  std::size_t given2 = 0;
  for (int t = 0; t < 100000; ++t) {
    const auto s = seedkit::weighted_sample_without_replacement(w, 6, g);
    REQUIRE(s.size() == 6);
    CHECK(std::find(s.begin(), s.end(), std::size_t{1}) == s.end());
    auto sorted = s;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
    ++first[s[0]];
    if (s[0] == 2) {
      ++second[s[1]];
      ++given2;
    }
  }
  c6.clear();
  std::vector<std::size_t> c5;
  std::vector<double> p5;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i] > 0) c6.push_back(first[i]);
    if (w[i] > 0 && i != 2) {
      c5.push_back(second[i]);
      p5.push_back(w[i] / (total - 5.0));
    }
  }
  CHECK(chi_square(c6, p6) < 25.745);
  CHECK(given2 > 30000u);
  CHECK(chi_square(c5, p5) < 23.513);  // 4 dof
}

TEST_CASE("bad sampling arguments throw seedkit::error", "[shuffle][errors]") {
  seedkit::splitmix64 g(1);
  try {
    seedkit::sample(5, 6, g);
    FAIL("no error");
  } catch (const seedkit::error& e) {
    CHECK(std::string(e.what()).find("k = 6 exceeds n = 5") != std::string::npos);
  }
  try {
    seedkit::weighted_sample_without_replacement({1.0, 0.0, 2.0}, 3, g);
    FAIL("no error");
  } catch (const seedkit::error& e) {
    CHECK(std::string(e.what()).find("exceeds the 2 items of positive weight") !=
          std::string::npos);
  }
  CHECK_THROWS_AS(seedkit::weighted_sample_with_replacement({}, 3, g), seedkit::error);
  CHECK_THROWS_AS(seedkit::weighted_sample_with_replacement({-1.0}, 3, g), seedkit::error);
  CHECK_THROWS_AS(seedkit::weighted_sample_without_replacement({0.0, 0.0}, 0, g), seedkit::error);
  CHECK_THROWS_AS(seedkit::weighted_sample_without_replacement({1.0, std::nan("")}, 1, g),
                  seedkit::error);
}

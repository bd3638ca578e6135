// The longer statistical run of seedkit::index_permutation: more keys and
// bigger n than the ctest suite, hidden from ctest (tag [.long]); run it by
// hand and copy its report into docs/index_permutation.md ("The longer run"):
//   build/dev/tests/seedkit_permutation_tests "[long]" -s | grep 'long:'
// Each check prints its statistic and its limit (exceeded with probability
// about 1e-6 by a uniform random permutation) and fails above the limit.
#include <algorithm>  // fill
#include <cmath>      // sqrt, fabs, exp
#include <cstddef>    // size_t
#include <cstdint>    // uint64_t
#include <vector>     // vector

#include <catch2/catch.hpp>

#include "seedkit/index_permutation.hpp"
#include "support/stats.hpp"

namespace {

using seedkit::index_permutation;
using seedkit::key;
using u64 = std::uint64_t;

void check_chi_square(const char* what, u64 n, double x2, double limit) {
  INFO("long: " << what << " n = " << n << ": chi-square " << x2 << ", limit " << limit);
  CHECK(x2 < limit);
}

}  // namespace

TEST_CASE("index_permutation long run: ordered triples at the smallest Feistel sizes", "[.long]") {
  // (p[0], p[1], p[2]) over all n (n - 1) (n - 2) ordered triples, 50 keys
  // per cell, n = 65 (a = 9, b = 8: cycle walking) to 68.
  for (u64 n = 65; n <= 68; ++n) {
    std::vector<std::size_t> cube(static_cast<std::size_t>(n * n * n));
    const u64 cells = n * (n - 1) * (n - 2);
    for (u64 s = 0; s < cells * 50; ++s) {
      const index_permutation p(key(s) / "long/triples", n);
      ++cube[static_cast<std::size_t>((p[0] * n + p[1]) * n + p[2])];
    }
    std::vector<std::size_t> counts;
    for (u64 x = 0; x < n; ++x) {
      for (u64 y = 0; y < n; ++y) {
        for (u64 z = 0; z < n; ++z) {
          if (x != y && y != z && x != z) {
            counts.push_back(cube[static_cast<std::size_t>((x * n + y) * n + z)]);
          }
        }
      }
    }
    const double x2 = seedkit_test::chi_square(
        counts, std::vector<double>(counts.size(), 1.0 / static_cast<double>(counts.size())));
    check_chi_square("ordered triples", n, x2,
                     seedkit_test::chi_square_limit(static_cast<double>(cells - 1), 4.7534));
  }
}

TEST_CASE("index_permutation long run: positions at n = 65, 100, 1000", "[.long]") {
  for (u64 n : {u64{65}, u64{100}, u64{1000}}) {
    const u64 keys = n * 200;
    std::vector<std::size_t> counts(static_cast<std::size_t>(n * n));
    for (u64 s = 0; s < keys; ++s) {
      const index_permutation p(key(s) / "long/positions", n);
      for (u64 i = 0; i < n; ++i) ++counts[static_cast<std::size_t>(i * n + p[i])];
    }
    const double x2 = seedkit_test::chi_square(
        counts, std::vector<double>(counts.size(), 1.0 / static_cast<double>(n * n)));
    const double nd = static_cast<double>(n);
    check_chi_square("positions", n, x2,
                     nd / (nd - 1) * seedkit_test::chi_square_limit((nd - 1) * (nd - 1), 4.7534));
  }
}

TEST_CASE("index_permutation long run: parity at n = 2^20 and n = 1000003", "[.long]") {
  for (u64 n : {u64{1} << 20, u64{1000003}}) {
    const int keys = 1000;
    int odd = 0;
    std::vector<unsigned char> seen(static_cast<std::size_t>(n));
    for (int s = 0; s < keys; ++s) {
      const index_permutation p(key(static_cast<u64>(s)) / "long/parity", n);
      std::fill(seen.begin(), seen.end(), 0);
      u64 cycles = 0;
      for (u64 start = 0; start < n; ++start) {
        if (seen[static_cast<std::size_t>(start)]) continue;
        ++cycles;
        for (u64 x = start; !seen[static_cast<std::size_t>(x)]; x = p[x]) {
          seen[static_cast<std::size_t>(x)] = 1;
        }
      }
      odd += (n - cycles) % 2 == 1 ? 1 : 0;
    }
    const double z = (odd - keys / 2.0) / (std::sqrt(static_cast<double>(keys)) / 2);
    INFO("long: parity n = " << n << ": " << odd << " odd of " << keys << ", z " << z
                             << ", limit 4.9");
    CHECK(std::fabs(z) < 4.9);
  }
}

TEST_CASE("index_permutation long run: fixed points and cycles at n = 10^5", "[.long]") {
  const u64 n = 100000;
  const u64 keys = 10000;
  std::vector<std::size_t> fixed_counts(6);
  for (u64 s = 0; s < keys; ++s) {
    const index_permutation p(key(s) / "long/fixed", n);
    std::size_t fixed = 0;
    for (u64 i = 0; i < n; ++i) fixed += p[i] == i ? 1 : 0;
    ++fixed_counts[fixed < 5 ? fixed : 5];
  }
  std::vector<double> probs(6);
  double factorial = 1, rest = 1;
  for (std::size_t k = 0; k < 5; ++k) {
    if (k > 0) factorial *= static_cast<double>(k);
    probs[k] = std::exp(-1.0) / factorial;
    rest -= probs[k];
  }
  probs[5] = rest;
  check_chi_square("fixed points against Poisson(1),", n,
                   seedkit_test::chi_square(fixed_counts, probs),
                   seedkit_test::chi_square_limit(5, 4.7534));
}

TEST_CASE("index_permutation long run: Kendall tau between epochs at n = 20000", "[.long]") {
  const u64 n = 20000;
  const key run = key(7) / "long/epochs";
  const double sd = std::sqrt(2 * (2 * static_cast<double>(n) + 5) /
                              (9 * static_cast<double>(n) * static_cast<double>(n - 1)));
  for (u64 e = 0; e < 4; ++e) {
    const index_permutation x(run / e, n), y(run / (e + 1), n);
    std::vector<u64> py(static_cast<std::size_t>(n));
    for (u64 i = 0; i < n; ++i) py[static_cast<std::size_t>(i)] = y.inverse(x[i]);
    long long concordant = 0;
    for (std::size_t i = 0; i < py.size(); ++i) {
      for (std::size_t j = i + 1; j < py.size(); ++j) concordant += py[i] < py[j] ? 1 : -1;
    }
    const double tau =
        static_cast<double>(concordant) / (static_cast<double>(n) * static_cast<double>(n - 1) / 2);
    INFO("long: Kendall tau epochs " << e << ", " << e + 1 << " n = " << n << ": " << tau << " ("
                                     << tau / sd << " sd), limit 5.3 sd");
    CHECK(std::fabs(tau / sd) < 5.3);
  }
}

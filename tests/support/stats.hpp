// Test support: goodness-of-fit statistics for the statistical tests.
#ifndef SEEDKIT_TESTS_SUPPORT_STATS_HPP
#define SEEDKIT_TESTS_SUPPORT_STATS_HPP

#include <cstddef>
#include <vector>

namespace seedkit_test {

// Pearson's chi-square of observed counts against expected probabilities.
inline double chi_square(const std::vector<std::size_t>& counts, const std::vector<double>& probs) {
  std::size_t total = 0;
  for (auto c : counts) total += c;
  double x2 = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double e = static_cast<double>(total) * probs[i];
    const double d = static_cast<double>(counts[i]) - e;
    x2 += d * d / e;
  }
  return x2;
}

}  // namespace seedkit_test

#endif  // SEEDKIT_TESTS_SUPPORT_STATS_HPP

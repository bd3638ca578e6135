// Test support: goodness-of-fit statistics for the statistical tests.
#ifndef SEEDKIT_TESTS_SUPPORT_STATS_HPP
#define SEEDKIT_TESTS_SUPPORT_STATS_HPP

#include <cmath>
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

// The chi-square value with `df` degrees of freedom exceeded with
// probability about Q(z) (Wilson-Hilferty): z = 4.7534 gives 1e-6, z = 5.1993
// gives 1e-7. Accurate to a few percent in the tail for df >= 3.
inline double chi_square_limit(double df, double z) {
  const double c = 2.0 / (9.0 * df);
  const double t = 1.0 - c + z * std::sqrt(c);
  return df * t * t * t;
}

}  // namespace seedkit_test

#endif  // SEEDKIT_TESTS_SUPPORT_STATS_HPP

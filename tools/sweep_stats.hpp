// tools/sweep_stats.hpp: the statistics seedkit-sweep reports for one metric
// over replicates. Written from the definitions (cited below); checked
// against scipy by tests/sweep (tests/sweep/check_stats.py).
#ifndef SEEDKIT_TOOLS_SWEEP_STATS_HPP
#define SEEDKIT_TOOLS_SWEEP_STATS_HPP

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "seedkit/derive.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/stream.hpp"

namespace seedkit_sweep {

// The regularized incomplete beta function I_x(a, b), by its continued
// fraction (DLMF 8.17.22) evaluated with the modified Lentz method, using
// the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges
// slowly (x > (a + 1) / (a + b + 2)).
inline double incomplete_beta(double a, double b, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  if (x > (a + 1.0) / (a + b + 2.0)) return 1.0 - incomplete_beta(b, a, 1.0 - x);
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x)) /
                       a;
  const double tiny = 1e-300;
  double f = 1.0, c = 1.0, d = 0.0;
  for (int i = 0; i <= 400; ++i) {
    const int m = i / 2;
    double numerator;
    if (i == 0) {
      numerator = 1.0;
    } else if (i % 2 == 0) {
      numerator = (m * (b - m) * x) / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
    } else {
      numerator = -((a + m) * (a + b + m) * x) / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
    }
    d = 1.0 + numerator * d;
    if (std::fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    c = 1.0 + numerator / c;
    if (std::fabs(c) < tiny) c = tiny;
    const double cd = c * d;
    f *= cd;
    if (std::fabs(1.0 - cd) < 1e-15) break;
  }
  return front * (f - 1.0);
}

// The Student t distribution's CDF with nu degrees of freedom:
// 1 - I_{nu / (nu + t^2)}(nu / 2, 1/2) / 2 for t >= 0 (DLMF 8.17.5 with
// the t distribution's definition), by symmetry below 0.
inline double student_t_cdf(double t, double nu) {
  const double tail = 0.5 * incomplete_beta(nu / 2.0, 0.5, nu / (nu + t * t));
  return t >= 0 ? 1.0 - tail : tail;
}

// The p-quantile of Student's t with nu degrees of freedom (0.5 < p < 1),
// by bisection on the CDF to full double precision.
inline double student_t_quantile(double p, double nu) {
  double lo = 0.0, hi = 1.0;
  while (student_t_cdf(hi, nu) < p) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (student_t_cdf(mid, nu) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

struct summary {
  std::size_t n = 0;
  double mean = 0, sd = 0, se = 0;
  double t_low = 0, t_high = 0;        // 95% Student t interval of the mean
  double boot_low = 0, boot_high = 0;  // 95% percentile bootstrap interval of the mean
  double median = 0, iqm = 0, min = 0, max = 0;
};

// The p-quantile of sorted values by linear interpolation between order
// statistics (Hyndman and Fan 1996, definition 7; numpy's default).
inline double quantile_sorted(const std::vector<double>& s, double p) {
  const double h = (static_cast<double>(s.size()) - 1.0) * p;
  const auto i = static_cast<std::size_t>(std::floor(h));
  if (i + 1 >= s.size()) return s.back();
  return s[i] + (h - static_cast<double>(i)) * (s[i + 1] - s[i]);
}

// The summary of `x` (n >= 2). The bootstrap draws its resamples from the
// seedkit stream key(0) / "seedkit-sweep" / "bootstrap" / `name`, so the
// interval is reproducible: `resamples` means, the 2.5th and 97.5th
// percentiles (definition 7). The interquartile mean is scipy's
// trim_mean(x, 0.25): floor(n / 4) values cut from each end (Agarwal et
// al., NeurIPS 2021).
inline summary summarize(std::vector<double> x, const std::string& name,
                         std::size_t resamples = 10000) {
  summary s;
  s.n = x.size();
  const auto n = static_cast<double>(s.n);
  double sum = 0;
  for (const double v : x) sum += v;
  s.mean = sum / n;
  double ss = 0;
  for (const double v : x) ss += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(ss / (n - 1.0));
  s.se = s.sd / std::sqrt(n);
  const double t = student_t_quantile(0.975, n - 1.0);
  s.t_low = s.mean - t * s.se;
  s.t_high = s.mean + t * s.se;
  std::vector<double> sorted = x;
  std::sort(sorted.begin(), sorted.end());
  s.min = sorted.front();
  s.max = sorted.back();
  s.median = quantile_sorted(sorted, 0.5);
  const std::size_t cut = s.n / 4;
  double mid = 0;
  for (std::size_t i = cut; i < s.n - cut; ++i) mid += sorted[i];
  s.iqm = mid / static_cast<double>(s.n - 2 * cut);
  seedkit::stream rng(seedkit::key(0) / "seedkit-sweep" / "bootstrap" / name);
  seedkit::uniform_int<std::uint64_t> pick(0, s.n - 1);
  std::vector<double> means(resamples);
  for (double& m : means) {
    double b = 0;
    for (std::size_t i = 0; i < s.n; ++i) b += x[static_cast<std::size_t>(pick(rng))];
    m = b / n;
  }
  std::sort(means.begin(), means.end());
  s.boot_low = quantile_sorted(means, 0.025);
  s.boot_high = quantile_sorted(means, 0.975);
  return s;
}

}  // namespace seedkit_sweep

#endif  // SEEDKIT_TOOLS_SWEEP_STATS_HPP

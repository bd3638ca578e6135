// Reduction throughput: seedkit's pairwise, compensated and exact sums, the
// fixed-block parallel sum and dot products against their peers --
// std::accumulate, a reassociated (-ffast-math) vector loop on 1 and 2
// threads, plain Kahan and Neumaier loops, numpy's pairwise sum (blocks of
// 128, 8 accumulators) and MPFR's correctly rounded mpfr_sum (when
// libmpfr-dev is found) -- on 1M (in cache) and 16M (from memory) doubles,
// in one run. Compare ratios from the same run, not absolute times; the
// ratios the docs quote are listed in bench/ratios_reduce.txt:
//   build/dev/bench/bench_reduce --benchmark_min_time=0.5
#include <cstddef>  // size_t
#include <cmath>    // abs
#include <cstdint>  // int64_t
#include <numeric>  // accumulate, inner_product
#include <random>   // mt19937_64, normal_distribution
#include <thread>   // thread (the 2-thread peer)
#include <vector>   // vector

#include <benchmark/benchmark.h>
#if SEEDKIT_BENCH_HAVE_MPFR
#  include <mpfr.h>
#endif

#include "seedkit/parallel.hpp"
#include "seedkit/reduce.hpp"

namespace {

// which: 0 and 1 two normal(0, 1) samples; 2 the first with its negative
// terms set to +0.0 (ReLU-like: half zeros, at random).
const std::vector<double>& data(std::size_t n, int which = 0) {
  static std::vector<double> cache[3][2];
  auto& v = cache[which][n > (1u << 20) ? 1 : 0];
  if (v.size() != n) {
    std::mt19937_64 g(42u + static_cast<unsigned>(which == 2 ? 0 : which));
    std::normal_distribution<double> d(0.0, 1.0);
    v.resize(n);
    for (double& x : v) x = d(g);
    if (which == 2) {
      for (double& x : v) x = x < 0 ? 0.0 : x;
    }
  }
  return v;
}

void set_bytes(benchmark::State& state, std::size_t n, std::size_t arrays = 1) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(n * arrays * sizeof(double)));
}

// The peer: a plain loop the compiler may reassociate and vectorize freely.
#if defined(__clang__)
__attribute__((noinline)) double fast_math_sum(const double* p, std::size_t n) {
#  pragma clang fp reassociate(on)
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += p[i];
  return s;
}
#elif defined(__GNUC__)
__attribute__((noinline, optimize("O3", "fast-math"))) double fast_math_sum(const double* p,
                                                                            std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += p[i];
  return s;
}
#else
double fast_math_sum(const double* p, std::size_t n) { return std::accumulate(p, p + n, 0.0); }
#endif

// The reassociated loop on two std::threads started per call, as
// parallel_sum starts its threads.
double fast_math_sum_2threads(const double* p, std::size_t n) {
  double other = 0;
  std::thread t([&] { other = fast_math_sum(p + n / 2, n - n / 2); });
  const double mine = fast_math_sum(p, n / 2);
  t.join();
  return mine + other;
}

// Plain Kahan and Neumaier loops: one accumulator, the textbook order.
__attribute__((noinline)) double kahan_sum(const double* p, std::size_t n) {
  double s = 0, c = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double y = p[i] - c;
    const double t = s + y;
    c = (t - s) - y;
    s = t;
  }
  return s;
}
__attribute__((noinline)) double neumaier_sum(const double* p, std::size_t n) {
  double s = 0, c = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = s + p[i];
    if (std::abs(s) >= std::abs(p[i])) {
      c += (s - t) + p[i];
    } else {
      c += (p[i] - t) + s;
    }
    s = t;
  }
  return s + c;
}

// numpy's pairwise_sum (numpy/_core/src/umath/loops_utils.h.src): below 8
// terms a plain loop; up to 128 terms 8 accumulators r[0..7] over strided
// terms, combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the
// remainder; above 128, split at n/2 rounded down to a multiple of 8.
__attribute__((noinline)) double numpy_pairwise_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double res = 0.;
    for (std::size_t i = 0; i < n; i++) res += a[i];
    return res;
  } else if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    }
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[i];
    return res;
  } else {
    std::size_t n2 = n / 2;
    n2 -= n2 % 8;
    return numpy_pairwise_sum(a, n2) + numpy_pairwise_sum(a + n2, n - n2);
  }
}

void BM_std_accumulate(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(std::accumulate(v.begin(), v.end(), 0.0));
  set_bytes(state, v.size());
}
void BM_fast_math_loop(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fast_math_sum(v.data(), v.size()));
  set_bytes(state, v.size());
}
void BM_fast_math_loop_2threads(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(fast_math_sum_2threads(v.data(), v.size()));
  set_bytes(state, v.size());
}
void BM_kahan_loop(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(kahan_sum(v.data(), v.size()));
  set_bytes(state, v.size());
}
void BM_neumaier_loop(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(neumaier_sum(v.data(), v.size()));
  set_bytes(state, v.size());
}
void BM_numpy_pairwise(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(numpy_pairwise_sum(v.data(), v.size()));
  set_bytes(state, v.size());
}
#if SEEDKIT_BENCH_HAVE_MPFR
// MPFR's correctly rounded sum (mpfr_sum, MPFR >= 4: exact, any exponent
// range) of the same doubles, converted to 53-bit mpfr_t outside the timing.
void BM_mpfr_sum(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  std::vector<__mpfr_struct> terms(v.size());
  std::vector<mpfr_ptr> ptrs(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    mpfr_init2(&terms[i], 53);
    mpfr_set_d(&terms[i], v[i], MPFR_RNDN);
    ptrs[i] = &terms[i];
  }
  mpfr_t r;
  mpfr_init2(r, 53);
  for (auto _ : state) {
    mpfr_sum(r, ptrs.data(), static_cast<unsigned long>(ptrs.size()), MPFR_RNDN);
    benchmark::DoNotOptimize(mpfr_get_d(r, MPFR_RNDN));
  }
  mpfr_clear(r);
  for (auto& t : terms) mpfr_clear(&t);
  set_bytes(state, v.size());
}
#endif
void BM_pairwise_sum(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(seedkit::pairwise_sum(v));
  set_bytes(state, v.size());
}
void BM_compensated_sum(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(seedkit::compensated_sum(v));
  set_bytes(state, v.size());
}
void BM_std_accumulate_relu(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)), 2);
  for (auto _ : state) benchmark::DoNotOptimize(std::accumulate(v.begin(), v.end(), 0.0));
  set_bytes(state, v.size());
}
void BM_exact_sum_relu(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)), 2);
  for (auto _ : state) benchmark::DoNotOptimize(seedkit::exact_sum(v));
  set_bytes(state, v.size());
}
void BM_exact_sum(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(seedkit::exact_sum(v));
  set_bytes(state, v.size());
}
// range(1): the mode; range(2): threads.
void BM_parallel_sum(benchmark::State& state) {
  const auto& v = data(static_cast<std::size_t>(state.range(0)));
  const auto mode = static_cast<seedkit::reduce_mode>(state.range(1));
  const auto threads = static_cast<unsigned>(state.range(2));
  for (auto _ : state) benchmark::DoNotOptimize(seedkit::parallel_sum(v, mode, threads));
  set_bytes(state, v.size());
}
void BM_dot(benchmark::State& state) {
  const auto& x = data(static_cast<std::size_t>(state.range(0)));
  const auto& y = data(static_cast<std::size_t>(state.range(0)), 1);
  const auto mode = static_cast<seedkit::reduce_mode>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(seedkit::dot(x, y, mode));
  set_bytes(state, x.size(), 2);
}
void BM_std_inner_product(benchmark::State& state) {
  const auto& x = data(static_cast<std::size_t>(state.range(0)));
  const auto& y = data(static_cast<std::size_t>(state.range(0)), 1);
  for (auto _ : state)
    benchmark::DoNotOptimize(std::inner_product(x.begin(), x.end(), y.begin(), 0.0));
  set_bytes(state, x.size(), 2);
}

constexpr std::int64_t k1M = 1 << 20, k16M = 1 << 24;
constexpr std::int64_t pw = 0, comp = 1, ex = 2;

BENCHMARK(BM_std_accumulate)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_fast_math_loop)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_fast_math_loop_2threads)->Arg(k1M)->Arg(k16M)->UseRealTime();
BENCHMARK(BM_kahan_loop)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_neumaier_loop)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_numpy_pairwise)->Arg(k1M)->Arg(k16M);
#if SEEDKIT_BENCH_HAVE_MPFR
BENCHMARK(BM_mpfr_sum)->Arg(k1M)->Arg(k16M);
#endif
BENCHMARK(BM_pairwise_sum)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_compensated_sum)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_exact_sum)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_std_accumulate_relu)->Arg(k1M);
BENCHMARK(BM_exact_sum_relu)->Arg(k1M);
BENCHMARK(BM_parallel_sum)
    ->ArgNames({"n", "mode", "threads"})
    ->Args({k1M, pw, 2})
    ->Args({k1M, ex, 2})
    ->Args({k16M, pw, 1})
    ->Args({k16M, pw, 2})
    ->Args({k16M, comp, 1})
    ->Args({k16M, comp, 2})
    ->Args({k16M, ex, 1})
    ->Args({k16M, ex, 2})
    ->UseRealTime();
BENCHMARK(BM_std_inner_product)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_dot)
    ->ArgNames({"n", "mode"})
    ->Args({k1M, pw})
    ->Args({k1M, comp})
    ->Args({k1M, ex})
    ->Args({k16M, pw})
    ->Args({k16M, comp})
    ->Args({k16M, ex});

}  // namespace

BENCHMARK_MAIN();

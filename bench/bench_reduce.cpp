// Reduction throughput: seedkit's pairwise, compensated and exact sums, the
// fixed-block parallel sum and dot products against std::accumulate and a
// -ffast-math vectorized loop, on 1M (in cache) and 16M (from memory)
// doubles, in one run. Compare ratios from the same run, not absolute times:
//   build/dev/bench/bench_reduce --benchmark_min_time=0.5
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "seedkit/parallel.hpp"
#include "seedkit/reduce.hpp"

namespace {

const std::vector<double>& data(std::size_t n, int which = 0) {
  static std::vector<double> cache[2][2];
  auto& v = cache[which][n > (1u << 20) ? 1 : 0];
  if (v.size() != n) {
    std::mt19937_64 g(42u + static_cast<unsigned>(which));
    std::normal_distribution<double> d(0.0, 1.0);
    v.resize(n);
    for (double& x : v) x = d(g);
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
BENCHMARK(BM_pairwise_sum)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_compensated_sum)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_exact_sum)->Arg(k1M)->Arg(k16M);
BENCHMARK(BM_parallel_sum)
    ->ArgNames({"n", "mode", "threads"})
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
    ->Args({k16M, pw});

}  // namespace

BENCHMARK_MAIN();

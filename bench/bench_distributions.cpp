// seedkit's portable distributions against libstdc++'s (or libc++'s)
// std:: distributions, with the same generator (std::mt19937_64) on both
// sides, in one run. Compare the ratios of matching pairs, not absolute times:
//   build/dev/bench/bench_distributions            (-O2)
//   build/bench-native/bench/bench_distributions   (-O3 -march=native)
// Each iteration draws kBatch values into a buffer, so the loop overhead and
// DoNotOptimize are amortised the same way for both sides.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "seedkit/distributions.hpp"
#include "seedkit/shuffle.hpp"

namespace {

constexpr std::size_t kBatch = 1024;

template <class Dist, class T>
void run_batches(benchmark::State& state, Dist& d) {
  std::mt19937_64 g(42);
  std::vector<T> buf(kBatch);
  for (auto _ : state) {
    for (auto& x : buf) x = static_cast<T>(d(g));
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}

// --- the generator alone: the floor under every one-word draw ---------------
void BM_raw_mt19937_64(benchmark::State& state) {
  std::mt19937_64 g(42);
  std::vector<std::uint64_t> buf(kBatch);
  for (auto _ : state) {
    for (auto& x : buf) x = g();
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch));
}
BENCHMARK(BM_raw_mt19937_64);

// --- uniform_real<double> on [0, 1) -----------------------------------------
void BM_seedkit_uniform_real_double(benchmark::State& state) {
  seedkit::uniform_real<double> d(0.0, 1.0);
  run_batches<decltype(d), double>(state, d);
}
BENCHMARK(BM_seedkit_uniform_real_double);

void BM_std_uniform_real_double(benchmark::State& state) {
  std::uniform_real_distribution<double> d(0.0, 1.0);
  run_batches<decltype(d), double>(state, d);
}
BENCHMARK(BM_std_uniform_real_double);

// --- normal(0, 1) -------------------------------------------------------------
void BM_seedkit_normal_double(benchmark::State& state) {
  seedkit::normal<double> d(0.0, 1.0);
  run_batches<decltype(d), double>(state, d);
}
BENCHMARK(BM_seedkit_normal_double);

void BM_std_normal_double(benchmark::State& state) {
  std::normal_distribution<double> d(0.0, 1.0);
  run_batches<decltype(d), double>(state, d);
}
BENCHMARK(BM_std_normal_double);

// --- uniform_int on [0, 1000) ----------------------------------------------
void BM_seedkit_uniform_int_1000(benchmark::State& state) {
  seedkit::uniform_int<int> d(0, 999);
  run_batches<decltype(d), int>(state, d);
}
BENCHMARK(BM_seedkit_uniform_int_1000);

void BM_std_uniform_int_1000(benchmark::State& state) {
  std::uniform_int_distribution<int> d(0, 999);
  run_batches<decltype(d), int>(state, d);
}
BENCHMARK(BM_std_uniform_int_1000);

// --- shuffle of 1M ints -------------------------------------------------------
constexpr std::size_t kShuffle = 1u << 20;

void BM_seedkit_shuffle_1M(benchmark::State& state) {
  std::mt19937_64 g(42);
  std::vector<int> v(kShuffle);
  std::iota(v.begin(), v.end(), 0);
  for (auto _ : state) {
    seedkit::shuffle(v.begin(), v.end(), g);
    benchmark::DoNotOptimize(v.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kShuffle));
}
BENCHMARK(BM_seedkit_shuffle_1M)->Unit(benchmark::kMillisecond);

void BM_std_shuffle_1M(benchmark::State& state) {
  std::mt19937_64 g(42);
  std::vector<int> v(kShuffle);
  std::iota(v.begin(), v.end(), 0);
  for (auto _ : state) {
    std::shuffle(v.begin(), v.end(), g);
    benchmark::DoNotOptimize(v.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kShuffle));
}
BENCHMARK(BM_std_shuffle_1M)->Unit(benchmark::kMillisecond);

// --- more pairs, for the record ------------------------------------------------
void BM_seedkit_exponential_double(benchmark::State& state) {
  seedkit::exponential<double> d(1.0);
  run_batches<decltype(d), double>(state, d);
}
BENCHMARK(BM_seedkit_exponential_double);

void BM_std_exponential_double(benchmark::State& state) {
  std::exponential_distribution<double> d(1.0);
  run_batches<decltype(d), double>(state, d);
}
BENCHMARK(BM_std_exponential_double);

void BM_seedkit_bernoulli(benchmark::State& state) {
  seedkit::bernoulli d(0.3);
  run_batches<decltype(d), std::uint8_t>(state, d);
}
BENCHMARK(BM_seedkit_bernoulli);

void BM_std_bernoulli(benchmark::State& state) {
  std::bernoulli_distribution d(0.3);
  run_batches<decltype(d), std::uint8_t>(state, d);
}
BENCHMARK(BM_std_bernoulli);

void BM_seedkit_discrete_100(benchmark::State& state) {
  std::vector<double> w(100);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<double>(i % 7) + 0.5;
  seedkit::discrete d(w);
  run_batches<decltype(d), std::size_t>(state, d);
}
BENCHMARK(BM_seedkit_discrete_100);

void BM_std_discrete_100(benchmark::State& state) {
  std::vector<double> w(100);
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<double>(i % 7) + 0.5;
  std::discrete_distribution<std::size_t> d(w.begin(), w.end());
  run_batches<decltype(d), std::size_t>(state, d);
}
BENCHMARK(BM_std_discrete_100);

// 64 keep bits per mask word; items = mask bits.
void BM_seedkit_dropout_mask_p09(benchmark::State& state) {
  std::mt19937_64 g(42);
  seedkit::dropout_mask m(0.9);
  std::vector<std::uint64_t> words(kBatch);
  for (auto _ : state) {
    m.fill(g, words.data(), kBatch * 64);
    benchmark::DoNotOptimize(words.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch * 64));
}
BENCHMARK(BM_seedkit_dropout_mask_p09);

void BM_std_bernoulli_mask_p09(benchmark::State& state) {
  std::mt19937_64 g(42);
  std::bernoulli_distribution d(0.9);
  std::vector<std::uint64_t> words(kBatch);
  for (auto _ : state) {
    for (auto& w : words) {
      std::uint64_t m = 0;
      for (unsigned b = 0; b < 64; ++b) m |= std::uint64_t{d(g)} << b;
      w = m;
    }
    benchmark::DoNotOptimize(words.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kBatch * 64));
}
BENCHMARK(BM_std_bernoulli_mask_p09);

}  // namespace

BENCHMARK_MAIN();

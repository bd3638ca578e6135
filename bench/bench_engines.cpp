// Engine throughput: seedkit's philox4x32 (per call and bulk generate) and
// splitmix64 against Random123's Philox4x32 and the standard library's
// Mersenne Twisters, in one run. Compare ratios, not absolute times.
#include <cstdint>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "seedkit/philox.hpp"
#include "seedkit/splitmix64.hpp"

#if SEEDKIT_BENCH_HAVE_RANDOM123
#  include <Random123/philox.h>
#endif

namespace {

constexpr std::size_t kWords = 1 << 20;  // a 1M-word (4 MiB) buffer

void set_bytes(benchmark::State& state, std::size_t bytes_per_iteration) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes_per_iteration));
}

// --- one 32-bit word per call ---------------------------------------------
void BM_seedkit_philox4x32_call(benchmark::State& state) {
  seedkit::philox4x32 e(42);
  for (auto _ : state) benchmark::DoNotOptimize(e());
  set_bytes(state, 4);
}
BENCHMARK(BM_seedkit_philox4x32_call);

void BM_std_mt19937_call(benchmark::State& state) {
  std::mt19937 e(42);
  for (auto _ : state) benchmark::DoNotOptimize(e());
  set_bytes(state, 4);
}
BENCHMARK(BM_std_mt19937_call);

// --- filling a 1M-word buffer ---------------------------------------------
void BM_seedkit_philox4x32_fill(benchmark::State& state) {
  std::vector<std::uint32_t> buf(kWords);
  seedkit::philox4x32 e(42);
  for (auto _ : state) {
    e.generate(buf.begin(), buf.end());
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, kWords * 4);
}
BENCHMARK(BM_seedkit_philox4x32_fill);

#if SEEDKIT_BENCH_HAVE_RANDOM123
// Random123 filling the same buffer one block at a time, as its examples do.
void BM_random123_philox4x32_fill(benchmark::State& state) {
  std::vector<std::uint32_t> buf(kWords);
  r123::Philox4x32 rng;
  r123::Philox4x32::key_type k = {{42, 0}};
  std::uint32_t block = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kWords; i += 4) {
      r123::Philox4x32::ctr_type c = {{block++, 0, 0, 0}};
      const auto r = rng(c, k);
      buf[i] = r[0];
      buf[i + 1] = r[1];
      buf[i + 2] = r[2];
      buf[i + 3] = r[3];
    }
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, kWords * 4);
}
BENCHMARK(BM_random123_philox4x32_fill);
#endif

void BM_std_mt19937_fill(benchmark::State& state) {
  std::vector<std::uint32_t> buf(kWords);
  std::mt19937 e(42);
  for (auto _ : state) {
    for (auto& w : buf) w = static_cast<std::uint32_t>(e());
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, kWords * 4);
}
BENCHMARK(BM_std_mt19937_fill);

// --- 64-bit generators -----------------------------------------------------
void BM_seedkit_splitmix64_call(benchmark::State& state) {
  seedkit::splitmix64 g(42);
  for (auto _ : state) benchmark::DoNotOptimize(g());
  set_bytes(state, 8);
}
BENCHMARK(BM_seedkit_splitmix64_call);

void BM_std_mt19937_64_call(benchmark::State& state) {
  std::mt19937_64 g(42);
  for (auto _ : state) benchmark::DoNotOptimize(g());
  set_bytes(state, 8);
}
BENCHMARK(BM_std_mt19937_64_call);

}  // namespace

BENCHMARK_MAIN();

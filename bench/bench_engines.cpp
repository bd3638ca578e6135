// Engine throughput: seedkit's philox4x32 per call and splitmix64 against
// the standard library's Mersenne Twisters, in one run (bulk Philox against
// Random123 and the other peers: bench_peers.cpp). Compare ratios, not
// absolute times.
#include <cstdint>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "seedkit/philox.hpp"
#include "seedkit/splitmix64.hpp"

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

// --- filling a 1M-word buffer (seedkit's bulk Philox against Random123:
// bench_peers) -----------------------------------------------------------------
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

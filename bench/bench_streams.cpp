// Key derivation and stream throughput, against std::mt19937_64 and
// Random123's r123::Engine<Philox4x32>, in one run. Compare ratios.
#include <cstdint>
#include <random>
#include <string>

#include <benchmark/benchmark.h>

#include "seedkit/derive.hpp"
#include "seedkit/stream.hpp"

#if SEEDKIT_BENCH_HAVE_RANDOM123
#  include <Random123/conventional/Engine.hpp>
#  include <Random123/philox.h>
#endif

namespace {

void BM_derive_name(benchmark::State& state) {
  const std::string name(static_cast<std::size_t>(state.range(0)), 'n');
  seedkit::key root(12321);
  for (auto _ : state) {
    benchmark::DoNotOptimize(root);
    benchmark::DoNotOptimize(root.derive_name(name.data(), name.size()));
  }
}
BENCHMARK(BM_derive_name)->Arg(8)->Arg(16)->Arg(32)->Arg(128);

void BM_derive_path_16(benchmark::State& state) {
  const std::string path = "model/enc/drop16";  // 16 bytes, three names
  seedkit::key root(12321);
  for (auto _ : state) {
    benchmark::DoNotOptimize(root);
    benchmark::DoNotOptimize(root.derive(path));
  }
}
BENCHMARK(BM_derive_path_16);

void BM_derive_index(benchmark::State& state) {
  seedkit::key root(12321);
  std::uint64_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(root.derive(i++));
}
BENCHMARK(BM_derive_index);

void BM_seedkit_stream_u64(benchmark::State& state) {
  seedkit::stream s(seedkit::key(12321) / "bench");
  for (auto _ : state) benchmark::DoNotOptimize(s());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_seedkit_stream_u64);

void BM_seedkit_compact_stream_u64(benchmark::State& state) {
  seedkit::compact_stream s(seedkit::key(12321) / "bench");
  for (auto _ : state) benchmark::DoNotOptimize(s());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_seedkit_compact_stream_u64);

void BM_std_mt19937_64_u64(benchmark::State& state) {
  std::mt19937_64 g(12321);
  for (auto _ : state) benchmark::DoNotOptimize(g());
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_std_mt19937_64_u64);

#if SEEDKIT_BENCH_HAVE_RANDOM123
// r123::Engine yields 32-bit words; two make one 64-bit output.
void BM_random123_engine_u64(benchmark::State& state) {
  r123::Engine<r123::Philox4x32> g;
  for (auto _ : state) {
    const std::uint64_t lo = g();
    benchmark::DoNotOptimize(lo | std::uint64_t{g()} << 32);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_random123_engine_u64);
#endif

}  // namespace

BENCHMARK_MAIN();

// Epoch orders: seedkit::index_permutation (random access, O(1) memory)
// beside seedkit::permutation (a materialized Fisher-Yates shuffle) and a
// TensorFlow-style index_shuffle written from its description
// (tests/support/tf_index_shuffle.hpp), in one run. Each benchmark reports
// items_per_second; ns per index is 1e9 / that.
//   sequential: p[t], p[t + 1], ... (a loader walking its epoch), one at a
//               time (p[i], the iterator) or in batches (copy)
//   random:     independent lookups at random positions (throughput)
//   isolated:   each lookup's position depends on the previous result, so
//               lookups cannot overlap (the latency of one lookup)
// Results and the machine they were taken on: docs/performance.md.
#include <cstddef>  // size_t
#include <cstdint>  // uint64_t, int64_t
#include <vector>   // vector

#include <benchmark/benchmark.h>

#include "seedkit/index_permutation.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/splitmix64.hpp"
#include "seedkit/stream.hpp"
#include "support/tf_index_shuffle.hpp"

namespace {

constexpr std::size_t batch = 4096;

std::uint64_t size_arg(const benchmark::State& state) {
  return static_cast<std::uint64_t>(state.range(0));
}

// batch positions in [0, n - 2], so that position ^ 1 is below n too.
std::vector<std::uint64_t> random_positions(std::uint64_t n) {
  std::vector<std::uint64_t> out(batch);
  seedkit::splitmix64 g(n);
  for (auto& x : out) x = seedkit::detail::mulhi64(g(), n - 1);
  return out;
}

template <class Perm>
void sequential(benchmark::State& state, const Perm& p, std::uint64_t n) {
  std::uint64_t start = n / 3;
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (std::size_t t = 0; t < batch; ++t) sum += p(start + t < n ? start + t : start + t - n);
    benchmark::DoNotOptimize(sum);
    start = (start + batch) % n;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(batch));
}

template <class Perm>
void random_lookups(benchmark::State& state, const Perm& p, std::uint64_t n) {
  const std::vector<std::uint64_t> pos = random_positions(n);
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (std::uint64_t i : pos) sum += p(i);
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(batch));
}

template <class Perm>
void isolated_lookups(benchmark::State& state, const Perm& p, std::uint64_t n) {
  const std::vector<std::uint64_t> pos = random_positions(n);
  std::uint64_t y = 0;
  for (auto _ : state) {
    for (std::uint64_t i : pos) y = p(i ^ (y & 1));
    benchmark::DoNotOptimize(y);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(batch));
}

const seedkit::key bench_key = seedkit::key(12321) / "bench" / 0;

void BM_index_permutation_sequential(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  const seedkit::index_permutation p(bench_key, n);
  sequential(
      state, [&](std::uint64_t i) { return p[i]; }, n);
}
void BM_index_permutation_iterator(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  const seedkit::index_permutation p(bench_key, n);
  auto it = p.begin() + static_cast<std::int64_t>(n / 3);
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (std::size_t t = 0; t < batch; ++t, ++it) sum += *it;
    benchmark::DoNotOptimize(sum);
    if (it.position() + batch > n) it = p.begin();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(batch));
}
void BM_index_permutation_copy(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  const seedkit::index_permutation p(bench_key, n);
  std::vector<std::uint64_t> out(batch);
  std::uint64_t start = n / 3;
  for (auto _ : state) {
    if (start + batch > n) start = 0;
    p.copy(start, batch, out.data());
    benchmark::DoNotOptimize(out.data());
    start += batch;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(batch));
}
void BM_index_permutation_random(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  const seedkit::index_permutation p(bench_key, n);
  random_lookups(
      state, [&](std::uint64_t i) { return p[i]; }, n);
}
void BM_index_permutation_isolated(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  const seedkit::index_permutation p(bench_key, n);
  isolated_lookups(
      state, [&](std::uint64_t i) { return p[i]; }, n);
}
void BM_index_permutation_construct(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  std::uint64_t epoch = 0;
  for (auto _ : state) {
    const seedkit::index_permutation p(bench_key / epoch++, n);
    benchmark::DoNotOptimize(p);
  }
}

void BM_tf_index_shuffle_sequential(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  const seedkit_test::tf_index_shuffle p(0x1234, 0x5678, n - 1);
  sequential(state, p, n);
}
void BM_tf_index_shuffle_random(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  const seedkit_test::tf_index_shuffle p(0x1234, 0x5678, n - 1);
  random_lookups(state, p, n);
}
void BM_tf_index_shuffle_isolated(benchmark::State& state) {
  const std::uint64_t n = size_arg(state);
  const seedkit_test::tf_index_shuffle p(0x1234, 0x5678, n - 1);
  isolated_lookups(state, p, n);
}

// seedkit::permutation: the whole shuffle per iteration, per index.
void BM_fisher_yates_permutation(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::uint64_t epoch = 0;
  for (auto _ : state) {
    seedkit::stream g(bench_key / epoch++);
    std::vector<std::size_t> order = seedkit::permutation(n, g);
    benchmark::DoNotOptimize(order.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(n));
}

constexpr std::int64_t n6 = 1000000;
constexpr std::int64_t n9 = 1000000000;
constexpr std::int64_t n40 = std::int64_t{1} << 40;

BENCHMARK(BM_index_permutation_sequential)->Arg(n6)->Arg(n9)->Arg(n40);
BENCHMARK(BM_index_permutation_iterator)->Arg(n6)->Arg(n9)->Arg(n40);
BENCHMARK(BM_index_permutation_copy)->Arg(n6)->Arg(n9)->Arg(n40);
BENCHMARK(BM_index_permutation_random)->Arg(n6)->Arg(n9)->Arg(n40);
BENCHMARK(BM_index_permutation_isolated)->Arg(n6)->Arg(n9)->Arg(n40);
BENCHMARK(BM_index_permutation_construct)->Arg(10)->Arg(n9);
BENCHMARK(BM_tf_index_shuffle_sequential)->Arg(n6)->Arg(n9)->Arg(n40);
BENCHMARK(BM_tf_index_shuffle_random)->Arg(n6)->Arg(n9)->Arg(n40);
BENCHMARK(BM_tf_index_shuffle_isolated)->Arg(n6)->Arg(n9)->Arg(n40);
BENCHMARK(BM_fisher_yates_permutation)->Arg(n6)->Arg(100000000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

// seedkit against its peers, in one binary and one run: the figures behind
// docs/performance.md's stream and distribution table (bench/ratios.py
// turns this program's JSON output and bench/ratios_streams.txt into it).
//
// - bulk Philox4x32-10: philox4x32::generate and stream::fill against
//   Random123 on counters and a structure-of-arrays reference;
// - one 64-bit output per call: seedkit::stream against absl::BitGen, pcg64
//   and std::mt19937_64;
// - distributions on a stream against absl's on absl::BitGen, and on
//   splitmix64 against absl's on absl::InsecureBitGen;
// - shuffle on a stream against std::shuffle on std::mt19937_64.
// The peers are optional (Debian: librandom123-dev, libabsl-dev,
// libpcg-cpp-dev); a missing one drops its rows. Every draw loop writes a
// 1024-element buffer, so that each benchmark does the same work per item.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include <benchmark/benchmark.h>

#include "seedkit/distributions.hpp"
#include "seedkit/philox.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/splitmix64.hpp"
#include "seedkit/stream.hpp"

#if SEEDKIT_BENCH_HAVE_RANDOM123
#  include <Random123/philox.h>
#endif
#if SEEDKIT_BENCH_HAVE_ABSL
#  include <absl/random/distributions.h>
#  include <absl/random/random.h>
#endif
#if SEEDKIT_BENCH_HAVE_PCG
#  include <pcg_random.hpp>
#endif

namespace {

constexpr std::size_t kWords = 1 << 20;  // bulk: 1M 32-bit words = 4 MiB
constexpr std::size_t kBatch = 1024;     // draws per benchmark iteration

seedkit::stream bench_stream() { return seedkit::stream(seedkit::key(12321) / "bench"); }

void set_bytes(benchmark::State& state, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
}
void set_items(benchmark::State& state, std::size_t items) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(items));
}

// --- bulk Philox4x32-10, 4 MiB -----------------------------------------------
void BM_philox4x32_generate(benchmark::State& state) {
  std::vector<std::uint32_t> buf(kWords);
  seedkit::philox4x32 e(42);
  for (auto _ : state) {
    e.generate(buf.begin(), buf.end());
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, kWords * 4);
}
BENCHMARK(BM_philox4x32_generate);

void BM_stream_fill(benchmark::State& state) {
  std::vector<std::uint64_t> buf(kWords / 2);
  seedkit::stream s = bench_stream();
  for (auto _ : state) {
    s.fill(buf.begin(), buf.end());
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, kWords * 4);
}
BENCHMARK(BM_stream_fill);

#if SEEDKIT_BENCH_HAVE_RANDOM123
// Random123's Philox4x32-10 on consecutive counters, one block per call, as
// its examples fill a buffer.
void BM_random123_philox4x32_counters(benchmark::State& state) {
  std::vector<std::uint32_t> buf(kWords);
  r123::Philox4x32 rng;
  const r123::Philox4x32::key_type k = {{42, 0}};
  std::uint32_t block = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kWords; i += 4) {
      const r123::Philox4x32::ctr_type c = {{block++, 0, 0, 0}};
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
BENCHMARK(BM_random123_philox4x32_counters);
#endif

// A structure-of-arrays Philox4x32-10 written plainly for the
// auto-vectorizer (64 blocks, round by round, 32-bit lanes), the reference
// a hand-vectorized kernel should reach: the same words as Random123.
void soa_philox(std::uint32_t ctr0, std::uint32_t k0, std::uint32_t k1, std::uint32_t* out) {
  constexpr std::size_t L = 64;
  std::uint32_t x0[L], x1[L], x2[L], x3[L];
  for (std::size_t j = 0; j < L; ++j) {
    x0[j] = ctr0 + static_cast<std::uint32_t>(j);
    x1[j] = x2[j] = x3[j] = 0;
  }
  for (int r = 0; r < 10; ++r) {
    for (std::size_t j = 0; j < L; ++j) {
      const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * x0[j];
      const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * x2[j];
      const std::uint32_t y0 = static_cast<std::uint32_t>(p1 >> 32) ^ x1[j] ^ k0;
      const std::uint32_t y2 = static_cast<std::uint32_t>(p0 >> 32) ^ x3[j] ^ k1;
      x1[j] = static_cast<std::uint32_t>(p1);
      x3[j] = static_cast<std::uint32_t>(p0);
      x0[j] = y0;
      x2[j] = y2;
    }
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  for (std::size_t j = 0; j < L; ++j) {
    out[4 * j] = x0[j];
    out[4 * j + 1] = x1[j];
    out[4 * j + 2] = x2[j];
    out[4 * j + 3] = x3[j];
  }
}

void BM_soa_philox4x32_reference(benchmark::State& state) {
  std::vector<std::uint32_t> buf(kWords);
  std::uint32_t block = 0;
  for (auto _ : state) {
    for (std::size_t i = 0; i < kWords; i += 256, block += 64) soa_philox(block, 42, 0, &buf[i]);
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, kWords * 4);
}
BENCHMARK(BM_soa_philox4x32_reference);

// --- one 64-bit output per call -------------------------------------------------
template <class G>
void per_call(benchmark::State& state, G& g) {
  std::vector<std::uint64_t> buf(kBatch);
  for (auto _ : state) {
    for (auto& x : buf) x = g();
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state, kBatch * 8);
}

void BM_stream_u64(benchmark::State& state) {
  seedkit::stream g = bench_stream();
  per_call(state, g);
}
BENCHMARK(BM_stream_u64);

void BM_splitmix64_u64(benchmark::State& state) {
  seedkit::splitmix64 g(42);
  per_call(state, g);
}
BENCHMARK(BM_splitmix64_u64);

void BM_std_mt19937_64_u64(benchmark::State& state) {
  std::mt19937_64 g(42);
  per_call(state, g);
}
BENCHMARK(BM_std_mt19937_64_u64);

#if SEEDKIT_BENCH_HAVE_ABSL
void BM_absl_bitgen_u64(benchmark::State& state) {
  absl::BitGen g(std::seed_seq{42});
  per_call(state, g);
}
BENCHMARK(BM_absl_bitgen_u64);

void BM_absl_insecure_bitgen_u64(benchmark::State& state) {
  absl::InsecureBitGen g(std::seed_seq{42});
  per_call(state, g);
}
BENCHMARK(BM_absl_insecure_bitgen_u64);
#endif

#if SEEDKIT_BENCH_HAVE_PCG
void BM_pcg64_u64(benchmark::State& state) {
  pcg64 g(42);
  per_call(state, g);
}
BENCHMARK(BM_pcg64_u64);
#endif

// --- distributions --------------------------------------------------------------
template <class T, class Draw>
void draws(benchmark::State& state, Draw draw) {
  std::vector<T> buf(kBatch);
  for (auto _ : state) {
    for (auto& x : buf) x = draw();
    benchmark::DoNotOptimize(buf.data());
    benchmark::ClobberMemory();
  }
  set_items(state, kBatch);
}

template <class G>
void seedkit_normal(benchmark::State& state, G g) {
  const seedkit::normal<double> d(0.0, 1.0);
  draws<double>(state, [&] { return d(g); });
}
template <class G>
void seedkit_uniform_real(benchmark::State& state, G g) {
  const seedkit::uniform_real<double> d(0.0, 1.0);
  draws<double>(state, [&] { return d(g); });
}
template <class G>
void seedkit_uniform_int(benchmark::State& state, G g) {
  const seedkit::uniform_int<int> d(0, 999);
  draws<int>(state, [&] { return d(g); });
}

void BM_normal_stream(benchmark::State& state) { seedkit_normal(state, bench_stream()); }
BENCHMARK(BM_normal_stream);
void BM_normal_splitmix64(benchmark::State& state) {
  seedkit_normal(state, seedkit::splitmix64(42));
}
BENCHMARK(BM_normal_splitmix64);
void BM_uniform_real_stream(benchmark::State& state) {
  seedkit_uniform_real(state, bench_stream());
}
BENCHMARK(BM_uniform_real_stream);
void BM_uniform_real_splitmix64(benchmark::State& state) {
  seedkit_uniform_real(state, seedkit::splitmix64(42));
}
BENCHMARK(BM_uniform_real_splitmix64);
void BM_uniform_int_stream(benchmark::State& state) { seedkit_uniform_int(state, bench_stream()); }
BENCHMARK(BM_uniform_int_stream);
void BM_uniform_int_splitmix64(benchmark::State& state) {
  seedkit_uniform_int(state, seedkit::splitmix64(42));
}
BENCHMARK(BM_uniform_int_splitmix64);

#if SEEDKIT_BENCH_HAVE_ABSL
template <class G>
void BM_absl_normal(benchmark::State& state) {
  G g(std::seed_seq{42});
  draws<double>(state, [&] { return absl::Gaussian<double>(g, 0.0, 1.0); });
}
template <class G>
void BM_absl_uniform_real(benchmark::State& state) {
  G g(std::seed_seq{42});
  draws<double>(state, [&] { return absl::Uniform<double>(g, 0.0, 1.0); });
}
template <class G>
void BM_absl_uniform_int(benchmark::State& state) {
  G g(std::seed_seq{42});
  draws<int>(state, [&] { return absl::Uniform<int>(g, 0, 1000); });  // [0, 1000)
}
BENCHMARK_TEMPLATE(BM_absl_normal, absl::BitGen);
BENCHMARK_TEMPLATE(BM_absl_normal, absl::InsecureBitGen);
BENCHMARK_TEMPLATE(BM_absl_uniform_real, absl::BitGen);
BENCHMARK_TEMPLATE(BM_absl_uniform_real, absl::InsecureBitGen);
BENCHMARK_TEMPLATE(BM_absl_uniform_int, absl::BitGen);
BENCHMARK_TEMPLATE(BM_absl_uniform_int, absl::InsecureBitGen);
#endif

// --- shuffle of 1M uint32 ----------------------------------------------------------
constexpr std::size_t kShuffle = 1u << 20;

template <class Shuffle>
void shuffle_1m(benchmark::State& state, Shuffle shuffle) {
  std::vector<std::uint32_t> v(kShuffle);
  std::iota(v.begin(), v.end(), 0u);
  for (auto _ : state) {
    shuffle(v);
    benchmark::DoNotOptimize(v.data());
    benchmark::ClobberMemory();
  }
  set_items(state, kShuffle);
}

void BM_shuffle_stream(benchmark::State& state) {
  seedkit::stream g = bench_stream();
  shuffle_1m(state,
             [&](std::vector<std::uint32_t>& v) { seedkit::shuffle(v.begin(), v.end(), g); });
}
BENCHMARK(BM_shuffle_stream)->Unit(benchmark::kMillisecond);

void BM_std_shuffle_mt19937_64(benchmark::State& state) {
  std::mt19937_64 g(42);
  shuffle_1m(state, [&](std::vector<std::uint32_t>& v) { std::shuffle(v.begin(), v.end(), g); });
}
BENCHMARK(BM_std_shuffle_mt19937_64)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

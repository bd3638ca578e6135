// Prints what the Python tests compare with (python/tests/test_seedkit.py):
//   words <seed> <name> <w0> ... <w7>      stream(key(seed).derive(name))'s first words
//   master <seed> <name> <w0> <w1>         stream_for(name) after init(seed)
//   sum <mode> <hex bits>                  the sum of the fixed array below
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "seedkit/seedkit.hpp"

int main() {
  for (const std::uint64_t seed : {0ull, 1ull, 42ull, 12321ull, 0xffffffffffffffffull}) {
    for (const char* name : {"data/shuffle", "model/init", "dropout", "a", ""}) {
      seedkit::stream s(seedkit::key(seed).derive(name));
      std::printf("words %" PRIu64 " %s", seed, name[0] ? name : "-");
      for (int i = 0; i < 8; ++i) std::printf(" %" PRIu64, s());
      std::printf("\n");
    }
  }
  seedkit::init(12321);
  for (const char* name : {"data/shuffle", "model/init"}) {
    seedkit::stream s = seedkit::stream_for(name);
    const std::uint64_t a = s(), b = s();
    std::printf("master 12321 %s %" PRIu64 " %" PRIu64 "\n", name, a, b);
  }
  // x[i] = (i % 7 - 3) * 1e-3 + (i % 3) * 1e16 - (i % 5) * 1e15, i < 10007
  std::vector<double> x(10007);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(static_cast<int>(i % 7) - 3) * 1e-3 +
           static_cast<double>(i % 3) * 1e16 - static_cast<double>(i % 5) * 1e15;
  }
  const auto bits = [](double v) {
    std::uint64_t u;
    std::memcpy(&u, &v, 8);
    return u;
  };
  std::printf("sum exact %016" PRIx64 "\n", bits(seedkit::exact_sum(x)));
  std::printf("sum pairwise %016" PRIx64 "\n", bits(seedkit::pairwise_sum(x)));
  std::printf("sum compensated %016" PRIx64 "\n", bits(seedkit::compensated_sum(x)));
  // Distributions on stream(key(42) / name), and data utilities of key(7).
  const seedkit::key k42(42), k7(7);
  const auto dist = [&](const char* name, int n, auto d) {
    seedkit::stream s(k42 / name);
    std::printf("dist %s", name);
    for (int i = 0; i < n; ++i) {
      const auto v = d(s);
      if constexpr (std::is_floating_point<decltype(v)>::value) {
        std::printf(" %016" PRIx64, bits(v));
      } else {
        std::printf(" %llu", static_cast<unsigned long long>(v));
      }
    }
    std::printf("\n");
  };
  dist("uniform_real", 5, seedkit::uniform_real<double>(-1.0, 3.0));
  dist("normal", 5, seedkit::normal<double>(1.0, 2.0));
  dist("truncated_normal", 5, seedkit::truncated_normal<double>(0.0, 1.0, -1.0, 2.0));
  dist("exponential", 5, seedkit::exponential<double>(2.0));
  dist("uniform_int", 5, seedkit::uniform_int<std::int64_t>(0, 999));
  dist("bernoulli", 8, seedkit::bernoulli(0.3));
  dist("discrete", 6, seedkit::discrete(std::vector<double>{1.0, 2.0, 3.0}));
  dist("dropout_mask", 3, seedkit::dropout_mask(0.9));
  const auto list = [](const char* what, const std::vector<std::size_t>& v) {
    std::printf("data %s", what);
    for (const std::size_t x : v) std::printf(" %zu", x);
    std::printf("\n");
  };
  {
    seedkit::stream s(k42 / "permutation");
    list("permutation", seedkit::permutation(10, s));
    list("sample", seedkit::sample(100, 5, s));
  }
  const seedkit::split_indices sp = seedkit::split_by_fractions(k7, 20, 0.6, 0.2, 0.2);
  list("split_train", sp.train);
  list("split_validation", sp.validation);
  list("split_test", sp.test);
  const auto folds = seedkit::k_fold(k7, 10, 3);
  list("fold1_validation", folds[1].validation);
  const seedkit::bootstrap_indices b = seedkit::bootstrap(k7, 8);
  list("bootstrap_sample", b.sample);
  list("bootstrap_oob", b.out_of_bag);
  list("epoch_shard", seedkit::epoch_shard(k7, 2, 10, 1, 3, seedkit::shard_tail::pad));
  {
    // shuffle in place (of 100 .. 111), weighted samples, stratified folds
    // (a negative label too: the label as an index, modulo 2^64) and
    // random over-sampling.
    seedkit::stream s(k42 / "shuffle");
    std::vector<std::size_t> v(12);
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = 100 + i;
    seedkit::shuffle(v.begin(), v.end(), s);
    list("shuffle", v);
    seedkit::stream w(k42 / "weighted");
    list("weighted_with", seedkit::weighted_sample_with_replacement({1.0, 2.0, 3.0, 4.0}, 6, w));
    list("weighted_without",
         seedkit::weighted_sample_without_replacement({1.0, 0.0, 2.0, 3.0, 4.0}, 3, w));
    const std::vector<std::int64_t> labels = {0, 1, 0, 1, 2, 2, 0, 1, 2, 0, 1, 2, -1, -1, -1, 1};
    const auto strat = seedkit::stratified_k_fold(k7, labels, 3);
    for (std::size_t f = 0; f < strat.size(); ++f) {
      list(("stratified" + std::to_string(f) + "_validation").c_str(), strat[f].validation);
    }
    list("stratified0_train", strat[0].train);
    list("oversample", seedkit::random_oversample(k7, labels));
  }
  const seedkit::index_permutation p(k7 / "big", 1000003);
  std::printf("data index_permutation");
  for (std::uint64_t i = 0; i < 6; ++i) std::printf(" %llu", static_cast<unsigned long long>(p[i]));
  std::printf("\n");
  return 0;
}

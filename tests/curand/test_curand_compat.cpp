// seedkit::stream(seed, subsequence, offset) against the CUDA toolkit's own
// curand_init + curand (curand_kernel.h, Philox4_32_10), compiled for the
// host. An independent implementation: the words must be identical.
#include <cstdint>
#include <random>

#include <catch2/catch.hpp>
#include <curand_kernel.h>

#include "seedkit/stream.hpp"

TEST_CASE("seedkit streams equal cuRAND Philox4_32_10 words", "[stream][curand]") {
  std::mt19937_64 g(12321);
  int mismatches = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const std::uint64_t seed = g();
    const std::uint64_t subsequence = trial % 3 == 0 ? g() % 16 : g();
    const std::uint64_t offset = trial % 2 == 0 ? g() % 64 : g() >> 4;
    curandStatePhilox4_32_10_t st;
    curand_init(static_cast<unsigned long long>(seed), static_cast<unsigned long long>(subsequence),
                static_cast<unsigned long long>(offset), &st);
    seedkit::stream s(seed, subsequence, offset);
    for (int i = 0; i < 37; ++i) mismatches += curand(&st) != s.next_u32();
  }
  CHECK(mismatches == 0);
}

TEST_CASE("a derived key's stream is curand_init(seed(), subsequence(), 0)", "[stream][curand]") {
  const seedkit::key k = seedkit::key(2026) / "model/init";
  curandStatePhilox4_32_10_t st;
  curand_init(static_cast<unsigned long long>(k.seed()),
              static_cast<unsigned long long>(k.subsequence()), 0, &st);
  seedkit::stream s(k);
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t lo = curand(&st);
    CHECK(s() == (lo | std::uint64_t{curand(&st)} << 32));
  }
}

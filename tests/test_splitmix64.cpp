// Tests for seedkit/splitmix64.hpp.
//
// Reference outputs: the Rust rand_xoshiro crate's splitmix64.rs test
// `reference` (seed 1477776061723855037), read from
// tests/reference/known_answers.txt (entry splitmix64.rand_xoshiro); the
// algorithm is from Steele, Lea and Flood, OOPSLA 2014.
#include "seedkit/splitmix64.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

#include "support/known_answers.hpp"

static_assert(noexcept(seedkit::splitmix64{}()), "noexcept");
static_assert(seedkit::splitmix64_mix(0) == 0, "the finalizer fixes zero");

// The generator is usable in constant expressions.
constexpr std::uint64_t first_output(std::uint64_t seed) {
  seedkit::splitmix64 g(seed);
  return g();
}
constexpr std::uint64_t first_of_reference_seed = first_output(1477776061723855037u);

TEST_CASE("splitmix64 matches the published reference outputs", "[splitmix64][kat]") {
  // The seed, then the first five outputs.
  const std::vector<std::uint64_t> v = seedkit_test::known_answer("splitmix64.rand_xoshiro");
  REQUIRE(v.size() == 6);
  seedkit::splitmix64 g(v[0]);
  for (std::size_t i = 1; i < v.size(); ++i) {
    INFO("output " << i);
    CHECK(g() == v[i]);
  }
  REQUIRE(v[0] == 1477776061723855037u);
  CHECK(first_of_reference_seed == v[1]);  // computed in a constant expression
}

TEST_CASE("splitmix64 is a Weyl sequence through the finalizer", "[splitmix64]") {
  seedkit::splitmix64 g(12345);
  std::uint64_t state = 12345;
  for (int i = 0; i < 100; ++i) {
    state += 0x9e3779b97f4a7c15u;
    CHECK(g() == seedkit::splitmix64_mix(state));
  }
}

TEST_CASE("splitmix64 discard, seed and equality", "[splitmix64]") {
  seedkit::splitmix64 a(7), b(7);
  a.discard(1000);
  for (int i = 0; i < 1000; ++i) b();
  CHECK(a == b);
  CHECK(a.state() == b.state());
  CHECK(a() == b());
  b.seed(8);
  CHECK(a != b);
  static_assert(seedkit::splitmix64::min() == 0, "");
  static_assert(seedkit::splitmix64::max() == ~std::uint64_t{0}, "");
}

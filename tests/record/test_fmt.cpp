// Tests for seedkit/record/fmt.hpp.
#include "seedkit/record/fmt.hpp"

#include <string>

#include <catch2/catch.hpp>

TEST_CASE("fmt formats seedkit types", "[fmt]") {
  CHECK(fmt::format("{}", seedkit::key::from_words(0x3021, 1)) ==
        "key(seed=0x0000000000003021, subsequence=0x0000000000000001)");
  const seedkit::stream s(seedkit::key(1), 5);
  CHECK(fmt::format("{}", s) == s.state());
  CHECK(fmt::format("{}", seedkit::seed_choice{12321, seedkit::seed_source::environment}) ==
        "12321 (from environment)");
  seedkit::fingerprint f;
  f.add("compiler", "g++ 12", seedkit::affects_other);
  f.add("fast_math", "0", seedkit::affects_float | seedkit::affects_other);
  CHECK(fmt::format("{}", f) ==
        "compiler = g++ 12  [can change: other]\nfast_math = 0  [can change: float+other]");
  CHECK(fmt::format("{}", seedkit::manifest_difference{"master_seed", "1", "2",
                                                       seedkit::affects_streams}) ==
        "master_seed: \"1\" -> \"2\"  [can change: streams]");
  // A string parameter is printed with its one pair of quotes (it was
  // doubled), a number bare, an absent side as (absent).
  CHECK(fmt::format("{}", seedkit::manifest_difference{"param name", "\"mlp\"", "\"cnn\"",
                                                       seedkit::affects_other}) ==
        "param name: \"mlp\" -> \"cnn\"  [can change: other]");
  CHECK(fmt::format("{}", seedkit::manifest_difference{"param settings.num_threads", "1", "",
                                                       seedkit::affects_other}) ==
        "param settings.num_threads: 1 -> (absent)  [can change: other]");
  CHECK(fmt::format("{}", seedkit::trace_divergence{}) == "no divergence");
  CHECK(fmt::format("{:>12}", seedkit::trace_divergence{}) == "no divergence");  // wider than 12
}

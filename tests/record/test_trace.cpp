// Tests for seedkit/record/trace.hpp.
#include "seedkit/record/trace.hpp"

#include <stdlib.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "seedkit/splitmix64.hpp"
#include "seedkit/stream.hpp"

namespace {

std::string temp_path(const std::string& name) {
  return std::string(SEEDKIT_TEST_BINARY_DIR) + "/trace_test_" + name;
}

// A small computation whose checkpoints depend on its seed and on an
// optional deliberate change at `broken_step`.
void run(seedkit::trace& t, std::uint64_t seed, int broken_step = -1) {
  seedkit::stream s(seedkit::key(seed) / "trace-test");
  double acc = 0.0;
  for (int step = 0; step < 10; ++step) {
    acc += static_cast<double>(s() >> 11) * 0x1p-53;
    if (step == broken_step) acc = std::nextafter(acc, 10.0);  // a one-ulp change
    t.record("step " + std::to_string(step) + "/acc", acc);
  }
}

}  // namespace

TEST_CASE("bitwise_hash follows its definition", "[trace]") {
  // Written out from the documented algorithm for 10 bytes 0..9.
  const unsigned char bytes[10] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  std::uint64_t h = seedkit::splitmix64_mix(0x9e3779b97f4a7c15u ^ 10u);
  h = seedkit::splitmix64_mix(h ^ 0x0706050403020100u);
  h = seedkit::splitmix64_mix(h ^ 0x0908u);
  CHECK(seedkit::bitwise_hash(bytes, 10) == seedkit::splitmix64_mix(h));
  const double pz = 0.0, nz = -0.0;
  CHECK(seedkit::bitwise_hash(&pz, 8) != seedkit::bitwise_hash(&nz, 8));
}

TEST_CASE("a deliberately changed step is located", "[trace]") {
  seedkit::trace ref, same, broken;
  run(ref, 7);
  run(same, 7);
  run(broken, 7, 4);
  CHECK_FALSE(seedkit::compare(ref, same).diverged);
  const auto d = seedkit::compare(ref, broken);
  REQUIRE(d.diverged);
  CHECK(d.index == 4);
  CHECK(d.name == "step 4/acc");
  CHECK(d.message.find("step 4/acc") != std::string::npos);
  seedkit::trace other_seed;
  run(other_seed, 8);
  CHECK(seedkit::compare(ref, other_seed).index == 0);
}

TEST_CASE("length differences and renamed checkpoints are divergences", "[trace]") {
  seedkit::trace a, b;
  a.record("x", 1);
  a.record("y", 2);
  b.record("x", 1);
  CHECK(seedkit::compare(a, b).index == 1);
  CHECK(seedkit::compare(a, b).expected_name == "y");
  CHECK(seedkit::compare(b, a).name == "y");
  seedkit::trace c;
  c.record("z", 1);
  CHECK(seedkit::compare(a, c).message.find("\"z\"") != std::string::npos);
}

TEST_CASE("traces save, load and check against a reference as they grow", "[trace][files]") {
  seedkit::trace ref;
  run(ref, 3);
  const std::string path = temp_path("ref.json");
  ref.save(path);
  const seedkit::trace loaded = seedkit::trace::load(path);
  CHECK_FALSE(seedkit::compare(ref, loaded).diverged);

  ::setenv("SEEDKIT_TRACE_REFERENCE", path.c_str(), 1);
  seedkit::trace checked = seedkit::trace::from_environment();
  run(checked, 3);
  CHECK_FALSE(checked.divergence().diverged);

  seedkit::trace fast = seedkit::trace::from_environment(/*fail_fast=*/true);
  CHECK_THROWS_WITH(run(fast, 3, 6), Catch::Contains("step 6/acc"));
  CHECK(fast.checkpoints().size() == 7);
  ::unsetenv("SEEDKIT_TRACE_REFERENCE");

  std::ofstream(temp_path("bad.json"))
      << "{\"format\": \"seedkit-trace\", \"format_version\": 1, "
         "\"checkpoints\": [{\"name\": \"a\", \"hash\": \"xyz\", \"bytes\": 8}]}";
  CHECK_THROWS_WITH(seedkit::trace::load(temp_path("bad.json")), Catch::Contains("hexadecimal"));
  std::ofstream(temp_path("trunc.json")) << "{\"format\": \"seedkit-tr";
  CHECK_THROWS_WITH(seedkit::trace::load(temp_path("trunc.json")),
                    Catch::Contains("not valid JSON"));
}

TEST_CASE("check_repeatable reports runs that do not repeat", "[trace]") {
  const auto good = seedkit::check_repeatable([](seedkit::trace& t) { run(t, 11); }, 3);
  CHECK(good.repeatable());
  CHECK(good.runs == 3);
  int calls = 0;
  const auto bad =
      seedkit::check_repeatable([&](seedkit::trace& t) { run(t, 11, calls++ == 2 ? 5 : -1); }, 3);
  REQUIRE(bad.mismatches.size() == 1);
  CHECK(bad.mismatches[0].index == 5);
  CHECK(bad.mismatches[0].message.rfind("run 3:", 0) == 0);
}

// Tests for seedkit/global.hpp: init, the master seed, SEEDKIT_SEED parsing,
// the registry, and thread safety (run under TSan by the tsan preset).
#include "seedkit/global.hpp"

#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "seedkit/stream.hpp"

namespace {

// Each test starts without a master seed and without SEEDKIT_SEED.
struct fresh_state {
  fresh_state() {
    seedkit::reset();
    ::unsetenv("SEEDKIT_SEED");
    ::unsetenv("SEEDKIT_REPLAY");
  }
  ~fresh_state() {
    seedkit::reset();
    ::unsetenv("SEEDKIT_SEED");
    ::unsetenv("SEEDKIT_REPLAY");
  }
};

}  // namespace

TEST_CASE("init(seed) sets the master seed once", "[global]") {
  fresh_state fresh;
  CHECK_FALSE(seedkit::initialized());
  const auto c = seedkit::init(12321);
  CHECK(c.seed == 12321);
  CHECK(c.source == seedkit::seed_source::argument);
  CHECK(seedkit::initialized());
  CHECK(seedkit::master_key() == seedkit::key(12321));
  CHECK(seedkit::init(12321).seed == 12321);  // the same seed again is fine
  CHECK_THROWS_WITH(seedkit::init(1),
                    Catch::Contains("already 12321") && Catch::Contains("seedkit::reset()"));
  seedkit::reset();
  CHECK(seedkit::init(1).seed == 1);
}

TEST_CASE("streams before init are an error", "[global]") {
  fresh_state fresh;
  CHECK_THROWS_WITH(seedkit::stream_for("data/shuffle"), Catch::Contains("seedkit::init"));
  CHECK_THROWS_AS(seedkit::seed_for("torch"), seedkit::error);
  CHECK_THROWS_AS(seedkit::master_key(), seedkit::error);
}

TEST_CASE("named streams derive from the master seed", "[global]") {
  fresh_state fresh;
  seedkit::init(2026);
  CHECK(seedkit::stream_for("data/shuffle") ==
        seedkit::stream(seedkit::key(2026) / "data/shuffle"));
  CHECK(seedkit::key_for("model/init") == seedkit::key(2026) / "model" / "init");
  CHECK(seedkit::seed_for("torch") == (seedkit::key(2026) / "torch").seed());
  seedkit::stream_for("data/shuffle");
  const auto names = seedkit::derived_names();
  REQUIRE(names.size() == 3);
  CHECK(names[0].first == "data/shuffle");
  CHECK(names[0].second == 2);
  CHECK(names[1].first == "model/init");
  CHECK(names[2].first == "torch");
}

TEST_CASE("parse_seed accepts decimal and 0x-hex over the full 64-bit range", "[global][seed]") {
  CHECK(seedkit::parse_seed("0", "s") == 0);
  CHECK(seedkit::parse_seed("12321", "s") == 12321);
  CHECK(seedkit::parse_seed("0x3021", "s") == 12321);
  CHECK(seedkit::parse_seed("0X3021", "s") == 12321);
  CHECK(seedkit::parse_seed("0xFFffFFffFFffFFff", "s") == ~std::uint64_t{0});
  CHECK(seedkit::parse_seed("18446744073709551615", "s") == ~std::uint64_t{0});
  CHECK(seedkit::parse_seed("0000000000000000000000042", "s") == 42);
}

TEST_CASE("bad SEEDKIT_SEED values fail clearly, never fall back", "[global][seed]") {
  fresh_state fresh;
  for (const char* bad : {"", "abc", "-1", "18446744073709551616", "12 34", "0x", "1e5", " 1", "1 ",
                          "+1", "0x10000000000000000", "0xg", "99999999999999999999"}) {
    INFO("SEEDKIT_SEED=\"" << bad << "\"");
    ::setenv("SEEDKIT_SEED", bad, 1);
    CHECK_THROWS_WITH(seedkit::init(),
                      Catch::Contains("SEEDKIT_SEED=\"" + std::string(bad) + "\"") &&
                          Catch::Contains("decimal integer") && Catch::Contains("0x"));
    CHECK_FALSE(seedkit::initialized());
  }
}

TEST_CASE("init() reads SEEDKIT_SEED, else std::random_device", "[global][seed]") {
  fresh_state fresh;
  ::setenv("SEEDKIT_SEED", "0x2a", 1);
  auto c = seedkit::init();
  CHECK(c.seed == 42);
  CHECK(c.source == seedkit::seed_source::environment);
  CHECK(std::string(seedkit::to_string(c.source)) == "environment");
  seedkit::reset();
  ::unsetenv("SEEDKIT_SEED");
  c = seedkit::init();
  CHECK(c.source == seedkit::seed_source::random_device);
  CHECK(seedkit::init().seed == c.seed);  // already initialized: unchanged
  ::setenv("SEEDKIT_SEED", "7", 1);
  CHECK_THROWS_AS(seedkit::init(), seedkit::error);  // differs from the seed in force
}

TEST_CASE("SEEDKIT_REPLAY without the manifest add-on is an error", "[global][seed]") {
  fresh_state fresh;
  // This test program does not include seedkit/record/manifest.hpp.
  ::setenv("SEEDKIT_REPLAY", "run.json", 1);
  CHECK_THROWS_WITH(seedkit::init(), Catch::Contains("SEEDKIT_REPLAY=\"run.json\"") &&
                                         Catch::Contains("seedkit/record/manifest.hpp"));
  CHECK_FALSE(seedkit::initialized());
}

TEST_CASE("named streams are order- and thread-independent", "[global][threads]") {
  fresh_state fresh;
  seedkit::init(99);
  std::vector<std::string> names;
  for (int i = 0; i < 64; ++i) names.push_back("worker/" + std::to_string(i));
  std::vector<std::uint64_t> expected;
  for (const auto& n : names) expected.push_back(seedkit::stream(seedkit::key(99) / n)());

  constexpr int threads = 4;
  std::vector<std::vector<std::uint64_t>> got(threads, std::vector<std::uint64_t>(names.size()));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<std::size_t> order(names.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(t + 1)));
      for (std::size_t i : order)
        got[static_cast<std::size_t>(t)][i] = seedkit::stream_for(names[i])();
    });
  }
  for (auto& th : pool) th.join();
  for (const auto& g : got) CHECK(g == expected);
  std::uint64_t total = 0;
  for (const auto& [name, count] : seedkit::derived_names()) total += count;
  CHECK(total == threads * names.size());
}

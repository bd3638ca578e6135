// Tests for replicates (seedkit/global.hpp): replicate_key, init(seed,
// replicate), SEEDKIT_REPLICATE / SEEDKIT_VARY, which streams a replicate
// re-keys and which keep the base run's numbers.
#include <stdlib.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "seedkit/global.hpp"
#include "support/errors.hpp"

namespace {

struct fresh_state {
  fresh_state() { clear(); }
  ~fresh_state() { clear(); }
  static void clear() {
    seedkit::reset();
    for (const char* v : {"SEEDKIT_SEED", "SEEDKIT_REPLAY", "SEEDKIT_REPLICATE", "SEEDKIT_VARY"}) {
      ::unsetenv(v);
    }
  }
};

const seedkit::key base(12321);

// f throws seedkit::error whose message holds every part.
void check_error(const std::function<void()>& f, std::initializer_list<std::string> parts) {
  const std::string m = seedkit_test::message_of(f);
  INFO(m);
  for (const std::string& p : parts) CHECK(m.find(p) != std::string::npos);
}

}  // namespace

TEST_CASE("replicate_key is master / \"seedkit\" / \"replicate\" / r", "[global][replicate]") {
  // The composition docs/derivation.md specifies; each step is pinned by the
  // derivation goldens (tests/reference/derive.py writes this path too).
  CHECK(seedkit::replicate_key(base, 3) == base / "seedkit" / "replicate" / std::uint64_t{3});
  CHECK(seedkit::replicate_key(base, 3) == base.derive("seedkit/replicate") / std::uint64_t{3});
  CHECK(seedkit::replicate_key(base, 0) != seedkit::replicate_key(base, 1));
  // Never seed + r: replicate 1 of seed s is not the run of seed s + 1.
  CHECK(seedkit::replicate_key(base, 1) != seedkit::key(12322));
  CHECK(seedkit::replicate_key(base, 1) / "data" != seedkit::key(12322) / "data");
}

TEST_CASE("a replicate re-keys the varied subtrees and keeps every other stream",
          "[global][replicate]") {
  fresh_state fresh;
  seedkit::init(12321, {3, {"model/init", "dropout"}});
  const seedkit::key rep = seedkit::replicate_key(base, 3);
  CHECK(seedkit::key_for("model/init") == rep.derive("model/init"));
  CHECK(seedkit::key_for("model/init/layer1") == rep.derive("model/init/layer1"));
  CHECK(seedkit::key_for("dropout") == rep.derive("dropout"));
  // Not in a varied subtree: the base run's keys.
  CHECK(seedkit::key_for("model/initial") == base.derive("model/initial"));
  CHECK(seedkit::key_for("model") == base.derive("model"));
  CHECK(seedkit::key_for("data/shuffle") == base.derive("data/shuffle"));
  CHECK(seedkit::master_key() == base);
  const auto r = seedkit::current_replicate();
  REQUIRE(r.has_value());
  CHECK(r->index == 3);
  CHECK(r->vary == std::vector<std::string>{"dropout", "model/init"});  // sorted
}

TEST_CASE("replicate \"all\" re-keys every stream and master_key()", "[global][replicate]") {
  fresh_state fresh;
  seedkit::init(12321, {5, {"all"}});
  const seedkit::key rep = seedkit::replicate_key(base, 5);
  CHECK(seedkit::master_key() == rep);
  CHECK(seedkit::key_for("data/shuffle") == rep.derive("data/shuffle"));
  CHECK(seedkit::seed_for("torch") == rep.derive("torch").seed());
}

TEST_CASE("SEEDKIT_REPLICATE and SEEDKIT_VARY make a replicate of any init",
          "[global][replicate]") {
  fresh_state fresh;
  ::setenv("SEEDKIT_REPLICATE", "2", 1);
  ::setenv("SEEDKIT_VARY", "data/shuffle", 1);
  seedkit::init(12321);  // a program with its own seed still becomes replicate 2
  CHECK(seedkit::key_for("data/shuffle") == seedkit::replicate_key(base, 2).derive("data/shuffle"));
  CHECK(seedkit::key_for("model/init") == base.derive("model/init"));
  CHECK(seedkit::current_replicate() == seedkit::replicate_choice{2, {"data/shuffle"}});
  // Agreeing again is harmless; another replicate is refused.
  CHECK_NOTHROW(seedkit::init(12321, {2, {"data/shuffle"}}));
  CHECK_THROWS_AS(seedkit::init(12321, {3, {"data/shuffle"}}), seedkit::error);

  SECTION("without SEEDKIT_VARY, everything varies") {
    seedkit::reset();
    ::unsetenv("SEEDKIT_VARY");
    seedkit::init(12321);
    CHECK(seedkit::master_key() == seedkit::replicate_key(base, 2));
  }
  SECTION("a base run is not a replicate") {
    seedkit::reset();
    ::unsetenv("SEEDKIT_VARY");
    ::unsetenv("SEEDKIT_REPLICATE");
    seedkit::init(12321);
    CHECK_FALSE(seedkit::current_replicate().has_value());
    CHECK(seedkit::key_for("data/shuffle") == base.derive("data/shuffle"));
  }
}

TEST_CASE("bad replicate settings are refused, naming what is accepted", "[global][replicate]") {
  fresh_state fresh;
  for (const char* bad : {"", "x", "-1", "1e3", " 2", "0x10", "18446744073709551616"}) {
    INFO(bad);
    ::setenv("SEEDKIT_REPLICATE", bad, 1);
    check_error([] { seedkit::init(1); },
                {std::string("SEEDKIT_REPLICATE=\"") + bad + "\"", "decimal"});
    CHECK_FALSE(seedkit::initialized());
  }
  ::setenv("SEEDKIT_REPLICATE", "1", 1);
  for (const char* bad : {"", ",", "model//init", "/model", "model/", "all,data", "a,,b"}) {
    INFO(bad);
    ::setenv("SEEDKIT_VARY", bad, 1);
    check_error([] { seedkit::init(1); }, {"SEEDKIT_VARY", "accepted"});
    CHECK_FALSE(seedkit::initialized());
  }
  ::unsetenv("SEEDKIT_REPLICATE");
  ::setenv("SEEDKIT_VARY", "model/init", 1);
  check_error([] { seedkit::init(1); }, {"without SEEDKIT_REPLICATE"});
  ::unsetenv("SEEDKIT_VARY");
  check_error([] { seedkit::init(1, {1, {}}); }, {"no subtree"});
  check_error([] { seedkit::init(1, {1, {"x//y"}}); }, {"\"x//y\""});
}

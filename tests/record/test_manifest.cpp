// Tests for seedkit/record/manifest.hpp: capture, JSON round trip, validation of
// bad files, atomic writes, SEEDKIT_MANIFEST, and replay through
// SEEDKIT_REPLAY.
#include "seedkit/record/manifest.hpp"

#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "seedkit/stream.hpp"

namespace {

std::string temp_path(const std::string& name) {
  return std::string(SEEDKIT_TEST_BINARY_DIR) + "/manifest_test_" + name;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct fresh_state {
  fresh_state() { clear(); }
  ~fresh_state() { clear(); }
  static void clear() {
    seedkit::reset();
    ::unsetenv("SEEDKIT_SEED");
    ::unsetenv("SEEDKIT_REPLAY");
    ::unsetenv("SEEDKIT_MANIFEST");
    ::unsetenv("SEEDKIT_REPLICATE");
    ::unsetenv("SEEDKIT_VARY");
  }
};

seedkit::manifest sample_run() {
  seedkit::init(12321);
  seedkit::stream_for("data/shuffle");
  seedkit::stream_for("data/shuffle");
  seedkit::stream_for("model/init");
  seedkit::manifest m = seedkit::manifest::capture();
  m.set("learning_rate", 0.05).set("epochs", 3).set("name", "mlp");
  return m;
}

}  // namespace

TEST_CASE("capture records seed, source, streams, fingerprint and params", "[manifest]") {
  fresh_state fresh;
  CHECK_THROWS_AS(seedkit::manifest::capture(), seedkit::error);
  const seedkit::manifest m = sample_run();
  CHECK(m.master_seed == 12321);
  CHECK(m.source == seedkit::seed_source::argument);
  REQUIRE(m.streams.size() == 2);
  CHECK(m.streams[0] == std::make_pair(std::string("data/shuffle"), std::uint64_t{2}));
  CHECK(m.environment.find("compiler") != nullptr);
  CHECK(m.stream_version == SEEDKIT_STREAM_VERSION);
  CHECK(m.params["epochs"] == 3);
}

TEST_CASE("manifests round-trip through JSON", "[manifest]") {
  fresh_state fresh;
  const seedkit::manifest m = sample_run();
  const seedkit::manifest r = seedkit::manifest::from_json(m.to_json());
  CHECK(seedkit::diff(m, r).empty());
  CHECK(r.to_json() == m.to_json());
  // The full 64-bit range survives (no detour through double).
  seedkit::manifest big = m;
  big.master_seed = 18446744073709551615u;
  CHECK(seedkit::manifest::from_json(big.to_json()).master_seed == 18446744073709551615u);
}

TEST_CASE("bad manifests fail clearly", "[manifest][errors]") {
  fresh_state fresh;
  const std::string good = sample_run().to_json();
  const auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const auto at = s.find(from);
    REQUIRE(at != std::string::npos);
    return s.replace(at, from.size(), to);
  };
  struct bad_case {
    std::string text;
    std::string expected;
  };
  const bad_case cases[] = {
      {good.substr(0, good.size() / 2), "not valid JSON"},
      {"", "not valid JSON"},
      {"[1, 2]", "JSON object"},
      {replace("\"seedkit-manifest\"", "\"something-else\""), "\"format\""},
      {replace("\"format_version\": 1", "\"format_version\": 2"), "format_version"},
      {replace("\"master_seed\": 12321", "\"master_seed\": -1"), "master_seed"},
      {replace("\"master_seed\": 12321", "\"master_seed\": 18446744073709551616"), "master_seed"},
      {replace("\"master_seed\": 12321", "\"master_seed\": 1.5"), "master_seed"},
      {replace("\"master_seed\": 12321", "\"master_seed\": \"12321\""), "master_seed"},
      {replace("\"seed_source\": \"argument\"", "\"seed_source\": \"dice\""), "seed_source"},
      {replace("\"data/shuffle\": 2", "\"data/shuffle\": -2"), "data/shuffle"},
      {replace("\"streams\": {", "\"streamz\": {"), "\"streams\" is missing"},
  };
  for (const auto& c : cases) {
    INFO("expected: " << c.expected);
    CHECK_THROWS_WITH(seedkit::manifest::from_json(c.text, "run.json"),
                      Catch::Contains("run.json") && Catch::Contains(c.expected));
  }
}

TEST_CASE("save() is atomic and never leaves a partial file", "[manifest][files]") {
  fresh_state fresh;
  const std::string path = temp_path("atomic.json");
  std::remove(path.c_str());
  seedkit::manifest m = sample_run();
  m.save(path);
  const std::string first = slurp(path);
  CHECK(seedkit::manifest::load(path).master_seed == 12321);

  SECTION("a value with no JSON form is refused before the file is touched") {
    CHECK_THROWS_WITH(m.set("loss", std::numeric_limits<double>::quiet_NaN()),
                      Catch::Contains("loss") && Catch::Contains("not finite"));
    CHECK_THROWS_AS(m.set("curve", std::vector<double>{1.0, INFINITY}), seedkit::error);
    m.save(path);
    CHECK(slurp(path) == first);
  }
  SECTION("an unwritable location fails with the path and leaves the old file") {
    CHECK_THROWS_WITH(m.save(temp_path("no/such/dir/run.json")), Catch::Contains("no/such/dir"));
    CHECK(slurp(path) == first);
  }
  SECTION("rewriting replaces the whole file") {
    m.set("epochs", 4);
    m.save(path);
    CHECK(seedkit::manifest::load(path).params["epochs"] == 4);
  }
  SECTION("a truncated file on disk is reported with its path") {
    std::ofstream(path) << first.substr(0, 40);
    CHECK_THROWS_WITH(seedkit::manifest::load(path),
                      Catch::Contains(path) && Catch::Contains("not valid JSON"));
  }
  CHECK_THROWS_WITH(seedkit::manifest::load(temp_path("missing.json")),
                    Catch::Contains("cannot read"));
}

TEST_CASE("save() without a path uses SEEDKIT_MANIFEST", "[manifest][files]") {
  fresh_state fresh;
  const seedkit::manifest m = sample_run();
  CHECK_THROWS_WITH(m.save(), Catch::Contains("SEEDKIT_MANIFEST"));
  const std::string path = temp_path("env.json");
  ::setenv("SEEDKIT_MANIFEST", path.c_str(), 1);
  CHECK(m.save() == path);
  CHECK(seedkit::manifest::load(path).master_seed == 12321);
}

TEST_CASE("SEEDKIT_REPLAY takes the seed from a manifest and reports differences",
          "[manifest][replay]") {
  fresh_state fresh;
  const std::string path = temp_path("replay.json");
  seedkit::manifest m = sample_run();
  m.save(path);
  const std::uint64_t recorded_first = seedkit::stream(seedkit::key(12321) / "data/shuffle")();

  seedkit::reset();
  ::setenv("SEEDKIT_REPLAY", path.c_str(), 1);
  const seedkit::seed_choice c = seedkit::init();
  CHECK(c.seed == 12321);
  CHECK(c.source == seedkit::seed_source::replay);
  CHECK(seedkit::stream_for("data/shuffle")() == recorded_first);
  seedkit::stream_for("data/shuffle");
  seedkit::stream_for("model/init");
  CHECK(seedkit::replay_differences().empty());
  seedkit::stream_for("extra/stream");
  const auto d = seedkit::replay_differences();
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "stream extra/stream");
  CHECK(d[0].affects == seedkit::affects_streams);

  // SEEDKIT_SEED that disagrees with the manifest is an error, not a choice.
  seedkit::reset();
  ::setenv("SEEDKIT_SEED", "1", 1);
  CHECK_THROWS_WITH(seedkit::init(), Catch::Contains("disagrees"));
  ::unsetenv("SEEDKIT_SEED");

  // A corrupt manifest cannot be replayed.
  seedkit::reset();
  std::ofstream(path) << "{\"format\": \"seedkit-manifest\"";
  CHECK_THROWS_WITH(seedkit::init(), Catch::Contains(path));
  CHECK_FALSE(seedkit::initialized());
}

TEST_CASE("diff names what changed and what it can change", "[manifest]") {
  fresh_state fresh;
  const seedkit::manifest a = sample_run();
  seedkit::manifest b = a;
  b.master_seed = 1;
  b.params["learning_rate"] = 0.1;
  b.environment.entries[0].value = "2.0.0";
  const auto d = seedkit::diff(a, b);
  REQUIRE(d.size() == 3);
  CHECK(d[0].what == "master_seed");
  CHECK((d[0].affects & seedkit::affects_streams) != 0);
  CHECK(d[1].what == "fingerprint seedkit.version");
  CHECK(d[2].what == "param learning_rate");
  CHECK(d[2].affects == seedkit::affects_other);
}

TEST_CASE("diff reports the changed leaf of a nested parameter", "[manifest]") {
  fresh_state fresh;
  seedkit::manifest a = sample_run();
  a.set("settings", nlohmann::json{{"num_threads", 1}, {"optimizer", {{"name", "sgd"}}}})
      .set("layers", std::vector<int>{4, 16, 1});
  seedkit::manifest b = a;
  b.params["settings"]["num_threads"] = 2;
  b.params["settings"]["optimizer"]["momentum"] = 0.9;
  b.params["layers"][1] = 32;
  const auto d = seedkit::diff(a, b);
  // Before: one difference "param settings" holding both whole objects, and
  // "param layers" holding both arrays.
  REQUIRE(d.size() == 3);
  CHECK(d[0].what == "param layers[1]");
  CHECK(d[0].recorded == "16");
  CHECK(d[0].current == "32");
  CHECK(d[1].what == "param settings.num_threads");
  CHECK(d[2].what == "param settings.optimizer.momentum");
  CHECK(d[2].recorded.empty());
  CHECK(d[2].current == "0.9");
}

TEST_CASE("a manifest started at the beginning of a run is marked incomplete",
          "[manifest][files]") {
  fresh_state fresh;
  const std::string path = temp_path("started.json");
  seedkit::manifest m = sample_run();
  m.save_started(path);
  const seedkit::manifest started = seedkit::manifest::load(path);
  CHECK_FALSE(started.complete);
  CHECK(started.master_seed == 12321);
  CHECK(m.complete);  // save_started does not change the manifest itself
  m.save(path);
  CHECK(seedkit::manifest::load(path).complete);
  const auto d = seedkit::diff(started, m);
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "complete");
  // A manifest without the field (written before it existed) is complete; a
  // field of another type is refused.
  const std::string text = m.to_json();
  const std::string field = ",\n  \"complete\": true";
  const auto at = text.find(field);
  REQUIRE(at != std::string::npos);
  CHECK(seedkit::manifest::from_json(std::string(text).erase(at, field.size())).complete);
  CHECK_THROWS_WITH(seedkit::manifest::from_json(
                        std::string(text).replace(at, field.size(), ",\n  \"complete\": 1")),
                    Catch::Contains("\"complete\"") && Catch::Contains("true or false"));
}

TEST_CASE("parameters read back typed, and a wrong type or name is an error", "[manifest]") {
  fresh_state fresh;
  const seedkit::manifest m = seedkit::manifest::from_json(sample_run().to_json());
  CHECK(m.param<double>("learning_rate") == 0.05);
  CHECK(m.param<int>("epochs") == 3);
  CHECK(m.param<std::string>("name") == "mlp");
  CHECK_THROWS_WITH(m.param<int>("name"), Catch::Contains("\"name\" is \"mlp\""));
  CHECK_THROWS_WITH(m.param<int>("momentum"), Catch::Contains("no parameter \"momentum\""));
}

TEST_CASE("a replay compares the parameters and refuses another explicit seed",
          "[manifest][replay]") {
  fresh_state fresh;
  const std::string path = temp_path("replay_params.json");
  sample_run().save(path);

  seedkit::reset();
  ::setenv("SEEDKIT_REPLAY", path.c_str(), 1);
  // init(seed) under SEEDKIT_REPLAY: the recorded seed is accepted, another
  // refused (it ran seed 8 silently while claiming to replay).
  CHECK_THROWS_WITH(seedkit::init(8), Catch::Contains("replays a run recorded with seed 12321"));
  CHECK_FALSE(seedkit::initialized());
  CHECK(seedkit::init(12321).source == seedkit::seed_source::replay);

  REQUIRE(seedkit::replayed().has_value());
  CHECK(seedkit::replayed()->param<int>("epochs") == 3);
  seedkit::stream_for("data/shuffle");
  seedkit::stream_for("data/shuffle");
  seedkit::stream_for("model/init");
  seedkit::manifest now = seedkit::manifest::capture();
  now.set("learning_rate", 0.05).set("epochs", 3).set("name", "mlp");
  CHECK(seedkit::replay_differences(now).empty());
  CHECK_NOTHROW(seedkit::require_exact_replay(now));

  // Other parameters: reported (they were not compared: "0 differences"),
  // and refused on request.
  now.set("epochs", 2);
  const auto d = seedkit::replay_differences(now);
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "param epochs");
  CHECK(d[0].recorded == "3");
  CHECK(d[0].current == "2");
  CHECK_THROWS_WITH(seedkit::require_exact_replay(now),
                    Catch::Contains("param epochs: recorded 3, now 2"));

  ::unsetenv("SEEDKIT_REPLAY");
  CHECK_FALSE(seedkit::replayed().has_value());
  CHECK_NOTHROW(seedkit::require_exact_replay(now));
}

TEST_CASE("a replicate and its metrics are recorded, read back and replayed",
          "[manifest][replay][replicate]") {
  fresh_state fresh;
  const std::string path = temp_path("replicate.json");
  seedkit::init(12321, {4, {"model/init"}});
  const std::uint64_t init_first = seedkit::stream_for("model/init")();
  const std::uint64_t data_first = seedkit::stream_for("data/shuffle")();
  seedkit::manifest m = seedkit::manifest::capture();
  m.metric("val_loss", 0.25).metric("accuracy", 0.875);
  REQUIRE(m.replicate.has_value());
  m.save(path);

  const seedkit::manifest back = seedkit::manifest::load(path);
  CHECK(back.replicate == m.replicate);
  CHECK(back.metrics == std::map<std::string, double>{{"accuracy", 0.875}, {"val_loss", 0.25}});
  CHECK(seedkit::diff(m, back).empty());
  CHECK_THROWS_AS(m.metric("nan", std::nan("")), seedkit::error);

  // The replay installs the recorded replicate: the same bits.
  seedkit::reset();
  ::setenv("SEEDKIT_REPLAY", path.c_str(), 1);
  seedkit::init();
  CHECK(seedkit::current_replicate() == m.replicate);
  CHECK(seedkit::stream_for("model/init")() == init_first);
  CHECK(seedkit::stream_for("data/shuffle")() == data_first);
  // A replay asked to be another replicate refuses.
  seedkit::reset();
  ::setenv("SEEDKIT_REPLICATE", "5", 1);
  CHECK_THROWS_WITH(seedkit::init(), Catch::Contains("replicate 4 varying model/init"));
  ::unsetenv("SEEDKIT_REPLICATE");
  ::unsetenv("SEEDKIT_REPLAY");

  // diff names a replicate difference as one that changes streams.
  seedkit::manifest base_run = m;
  base_run.replicate.reset();
  const auto d = seedkit::diff(m, base_run);
  REQUIRE(d.size() == 1);
  CHECK(d[0].what == "replicate");
  CHECK(d[0].affects == seedkit::affects_streams);

  // Malformed replicate and metrics fields are refused.
  const std::string text = m.to_json();
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    const std::size_t at = t.find(from);
    REQUIRE(at != std::string::npos);
    return t.replace(at, from.size(), to);
  };
  CHECK_THROWS_WITH(seedkit::manifest::from_json(replaced("\"index\": 4", "\"index\": -4")),
                    Catch::Contains("replicate"));
  CHECK_THROWS_WITH(seedkit::manifest::from_json(replaced("\"model/init\"\n", "\"model//init\"\n")),
                    Catch::Contains("model//init"));
  CHECK_THROWS_WITH(seedkit::manifest::from_json(replaced("0.875", "\"high\"")),
                    Catch::Contains("the metric \"accuracy\""));
}

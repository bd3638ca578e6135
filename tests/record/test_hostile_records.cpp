// Hostile manifests, traces and environments: each gets a seedkit::error
// naming what was wrong (or is recorded explicitly), never std::terminate, a
// stack overflow, a silent choice or a replaced device. Each case is a
// reproducer from the fuzzing campaign that failed before its fix.
#include <cstdio>      // remove
#include <cstdlib>     // setenv, unsetenv
#include <filesystem>  // create_directories, is_regular_file
#include <fstream>     // ofstream
#include <string>      // string

#include <catch2/catch.hpp>

#include "seedkit/record/record.hpp"

// <unistd.h> after fingerprint.hpp: both declare environ, and they must
// agree (a conflicting C++-linkage declaration did not compile).
#include <unistd.h>

namespace {

std::string temp_path(const std::string& name) {
  return std::string(SEEDKIT_TEST_BINARY_DIR) + "/hostile_" + name;
}

template <class F>
std::string seedkit_error_of(F&& f) {
  try {
    f();
  } catch (const seedkit::error& e) {
    return e.what();
  } catch (const std::exception& e) {
    FAIL("a foreign exception escaped: " << e.what());
  }
  FAIL("no exception");
  return "";
}

struct fresh_state {
  fresh_state() { seedkit::reset(); }
  ~fresh_state() { seedkit::reset(); }
};

std::string sample_manifest() {
  seedkit::init(12321);
  (void)seedkit::stream_for("data/shuffle");
  return seedkit::manifest::capture().to_json();
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a JSON number beyond the double range is a seedkit::error", "[record][hostile]") {
  fresh_state fresh;
  const std::string good = sample_manifest();
  // nlohmann's out_of_range 406 escaped and ended in std::terminate.
  const std::string huge = replace(good, "\"params\": {", "\"params\": {\"x\": 1e400, ");
  CHECK_THAT(seedkit_error_of([&] { seedkit::manifest::from_json(huge, "huge.json"); }),
             Catch::Contains("huge.json") && Catch::Contains("not valid JSON"));
  const std::string trace_text =
      "{\"format\": \"seedkit-trace\", \"format_version\": 1e400, \"checkpoints\": []}";
  CHECK_THAT(seedkit_error_of([&] { seedkit::trace::from_json(trace_text, "t.json"); }),
             Catch::Contains("t.json"));
  // 1.0 was accepted by the trace reader while the manifest refused it.
  CHECK_THAT(seedkit_error_of([] {
               seedkit::trace::from_json(
                   "{\"format\": \"seedkit-trace\", \"format_version\": 1.0, \"checkpoints\": []}");
             }),
             Catch::Contains("format_version"));
}

TEST_CASE("deep nesting is refused while parsing, and messages stay short", "[record][hostile]") {
  fresh_state fresh;
  const std::string good = sample_manifest();
  // 100000 levels in format_version crashed with SIGSEGV (recursive dump);
  // 1000000 levels in params crashed replay (recursive copy).
  const std::string deep_version =
      replace(good, "\"format_version\": 1", "\"format_version\": " + std::string(100000, '['));
  CHECK_THAT(seedkit_error_of([&] { seedkit::manifest::from_json(deep_version, "deep.json"); }),
             Catch::Contains("deep.json"));
  const std::string deep_params =
      replace(good, "\"params\": {}",
              "\"params\": {\"x\": " + std::string(1000000, '[') + std::string(1000000, ']') + "}");
  CHECK_THAT(seedkit_error_of([&] { seedkit::manifest::from_json(deep_params, "p.json"); }),
             Catch::Contains("nested deeper than 64"));
  // A 10 MB field gave a 10 MB message.
  const std::string big = replace(good, "\"seedkit_version\": \"" SEEDKIT_VERSION_STRING "\"",
                                  "\"seedkit_version\": [" + std::string(5000000, '1') + "]");
  CHECK(seedkit_error_of([&] { seedkit::manifest::from_json(big, "big.json"); }).size() < 400);
}

TEST_CASE("duplicate keys and fingerprint entries are refused", "[record][hostile]") {
  fresh_state fresh;
  const std::string good = sample_manifest();
  // Replayed seed 7 without a word.
  const std::string dup =
      replace(good, "\"master_seed\": 12321", "\"master_seed\": 12321, \"master_seed\": 7");
  CHECK_THAT(seedkit_error_of([&] { seedkit::manifest::from_json(dup, "dup.json"); }),
             Catch::Contains("\"master_seed\" appears twice"));
  // diff(m, m) reported a difference of a manifest with itself.
  const std::string daz = replace(good, "{\n      \"name\": \"daz\"",
                                  "{\"name\": \"daz\", \"value\": \"0\", \"affects\": "
                                  "\"float\"},\n    {\n      \"name\": \"daz\"");
  CHECK_THAT(seedkit_error_of([&] { seedkit::manifest::from_json(daz, "daz.json"); }),
             Catch::Contains("\"daz\" appears twice"));
  // "nostreams" read as "streams" (a substring match).
  CHECK_THAT(seedkit_error_of([] { seedkit::affects_from_names("nostreams"); }),
             Catch::Contains("nostreams"));
  CHECK(seedkit::affects_from_names("streams+other") ==
        (seedkit::affects_streams | seedkit::affects_other));
}

TEST_CASE("text that is not UTF-8 is refused by name or recorded as hex", "[record][hostile]") {
  fresh_state fresh;
  seedkit::init(12321);
  // A stream named "caf\xe9": nlohmann's type_error 316 escaped the writer.
  (void)seedkit::stream_for("caf\xe9");
  const seedkit::manifest m = seedkit::manifest::capture();
  CHECK_THAT(seedkit_error_of([&] { (void)m.to_json(); }),
             Catch::Contains("stream name") && Catch::Contains("UTF-8"));
  seedkit::manifest p;
  CHECK_THAT(seedkit_error_of([&] { p.set("label", std::string("\xff")); }),
             Catch::Contains("label") && Catch::Contains("UTF-8"));
  seedkit::trace t;
  t.record("step\xfe", 1.0);
  CHECK_THAT(seedkit_error_of([&] { (void)t.to_json(); }), Catch::Contains("checkpoint name"));
  // An environment variable the program never reads must not stop the record.
  seedkit::reset();
  seedkit::init(12321);
  ::setenv("SEEDKIT_TAG", "\xff", 1);
  const seedkit::manifest withenv = seedkit::manifest::capture();
  ::unsetenv("SEEDKIT_TAG");
  const std::string text = withenv.to_json();
  CHECK_THAT(text, Catch::Contains("(not UTF-8: hex ff)"));
  CHECK(seedkit::manifest::from_json(text).master_seed == 12321);
}

TEST_CASE("files: directories and devices are never read or replaced", "[record][hostile][files]") {
  fresh_state fresh;
  seedkit::init(12321);
  const std::string dir = temp_path("a_directory");
  std::filesystem::create_directories(dir);
  // "not valid JSON (truncated or corrupted?)" for a directory before.
  CHECK_THAT(seedkit_error_of([&] { seedkit::manifest::load(dir); }),
             Catch::Contains("is a directory"));
  const seedkit::manifest m = seedkit::manifest::capture();
  CHECK_THAT(seedkit_error_of([&] { m.save(dir); }), Catch::Contains("not a regular file"));
  CHECK(std::filesystem::is_directory(dir));
  // As root, --manifest /dev/full replaced the device with a regular file.
  if (std::filesystem::exists("/dev/full")) {
    CHECK_THAT(seedkit_error_of([&] { m.save("/dev/full"); }),
               Catch::Contains("not a regular file"));
    CHECK(std::filesystem::is_character_file("/dev/full"));
  }
}

TEST_CASE("a manifest writes only what its reader accepts", "[record][hostile]") {
  // Found by the writers fuzz target: a seedkit_version that is not UTF-8
  // escaped as nlohmann's type_error, and a fingerprint with an entry twice
  // was written although the reader refuses it.
  fresh_state fresh;
  seedkit::init(12321);
  seedkit::manifest m = seedkit::manifest::capture();
  m.seedkit_version = "\xff";
  CHECK_THAT(seedkit_error_of([&] { (void)m.to_json(); }), Catch::Contains("seedkit_version"));
  seedkit::manifest twice = seedkit::manifest::capture();
  twice.environment.add("daz", "0", seedkit::affects_float);
  CHECK_THAT(seedkit_error_of([&] { (void)twice.to_json(); }),
             Catch::Contains("\"daz\" appears twice"));
}

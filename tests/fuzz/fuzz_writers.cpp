// Fuzz target: the record add-on's writers (include/seedkit/record/
// manifest.hpp, trace.hpp, fmt.hpp) on manifests and traces built from
// fuzzed names and values, non-UTF-8 bytes included.
//
// manifest::set, manifest::to_json, diff, trace::record, trace::to_json and
// the {fmt} formatters either return or throw seedkit::error; any other
// exception (nlohmann's type_error for invalid UTF-8, ...) escaping is a
// finding. set() with a non-finite number must throw seedkit::error (its
// documentation). What to_json writes must read back with from_json, and
// the manifest or trace read back must write the same text.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "seedkit/record/fmt.hpp"
#include "seedkit/record/manifest.hpp"
#include "seedkit/record/trace.hpp"

namespace {

using fuzz::expect_error;
using fuzz::expect_ok_or_error;
using fuzz::outcome;

std::string text(FuzzedDataProvider& in) { return in.ConsumeRandomLengthString(24); }

double number(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 5)) {
    case 0:
      return std::numeric_limits<double>::quiet_NaN();
    case 1:
      return std::numeric_limits<double>::infinity();
    case 2:
      return -std::numeric_limits<double>::infinity();
    case 3:
      return fuzz::double_from_bits(in.ConsumeIntegral<std::uint64_t>());
    default:
      return in.ConsumeFloatingPoint<double>();
  }
}

void set_param(FuzzedDataProvider& in, seedkit::manifest& m) {
  const std::string name = text(in);
  const std::string call = "manifest::set(\"" + name + "\", ";
  switch (in.ConsumeIntegralInRange<int>(0, 7)) {
    case 0: {
      const std::string v = text(in);
      expect_ok_or_error(call + "string)", [&] { m.set(name, v); });
      break;
    }
    case 1: {
      const auto v = in.ConsumeIntegral<std::int64_t>();
      expect_ok_or_error(call + "int64)", [&] { m.set(name, v); });
      break;
    }
    case 2: {
      const auto v = in.ConsumeIntegral<std::uint64_t>();
      expect_ok_or_error(call + "uint64)", [&] { m.set(name, v); });
      break;
    }
    case 3: {
      const double v = number(in);
      const auto run = [&] { m.set(name, v); };
      if (!std::isfinite(v)) {
        expect_error(call + fuzz::str(v) + ")", run);
      } else {
        expect_ok_or_error(call + "double)", run);
      }
      break;
    }
    case 4: {
      const bool v = in.ConsumeBool();
      expect_ok_or_error(call + "bool)", [&] { m.set(name, v); });
      break;
    }
    case 5: {
      std::vector<double> v(in.ConsumeIntegralInRange<std::size_t>(0, 4));
      bool finite = true;
      for (double& x : v) {
        x = number(in);
        finite = finite && std::isfinite(x);
      }
      const auto run = [&] { m.set(name, v); };
      if (!finite) {
        expect_error(call + "vector<double> with a non-finite value)", run);
      } else {
        expect_ok_or_error(call + "vector<double>)", run);
      }
      break;
    }
    case 6: {
      std::map<std::string, std::string> v;
      for (std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, 3); i > 0; --i) {
        v[text(in)] = text(in);
      }
      expect_ok_or_error(call + "map<string, string>)", [&] { m.set(name, v); });
      break;
    }
    default: {
      std::vector<std::string> v(in.ConsumeIntegralInRange<std::size_t>(0, 3));
      for (auto& s : v) s = text(in);
      expect_ok_or_error(call + "vector<string>)", [&] { m.set(name, v); });
      break;
    }
  }
}

void check_manifest(FuzzedDataProvider& in) {
  seedkit::manifest m;
  if (in.ConsumeBool()) m.seedkit_version = text(in);
  m.stream_version = in.ConsumeIntegralInRange<int>(1, 1000);  // what from_json reads back
  m.master_seed = in.ConsumeIntegral<std::uint64_t>();
  const seedkit::seed_source sources[] = {
      seedkit::seed_source::argument, seedkit::seed_source::environment,
      seedkit::seed_source::random_device, seedkit::seed_source::replay};
  m.source = sources[in.ConsumeIntegralInRange<int>(0, 3)];
  for (std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, 5); i > 0; --i) {
    m.streams.emplace_back(text(in), in.ConsumeIntegral<std::uint64_t>());
  }
  std::stable_sort(m.streams.begin(), m.streams.end(),  // the field is documented sorted by name
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, 5); i > 0; --i) {
    m.environment.add(text(in), text(in), in.ConsumeIntegral<unsigned>());
  }
  for (std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, 5); i > 0; --i) set_param(in, m);

  std::string json;
  if (expect_ok_or_error("manifest::to_json", [&] { json = m.to_json(); }) == outcome::returned) {
    seedkit::manifest back;
    try {
      back = seedkit::manifest::from_json(json, "to_json");
    } catch (const seedkit::error& e) {
      fuzz::finding("manifest::from_json refused what to_json wrote: %s\n--- json:\n%s", e.what(),
                    json.c_str());
    }
    std::string json2;
    expect_ok_or_error("manifest::to_json (read back)", [&] { json2 = back.to_json(); });
    FUZZ_CHECK(json2 == json,
               "manifest to_json() does not round-trip\n--- first:\n%s\n--- "
               "after from_json:\n%s",
               json.c_str(), json2.c_str());
  }
  std::vector<seedkit::manifest_difference> d;
  expect_ok_or_error("diff(m, m)", [&] { d = seedkit::diff(m, m); });
  expect_ok_or_error("fmt::format(fingerprint)", [&] { (void)fmt::format("{}", m.environment); });
  const seedkit::manifest other;
  expect_ok_or_error("diff(m, manifest()) and fmt::format of each difference", [&] {
    for (const auto& e : seedkit::diff(m, other)) (void)fmt::format("{}", e);
  });
}

void check_trace(FuzzedDataProvider& in) {
  seedkit::trace t;
  for (std::size_t i = in.ConsumeIntegralInRange<std::size_t>(0, 6); i > 0; --i) {
    const std::string name = text(in);
    expect_ok_or_error("trace::record(\"" + name + "\")", [&] {
      switch (in.ConsumeIntegralInRange<int>(0, 2)) {
        case 0:
          t.record(name, in.ConsumeIntegral<std::uint64_t>());
          break;
        case 1:
          t.record(name, number(in));
          break;
        default: {
          const std::vector<std::uint8_t> bytes =
              in.ConsumeBytes<std::uint8_t>(in.ConsumeIntegralInRange<std::size_t>(0, 32));
          t.record(name, bytes);
          break;
        }
      }
    });
  }
  std::string json;
  if (expect_ok_or_error("trace::to_json", [&] { json = t.to_json(); }) != outcome::returned) {
    return;
  }
  seedkit::trace back;
  try {
    back = seedkit::trace::from_json(json, "to_json");
  } catch (const seedkit::error& e) {
    fuzz::finding("trace::from_json refused what to_json wrote: %s\n--- json:\n%s", e.what(),
                  json.c_str());
  }
  std::string json2;
  expect_ok_or_error("trace::to_json (read back)", [&] { json2 = back.to_json(); });
  FUZZ_CHECK(json2 == json,
             "trace to_json() does not round-trip\n--- first:\n%s\n--- after from_json:\n%s",
             json.c_str(), json2.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  if (in.ConsumeBool()) {
    check_manifest(in);
  } else {
    check_trace(in);
  }
  return 0;
}

// seedkit-diff: what differs between two manifests or two traces.
//
//   seedkit-diff run1.json run2.json
//
// Prints each difference and what it can change (seedkit's streams, its
// floating-point results, or only other code); for traces, the first
// checkpoint at which the runs parted. Exit status: 0 when equal, 1 when
// different, 2 when an input cannot be read (with a message saying why).
#include <cstdio>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "seedkit/detail/atomic_file.hpp"
#include "seedkit/record/detail/json.hpp"
#include "seedkit/record/fmt.hpp"
#include "seedkit/record/manifest.hpp"
#include "seedkit/record/trace.hpp"

namespace {

std::string kind_of(const std::string& path) {
  const std::string text = seedkit::detail::read_file(path, "input");
  const nlohmann::json j = seedkit::detail::parse_json(text, "seedkit-diff: \"" + path + "\"");
  if (j.is_object() && j.contains("format") && j["format"].is_string()) {
    const std::string f = j["format"].get<std::string>();
    if (f == "seedkit-manifest" || f == "seedkit-trace") return f;
  }
  throw seedkit::error(
      "seedkit-diff: \"" + path +
      "\" is neither a seedkit manifest nor a seedkit trace (no \"format\" field)");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: seedkit-diff A B   (two manifests or two traces)\n");
    return 2;
  }
  try {
    const std::string a = argv[1], b = argv[2];
    const std::string ka = kind_of(a), kb = kind_of(b);
    if (ka != kb) {
      throw seedkit::error("seedkit-diff: \"" + a + "\" is a " + ka + " but \"" + b + "\" is a " +
                           kb);
    }
    if (ka == "seedkit-manifest") {
      const auto diffs = seedkit::diff(seedkit::manifest::load(a), seedkit::manifest::load(b));
      if (diffs.empty()) {
        fmt::print("manifests are equal\n");
        return 0;
      }
      fmt::print("{} difference{}:\n", diffs.size(), diffs.size() == 1 ? "" : "s");
      for (const auto& d : diffs) fmt::print("  {}\n", d);
      return 1;
    }
    const seedkit::trace_divergence d =
        seedkit::compare(seedkit::trace::load(a), seedkit::trace::load(b));
    fmt::print("{}\n", d);
    return d.diverged ? 1 : 0;
  } catch (const seedkit::error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
}

// seedkit-diff: what differs between two manifests or two traces, and what
// one manifest records.
//
//   seedkit-diff run1.json run2.json
//   seedkit-diff run.json              (a summary of one manifest)
//
// Prints each difference and what it can change (seedkit's streams, its
// floating-point results, or only other code); for traces, the first
// checkpoint at which the runs parted. With one manifest, a summary for a
// person: whether the run completed, the master seed and where it came
// from, the replicate, every parameter leaf, the metrics, the derived stream names, and the
// environment entries that can change seedkit's bits. Exit status: 0 when
// equal (or summarized), 1 when different, 2 when an input cannot be read
// (with a message saying why).
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

// Every leaf of `v` as "path = value" lines (objects by key, arrays by index).
void print_leaves(const nlohmann::json& v, const std::string& path) {
  if (v.is_object() && !v.empty()) {
    for (const auto& [k, x] : v.items()) print_leaves(x, path.empty() ? k : path + "." + k);
  } else if (v.is_array() && !v.empty()) {
    for (std::size_t i = 0; i < v.size(); ++i)
      print_leaves(v[i], path + "[" + std::to_string(i) + "]");
  } else {
    fmt::print("  {} = {}\n", path, seedkit::detail::json_excerpt(v));
  }
}

int summarize(const std::string& path) {
  if (kind_of(path) != "seedkit-manifest") {
    throw seedkit::error("seedkit-diff: \"" + path +
                         "\" is a trace; a summary is of one manifest (compare two traces)");
  }
  const seedkit::manifest m = seedkit::manifest::load(path);
  fmt::print("manifest {}: {}\n", path,
             m.complete ? "a completed run"
                        : "INCOMPLETE: written at the start of a run that did not finish");
  fmt::print("master seed {} (from {}), seedkit {}, stream version {}\n", m.master_seed,
             seedkit::to_string(m.source), m.seedkit_version, m.stream_version);
  if (m.replicate) {
    std::string vary;
    for (const std::string& v : m.replicate->vary) vary += (vary.empty() ? "" : ",") + v;
    fmt::print("replicate {} (varying {})\n", m.replicate->index, vary);
  }
  fmt::print("{} parameter(s), leaf by leaf:\n", m.params.size());
  print_leaves(m.params, "");
  if (!m.metrics.empty()) {
    fmt::print("{} metric(s):\n", m.metrics.size());
    for (const auto& [name, v] : m.metrics) fmt::print("  {} = {}\n", name, v);
  }
  fmt::print("{} derived stream name(s):", m.streams.size());
  for (const auto& [name, count] : m.streams) fmt::print(" {} (x{})", name, count);
  fmt::print("\nenvironment entries that can change seedkit's bits:\n");
  for (const auto& e : m.environment.entries) {
    if (e.affects & (seedkit::affects_streams | seedkit::affects_float)) {
      fmt::print("  {} = {}\n", e.name, e.value);
    }
  }
  fmt::print("({} environment entries in all)\n", m.environment.entries.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) != "--help" && std::string(argv[1]) != "-h") {
    try {
      return summarize(argv[1]);
    } catch (const seedkit::error& e) {
      std::fprintf(stderr, "%s\n", e.what());
      return 2;
    }
  }
  if (argc != 3) {
    std::fprintf(stderr,
                 "usage: seedkit-diff A B   (two manifests or two traces: their differences)\n"
                 "       seedkit-diff M     (one manifest: a summary)\n");
    return argc == 2 ? 0 : 2;
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

// seedkit/record/manifest.hpp: record a run, and replay it.
//
// A manifest is a JSON document with everything that decides a run's random
// bits: seedkit's version and stream-algorithm version, the master seed and
// where it came from, every stream name derived through the process-wide
// entry points with its count, the environment fingerprint, and the user's
// own parameters (hyper-parameters). It is written atomically and read back
// with validation: a malformed, truncated or wrong-version file, or a seed
// out of range, throws seedkit::error saying what and where.
//
// Replay: run the program again with SEEDKIT_REPLAY=path and seedkit::init()
// takes the master seed from that manifest (an explicit seed that disagrees
// is refused); replayed() gives the recorded parameters back, typed;
// replay_differences(current) lists how the replaying run differs (seed,
// streams, environment, every parameter leaf) and require_exact_replay
// refuses any difference. docs/record-replay.md has the API and an example.
//
// Part of the seedkit::record CMake target (nlohmann_json); host-only.
#ifndef SEEDKIT_RECORD_MANIFEST_HPP
#define SEEDKIT_RECORD_MANIFEST_HPP

#include <cmath>        // isfinite
#include <cstdint>      // uint64_t
#include <cstdlib>      // getenv
#include <map>          // map
#include <optional>     // optional, nullopt
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <utility>      // move, pair
#include <vector>       // vector

#include <nlohmann/json.hpp>

#include "seedkit/config.hpp"
#include "seedkit/detail/atomic_file.hpp"
#include "seedkit/error.hpp"
#include "seedkit/record/detail/json.hpp"
#include "seedkit/record/fingerprint.hpp"
#include "seedkit/global.hpp"
#include "seedkit/version.hpp"

SEEDKIT_BEGIN_NAMESPACE

// One difference between two manifests: what differs, both values ("" when
// absent on one side), and what it can change (an `affects` bit set).
struct manifest_difference {
  std::string what;
  std::string recorded;
  std::string current;
  unsigned affects = affects_other;
};

// The record of a run. Example:
//   seedkit::init();
//   ... derive streams, train ...
//   seedkit::manifest m = seedkit::manifest::capture();
//   m.set("learning_rate", 0.05);
//   m.save("run.json");
// Stability: format: versioned; every version of this major version stays readable.
class manifest {
 public:
  static constexpr int format_version = 1;

  std::string seedkit_version = SEEDKIT_VERSION_STRING;
  int stream_version = SEEDKIT_STREAM_VERSION;
  std::uint64_t master_seed = 0;
  seed_source source = seed_source::argument;
  std::vector<std::pair<std::string, std::uint64_t>> streams;  // sorted by name
  fingerprint environment;
  nlohmann::json params = nlohmann::json::object();
  // False for a manifest written at the start of a run (save_started) and
  // not yet completed: a run that crashed leaves that record behind.
  bool complete = true;
  // The replicate this run was (seedkit::current_replicate()); absent for a
  // run that is not a replicate.
  std::optional<replicate_choice> replicate;
  // The run's results (metric()): what seedkit-sweep summarizes. Outputs,
  // not inputs: diff() and replay_differences() do not compare them.
  std::map<std::string, double> metrics;

  // The process's master seed, derived names and fingerprint now. Throws
  // seedkit::error before seedkit::init().
  static manifest capture() {
    manifest m;
    const seed_choice c = current_seed();
    m.master_seed = c.seed;
    m.source = c.source;
    m.streams = derived_names();
    m.environment = fingerprint::current();
    m.replicate = current_replicate();
    return m;
  }

  // Records a result of the run (a validation loss, an accuracy) under
  // `name`. Throws seedkit::error for a non-finite value or a name that is
  // not UTF-8. Example: man.metric("val_loss", loss).save(path);
  manifest& metric(const std::string& name, double value) {
    detail::require_utf8(nlohmann::json(name), "seedkit: manifest: a metric name");
    if (!std::isfinite(value)) {
      throw error("seedkit: manifest: the metric \"" + name + "\" is " + std::to_string(value) +
                  ": a metric must be finite (JSON has no form for NaN or infinity)");
    }
    metrics[name] = value;
    return *this;
  }

  // Sets a user parameter (any JSON value: numbers, strings, bools, arrays,
  // objects). Non-finite floating-point values have no JSON form and throw
  // seedkit::error rather than being written as null.
  // Throws seedkit::error for a name or text that is not UTF-8.
  template <class T>
  manifest& set(const std::string& name, const T& value) {
    detail::require_utf8(nlohmann::json(name), "seedkit: manifest: a parameter name");
    nlohmann::json v = value;
    detail::require_utf8(v, "seedkit: manifest: the parameter \"" + name + "\"");
    check_finite(v, name);
    params[name] = std::move(v);
    return *this;
  }

  // The parameter `name` read back as T (number, string, bool, a container
  // nlohmann_json converts). Throws seedkit::error naming the parameter when
  // it is absent or holds another type (never a default).
  // Example: const double lr = seedkit::replayed()->param<double>("learning_rate");
  template <class T>
  T param(const std::string& name) const {
    const auto it = params.find(name);
    if (it == params.end()) {
      throw error("seedkit: manifest: no parameter \"" + detail::utf8_or_hex(name) +
                  "\"; the manifest has " + std::to_string(params.size()) + " parameter(s)");
    }
    try {
      return it->get<T>();
    } catch (const nlohmann::json::exception&) {
      throw error("seedkit: manifest: the parameter \"" + detail::utf8_or_hex(name) + "\" is " +
                  detail::json_excerpt(*it) + ", which does not convert to the requested type");
    }
  }

  // The JSON text (2-space indented, keys in a fixed order).
  // Throws seedkit::error naming a stream name, parameter or fingerprint
  // entry that is not UTF-8 (the fingerprint itself records foreign text
  // from the environment as hex; see detail::utf8_or_hex).
  std::string to_json() const {
    for (const auto& [name, count] : streams) {
      (void)count;
      detail::require_utf8(nlohmann::json(name), "seedkit: manifest: a stream name");
    }
    detail::require_utf8(nlohmann::json(seedkit_version), "seedkit: manifest: seedkit_version");
    for (const auto& e : environment.entries) {
      if (environment.find(e.name) != &e) {
        throw error("seedkit: manifest: the fingerprint entry \"" + detail::utf8_or_hex(e.name) +
                    "\" appears twice; a record holds each entry once");
      }
      detail::require_utf8(nlohmann::json(e.name), "seedkit: manifest: a fingerprint entry name");
      detail::require_utf8(nlohmann::json(e.value),
                           "seedkit: manifest: the fingerprint entry \"" + e.name + "\"");
    }
    detail::require_utf8(params, "seedkit: manifest: the parameters");
    nlohmann::ordered_json j;
    j["format"] = "seedkit-manifest";
    j["format_version"] = format_version;
    j["seedkit_version"] = seedkit_version;
    j["stream_version"] = stream_version;
    j["master_seed"] = master_seed;
    j["seed_source"] = to_string(source);
    nlohmann::ordered_json s = nlohmann::ordered_json::object();
    for (const auto& [name, count] : streams) s[name] = count;
    j["streams"] = s;
    nlohmann::ordered_json f = nlohmann::ordered_json::array();
    for (const auto& e : environment.entries) {
      f.push_back({{"name", e.name}, {"value", e.value}, {"affects", affects_names(e.affects)}});
    }
    j["fingerprint"] = f;
    j["params"] = nlohmann::ordered_json::parse(params.dump());
    j["complete"] = complete;
    if (replicate) j["replicate"] = {{"index", replicate->index}, {"vary", replicate->vary}};
    if (!metrics.empty()) {
      nlohmann::ordered_json mj = nlohmann::ordered_json::object();
      for (const auto& [name, v] : metrics) {
        detail::require_utf8(nlohmann::json(name), "seedkit: manifest: a metric name");
        mj[name] = v;
      }
      j["metrics"] = mj;
    }
    return j.dump(2) + "\n";
  }

  // Parses and validates a manifest; `where` names it in error messages.
  // Throws seedkit::error naming the field, its value and what is accepted.
  static manifest from_json(std::string_view text, std::string_view where = "<text>") {
    const detail::json_document doc(text, "seedkit: manifest \"" + std::string(where) + "\"",
                                    "seedkit-manifest", format_version);
    manifest m;
    m.seedkit_version = doc.string_field("seedkit_version", "a version string such as \"1.0.0\"");
    const std::uint64_t sv = doc.unsigned_field("stream_version", "a positive integer");
    if (sv == 0 || sv > 1000)
      throw doc.bad("stream_version", doc.field("stream_version"), "a positive integer");
    m.stream_version = static_cast<int>(sv);
    m.master_seed = doc.unsigned_field("master_seed", "an integer from 0 to 18446744073709551615");
    const nlohmann::json& src = doc.field("seed_source");
    if (!src.is_string() || !from_string(src.get<std::string>(), m.source)) {
      throw doc.bad("seed_source", src,
                    "one of \"argument\", \"environment\", \"random_device\", \"replay\"");
    }
    for (const auto& [name, count] :
         doc.object_field("streams", "an object of stream name -> count").items()) {
      if (!count.is_number_unsigned()) {
        throw doc.fail(": the count of stream \"" + name + "\" is " + detail::json_excerpt(count) +
                       ": expected a non-negative integer");
      }
      m.streams.emplace_back(name, count.get<std::uint64_t>());
    }
    for (const nlohmann::json& e :
         doc.array_field("fingerprint", "an array of {name, value, affects}")) {
      if (!e.is_object() || !e.contains("name") || !e["name"].is_string() || !e.contains("value") ||
          !e["value"].is_string() || !e.contains("affects") || !e["affects"].is_string()) {
        throw doc.fail(": a fingerprint entry is " + detail::json_excerpt(e) +
                       ": expected {\"name\": string, \"value\": string, \"affects\": string}");
      }
      if (m.environment.find(e["name"].get_ref<const std::string&>()) != nullptr) {
        throw doc.fail(": the fingerprint entry " + detail::json_excerpt(e["name"]) +
                       " appears twice; accepted: each entry once");
      }
      unsigned affects = 0;
      try {
        affects = affects_from_names(e["affects"].get_ref<const std::string&>());
      } catch (const error& x) {
        throw doc.fail(": the fingerprint entry " + detail::json_excerpt(e["name"]) + ": " +
                       x.what());
      }
      m.environment.add(e["name"].get<std::string>(), e["value"].get<std::string>(), affects);
    }
    m.params = doc.object_field("params", "an object");
    // "complete" is optional (absent: true, as every manifest written before
    // it existed was written at the end of its run).
    if (doc.root().contains("complete")) {
      const nlohmann::json& c = doc.field("complete");
      if (!c.is_boolean()) throw doc.bad("complete", c, "true or false");
      m.complete = c.get<bool>();
    }
    // "replicate" and "metrics" are optional (absent: not a replicate, no
    // metrics).
    if (doc.root().contains("replicate")) {
      const nlohmann::json& r = doc.field("replicate");
      const char* expected =
          "{\"index\": a non-negative integer, \"vary\": \"all\" or stream subtrees, as an array}";
      if (!r.is_object() || r.size() != 2 || !r.contains("index") ||
          !r["index"].is_number_unsigned() || !r.contains("vary") || !r["vary"].is_array()) {
        throw doc.bad("replicate", r, expected);
      }
      replicate_choice c;
      c.index = r["index"].get<std::uint64_t>();
      c.vary.clear();
      for (const nlohmann::json& v : r["vary"]) {
        if (!v.is_string()) throw doc.bad("replicate", r, expected);
        c.vary.push_back(v.get<std::string>());
      }
      try {
        m.replicate = detail::checked_replicate(std::move(c), "the replicate's \"vary\"");
      } catch (const error& e) {
        throw doc.fail(std::string(": ") + e.what());
      }
    }
    if (doc.root().contains("metrics")) {
      for (const auto& [name, v] :
           doc.object_field("metrics", "an object of metric name -> finite number").items()) {
        if (!v.is_number()) {
          throw doc.fail(": the metric \"" + name + "\" is " + detail::json_excerpt(v) +
                         ": expected a finite number");
        }
        m.metrics[name] = v.get<double>();
      }
    }
    return m;
  }

  // Writes the manifest to `path` atomically (temporary file + rename): the
  // file is either the old one or the complete new one.
  void save(const std::string& path) const {
    detail::write_file_atomically(path, to_json(), "manifest");
  }

  // Writes the manifest marked incomplete ("complete": false), for the start
  // of a run: a run that dies leaves its seed, streams so far, environment
  // and parameters behind. Save again (save()) at the end to complete it.
  void save_started(const std::string& path) const {
    manifest started = *this;
    started.complete = false;
    started.save(path);
  }

  // Writes to the path in SEEDKIT_MANIFEST; throws seedkit::error if unset.
  // Returns the path written.
  std::string save() const {
    const char* path = std::getenv("SEEDKIT_MANIFEST");
    if (!path || !*path) {
      throw error("seedkit: manifest::save() without a path needs SEEDKIT_MANIFEST=path to be set");
    }
    save(path);
    return path;
  }

  // Reads and validates the manifest at `path` (see from_json).
  static manifest load(const std::string& path) {
    return from_json(detail::read_file(path, "manifest"), path);
  }

 private:
  static void check_finite(const nlohmann::json& v, const std::string& name) {
    if (v.is_number_float() && !std::isfinite(v.get<double>())) {
      throw error("seedkit: manifest parameter \"" + name +
                  "\" is not finite (NaN or infinity has no JSON form): record it as a string");
    }
    if (v.is_structured()) {
      for (const auto& x : v) check_finite(x, name);
    }
  }
};

namespace detail {

// The differences between two parameter values, leaf by leaf: objects are
// compared key by key and arrays of equal length element by element, so a
// changed "settings.num_threads" is reported as that one leaf ("param
// settings.num_threads", or "param layers[2]"); a value only on one side
// shows "" on the other. Values are JSON text (a string with its quotes).
inline void diff_params(const nlohmann::json& a, const nlohmann::json& b, const std::string& path,
                        std::vector<manifest_difference>& out) {
  const bool top = path == "param ";
  if (a.is_object() && b.is_object()) {
    for (const auto& [k, v] : a.items()) {
      const std::string sub = path + (top ? "" : ".") + k;
      const auto it = b.find(k);
      if (it == b.end()) {
        out.push_back({sub, json_excerpt(v), "", affects_other});
      } else {
        diff_params(v, *it, sub, out);
      }
    }
    for (const auto& [k, v] : b.items()) {
      if (!a.contains(k))
        out.push_back({path + (top ? "" : ".") + k, "", json_excerpt(v), affects_other});
    }
    return;
  }
  if (a.is_array() && b.is_array() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      diff_params(a[i], b[i], path + "[" + std::to_string(i) + "]", out);
    }
    return;
  }
  if (a != b) out.push_back({path, json_excerpt(a), json_excerpt(b), affects_other});
}

}  // namespace detail

// The differences between a recorded manifest and another (usually the
// current run): seed, versions, streams (missing, extra, or asked for a
// different number of times), fingerprint entries and parameters.
inline std::vector<manifest_difference> diff(const manifest& recorded, const manifest& current) {
  std::vector<manifest_difference> out;
  const unsigned seedkit_all = affects_streams | affects_float;
  if (recorded.master_seed != current.master_seed) {
    out.push_back({"master_seed", std::to_string(recorded.master_seed),
                   std::to_string(current.master_seed), seedkit_all});
  }
  if (recorded.seedkit_version != current.seedkit_version) {
    out.push_back(
        {"seedkit_version", recorded.seedkit_version, current.seedkit_version, seedkit_all});
  }
  if (recorded.stream_version != current.stream_version) {
    out.push_back({"stream_version", std::to_string(recorded.stream_version),
                   std::to_string(current.stream_version), affects_streams});
  }
  std::map<std::string, std::pair<std::string, std::string>> streams;
  for (const auto& [n, c] : recorded.streams) streams[n].first = std::to_string(c);
  for (const auto& [n, c] : current.streams) streams[n].second = std::to_string(c);
  for (const auto& [n, v] : streams) {
    if (v.first != v.second) out.push_back({"stream " + n, v.first, v.second, affects_streams});
  }
  for (const auto& d : diff(recorded.environment, current.environment)) {
    out.push_back({"fingerprint " + d.name, d.a, d.b, d.affects});
  }
  detail::diff_params(recorded.params, current.params, "param ", out);
  if (recorded.complete != current.complete) {
    out.push_back({"complete", recorded.complete ? "true" : "false",
                   current.complete ? "true" : "false", affects_other});
  }
  if (recorded.replicate != current.replicate) {
    out.push_back({"replicate",
                   detail::describe_replicate(recorded.replicate.has_value(),
                                              recorded.replicate.value_or(replicate_choice{})),
                   detail::describe_replicate(current.replicate.has_value(),
                                              current.replicate.value_or(replicate_choice{})),
                   affects_streams});
  }
  return out;
}

namespace detail {

inline replay_record replay_seed_from_manifest(const std::string& path) {
  const manifest m = manifest::load(path);
  if (m.stream_version != SEEDKIT_STREAM_VERSION) {
    throw error("seedkit: cannot replay \"" + path + "\": it was recorded with stream version " +
                std::to_string(m.stream_version) + " (seedkit " + m.seedkit_version +
                "), and this seedkit implements stream version " +
                std::to_string(SEEDKIT_STREAM_VERSION));
  }
  replay_record r;
  r.seed = m.master_seed;
  r.replicated = m.replicate.has_value();
  if (m.replicate) r.replicate = *m.replicate;
  return r;
}

// Including this header lets seedkit::init() honour SEEDKIT_REPLAY.
inline const bool manifest_replay_installed = (replay_reader() = &replay_seed_from_manifest, true);

}  // namespace detail

// The manifest named by SEEDKIT_REPLAY, read and validated, or
// std::nullopt when SEEDKIT_REPLAY is unset. The replaying run reads its
// recorded parameters back from it, typed:
//   if (const auto rec = seedkit::replayed()) epochs = rec->param<int>("epochs");
// Throws seedkit::error for an unreadable manifest.
inline std::optional<manifest> replayed() {
  const char* path = std::getenv("SEEDKIT_REPLAY");
  if (!path) return std::nullopt;
  return manifest::load(path);
}

// When the run was started with SEEDKIT_REPLAY=path: how `current` (the
// replaying run's manifest, with the parameters it set) differs from the
// recorded run: seed, versions, streams asked for, environment and every
// parameter leaf (a parameter the replaying run does not set, or sets to
// another value, is a difference). Empty when it matches. Throws
// seedkit::error when SEEDKIT_REPLAY is unset.
inline std::vector<manifest_difference> replay_differences(const manifest& current) {
  const std::optional<manifest> recorded = replayed();
  if (!recorded) throw error("seedkit::replay_differences(): SEEDKIT_REPLAY is not set");
  std::vector<manifest_difference> out;
  for (auto& d : diff(*recorded, current)) {
    // The replayed run differs from the recorded one in how it got its seed,
    // and a run recorded at its start is compared all the same.
    if (d.what == "fingerprint env.SEEDKIT_REPLAY" || d.what == "complete") continue;
    out.push_back(std::move(d));
  }
  return out;
}

// The same for the process state now (manifest::capture()): streams and
// environment only, since the process does not know the parameters; prefer
// replay_differences(current) with the run's own manifest.
inline std::vector<manifest_difference> replay_differences() {
  manifest now = manifest::capture();
  const std::optional<manifest> recorded = replayed();
  if (!recorded) throw error("seedkit::replay_differences(): SEEDKIT_REPLAY is not set");
  now.params = recorded->params;
  return replay_differences(now);
}

// Refuses a replay that differs: throws seedkit::error listing every
// difference of replay_differences(current) (up to 20) when there is one.
// Does nothing when SEEDKIT_REPLAY is unset.
inline void require_exact_replay(const manifest& current) {
  if (!std::getenv("SEEDKIT_REPLAY")) return;
  const auto diffs = replay_differences(current);
  if (diffs.empty()) return;
  std::string msg = "seedkit: the replay differs from the recorded run SEEDKIT_REPLAY=\"" +
                    std::string(std::getenv("SEEDKIT_REPLAY")) + "\" in " +
                    std::to_string(diffs.size()) + " place(s):";
  for (std::size_t i = 0; i < diffs.size() && i < 20; ++i) {
    const auto& d = diffs[i];
    msg += "\n  " + d.what + ": recorded " + (d.recorded.empty() ? "(absent)" : d.recorded) +
           ", now " + (d.current.empty() ? "(absent)" : d.current);
  }
  if (diffs.size() > 20) msg += "\n  ...";
  throw error(msg);
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_RECORD_MANIFEST_HPP

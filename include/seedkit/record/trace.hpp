// seedkit/record/trace.hpp: where did two runs part?
//
// A trace is a list of named checkpoints, each holding a 64-bit hash of the
// exact bits of a value or a span ("epoch 3/loss", "step 100/weights").
// Saved next to a run and compared with another run's, it names the first
// checkpoint that differs. With a reference (SEEDKIT_TRACE_REFERENCE=path or
// set_reference) each record() is checked as it happens, optionally throwing
// at the first divergence. check_repeatable(fn, runs) runs a computation
// several times and reports the checkpoints that did not repeat.
//
// Part of the seedkit::record CMake target (nlohmann_json); host-only.
#ifndef SEEDKIT_RECORD_TRACE_HPP
#define SEEDKIT_RECORD_TRACE_HPP

#include <cstddef>      // size_t
#include <cstdint>      // uint64_t
#include <cstdlib>      // getenv, size_t
#include <memory>       // shared_ptr, make_shared
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <type_traits>  // is_trivially_copyable
#include <utility>      // move
#include <vector>       // vector

#include <nlohmann/json.hpp>

#include "seedkit/config.hpp"
#include "seedkit/detail/atomic_file.hpp"
#include "seedkit/detail/encoding.hpp"
#include "seedkit/error.hpp"
#include "seedkit/record/detail/json.hpp"
#include "seedkit/splitmix64.hpp"

SEEDKIT_BEGIN_NAMESPACE

// The 64-bit hash of n bytes: h = mix(0x9e3779b97f4a7c15 ^ n), then for each
// 8-byte chunk c (bytes in memory order, the last one zero-padded, read as a
// little-endian number) h = mix(h ^ c), then h = mix(h); mix is the
// SplitMix64 finalizer. It hashes object representations: +0.0 and -0.0, or
// two NaN payloads, are different bits and hash differently. Not
// cryptographic. Stability: stream (spec: docs/record-replay.md).
inline std::uint64_t bitwise_hash(const void* data, std::size_t n) noexcept {
  const auto* p = static_cast<const unsigned char*>(data);
  std::uint64_t h = splitmix64_mix(0x9e3779b97f4a7c15u ^ static_cast<std::uint64_t>(n));
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t c = 0;
    for (std::size_t b = 0; b < 8 && i + b < n; ++b) c |= std::uint64_t{p[i + b]} << (8 * b);
    h = splitmix64_mix(h ^ c);
  }
  return splitmix64_mix(h);
}

// One recorded checkpoint.
struct checkpoint {
  std::string name;
  std::uint64_t hash = 0;
  std::uint64_t bytes = 0;
};

// Where a run first left its reference; diverged == false when it did not.
struct trace_divergence {
  bool diverged = false;
  std::size_t index = 0;      // the checkpoint's position
  std::string name;           // the run's checkpoint name ("" if the run ended first)
  std::string expected_name;  // the reference's name ("" if the reference ended first)
  std::uint64_t expected = 0;
  std::uint64_t actual = 0;
  std::string message;  // one sentence for a person
};

namespace detail {
inline trace_divergence compare_checkpoints(const std::vector<checkpoint>& a,
                                            const std::vector<checkpoint>& b);
}  // namespace detail

// A list of checkpoints, optionally checked against a reference as it grows.
// Stability: format: versioned; every version of this major version stays readable.
class trace {
 public:
  static constexpr int format_version = 1;

  trace() = default;

  // A trace checked against SEEDKIT_TRACE_REFERENCE when that is set.
  static trace from_environment(bool fail_fast = false) {
    trace t;
    if (const char* path = std::getenv("SEEDKIT_TRACE_REFERENCE")) {
      if (*path) t.set_reference(load(path), fail_fast);
    }
    return t;
  }

  // Compares every later record() with `reference`; with fail_fast, the
  // first divergence throws seedkit::error naming the checkpoint.
  void set_reference(trace reference, bool fail_fast = false) {
    reference_ = std::make_shared<const std::vector<checkpoint>>(std::move(reference.checkpoints_));
    has_reference_ = true;
    fail_fast_ = fail_fast;
  }

  // Records the bits of a trivially copyable value.
  template <class T>
  void record(std::string_view name, const T& value) {
    static_assert(std::is_trivially_copyable<T>::value, "record() hashes object bits");
    add(name, bitwise_hash(&value, sizeof(T)), sizeof(T));
  }
  // Records the bits of n values.
  template <class T>
  void record(std::string_view name, const T* data, std::size_t n) {
    static_assert(std::is_trivially_copyable<T>::value, "record() hashes object bits");
    add(name, bitwise_hash(data, n * sizeof(T)), n * sizeof(T));
  }
  template <class T>
  void record(std::string_view name, const std::vector<T>& v) {
    record(name, v.data(), v.size());
  }

  const std::vector<checkpoint>& checkpoints() const noexcept { return checkpoints_; }

  // The first divergence from the reference so far (diverged == false when
  // none, or when there is no reference).
  trace_divergence divergence() const {
    if (!has_reference_) return {};
    trace_divergence d = detail::compare_checkpoints(*reference_, checkpoints_);
    // A run still in progress that is a prefix of the reference has not diverged.
    if (d.diverged && d.name.empty() && d.index == checkpoints_.size()) return {};
    return d;
  }

  // Throws seedkit::error for a checkpoint name that is not UTF-8.
  std::string to_json() const {
    for (const auto& c : checkpoints_) {
      detail::require_utf8(nlohmann::json(c.name), "seedkit: trace: a checkpoint name");
    }
    nlohmann::ordered_json j;
    j["format"] = "seedkit-trace";
    j["format_version"] = format_version;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& c : checkpoints_) {
      list.push_back({{"name", c.name}, {"hash", detail::to_hex(c.hash)}, {"bytes", c.bytes}});
    }
    j["checkpoints"] = list;
    return j.dump(1) + "\n";
  }

  // Parses and validates a trace; `where` names it in error messages.
  static trace from_json(std::string_view text, std::string_view where = "<text>") {
    const detail::json_document doc(text, "seedkit: trace \"" + std::string(where) + "\"",
                                    "seedkit-trace", format_version);
    trace t;
    for (const auto& c : doc.array_field("checkpoints", "an array of checkpoints")) {
      if (!c.is_object() || !c.contains("name") || !c["name"].is_string() || !c.contains("hash") ||
          !c["hash"].is_string() || !c.contains("bytes") || !c["bytes"].is_number_unsigned()) {
        throw doc.fail(
            ": a checkpoint is " + detail::json_excerpt(c) +
            ": expected {\"name\": string, \"hash\": 16 hex digits, \"bytes\": integer}");
      }
      const std::string h = c["hash"].get<std::string>();
      std::uint64_t hash = 0;
      if (h.size() != 16 || !detail::parse_hex(h, &hash)) {
        throw doc.fail(": checkpoint \"" + c["name"].get<std::string>() + "\" has hash " +
                       detail::json_excerpt(c["hash"]) +
                       ": expected 16 lowercase hexadecimal digits");
      }
      t.checkpoints_.push_back(
          {c["name"].get<std::string>(), hash, c["bytes"].get<std::uint64_t>()});
    }
    return t;
  }

  void save(const std::string& path) const {
    detail::write_file_atomically(path, to_json(), "trace");
  }
  static trace load(const std::string& path) {
    return from_json(detail::read_file(path, "trace"), path);
  }

 private:
  void add(std::string_view name, std::uint64_t hash, std::uint64_t bytes) {
    checkpoints_.push_back({std::string(name), hash, bytes});
    if (has_reference_ && fail_fast_) {
      const trace_divergence d = divergence();
      if (d.diverged) throw error("seedkit::trace: " + d.message);
    }
  }

  std::vector<checkpoint> checkpoints_;
  std::shared_ptr<const std::vector<checkpoint>> reference_;
  bool has_reference_ = false;
  bool fail_fast_ = false;
};

namespace detail {
inline trace_divergence compare_checkpoints(const std::vector<checkpoint>& a,
                                            const std::vector<checkpoint>& b) {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].name != b[i].name || a[i].hash != b[i].hash || a[i].bytes != b[i].bytes) {
      trace_divergence d{true, i, b[i].name, a[i].name, a[i].hash, b[i].hash, ""};
      d.message = a[i].name != b[i].name
                      ? "checkpoint " + std::to_string(i) + " is \"" + b[i].name +
                            "\" where the reference has \"" + a[i].name + "\""
                      : "checkpoint " + std::to_string(i) + " \"" + b[i].name +
                            "\" differs from the reference (the bits changed)";
      return d;
    }
  }
  if (a.size() == b.size()) return {};
  trace_divergence d;
  d.diverged = true;
  d.index = n;
  if (a.size() > n) {
    d.expected_name = a[n].name;
    d.expected = a[n].hash;
    d.message = "the run ended after " + std::to_string(n) +
                " checkpoints; the reference goes on with \"" + a[n].name + "\"";
  } else {
    d.name = b[n].name;
    d.actual = b[n].hash;
    d.message = "the run has an extra checkpoint \"" + b[n].name + "\" at " + std::to_string(n) +
                " where the reference ended";
  }
  return d;
}
}  // namespace detail

// The first checkpoint at which `run` differs from `reference` in name or
// bits, or where one of them ends before the other.
inline trace_divergence compare(const trace& reference, const trace& run) {
  return detail::compare_checkpoints(reference.checkpoints(), run.checkpoints());
}

// The outcome of check_repeatable.
struct repeatability_report {
  int runs = 0;
  std::vector<trace_divergence> mismatches;  // one per run that differed from the first
  bool repeatable() const noexcept { return mismatches.empty(); }
};

// Runs fn(trace&) `runs` times (fn should re-derive its streams from the
// same seed each time) and compares every run's checkpoints with the first's.
template <class Fn>
repeatability_report check_repeatable(Fn&& fn, int runs = 2) {
  repeatability_report r;
  r.runs = runs;
  trace first;
  for (int i = 0; i < runs; ++i) {
    trace t;
    fn(t);
    if (i == 0) {
      first = std::move(t);
    } else {
      trace_divergence d = compare(first, t);
      if (d.diverged) {
        d.message = "run " + std::to_string(i + 1) + ": " + d.message;
        r.mismatches.push_back(std::move(d));
      }
    }
  }
  return r;
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_RECORD_TRACE_HPP

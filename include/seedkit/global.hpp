// seedkit/global.hpp: the process-wide master seed, the one family of calls
// that read it, and the registry of derived names.
//
// A program calls seedkit::init(seed) (or seedkit::init(), which reads
// SEEDKIT_SEED) once at startup. Every call that depends on that master seed
// ends in `_for` (or is master_key()), so a reader sees at a glance which
// lines depend on init():
//   seedkit::key_for("name")            the key of a name
//   seedkit::seed_for("name")           a 64-bit seed for another library
//   seedkit::stream_for("name")         a seedkit::stream
//   seedkit::engine_for<E>("name")      a standard engine seeded through seed_seq
// Everything else in the core (keys, streams, distributions, data
// utilities, reductions) depends only on its arguments and never reads
// process state. Every name derived through these entry points is counted in
// a registry that the manifest records.
//
// Policies (chosen for reproducibility; each is an error, never a guess):
// - asking for a stream, key or seed before init() throws seedkit::error;
// - init() with a different seed than the one in force throws (the same
//   seed again is accepted and changes nothing); reset() starts over;
// - a malformed SEEDKIT_SEED throws; it never falls back to a random seed;
// - SEEDKIT_REPLICATE=r (and SEEDKIT_VARY=subtrees) make any init() or
//   init(seed) a replicate (init(seed, replicate) in code): the streams of
//   the varied subtrees are re-keyed by r, the others keep their numbers.
// All functions are thread-safe. Host-only.
#ifndef SEEDKIT_GLOBAL_HPP
#define SEEDKIT_GLOBAL_HPP

#include <algorithm>         // sort, unique
#include <atomic>            // atomic
#include <cstdint>           // uint64_t
#include <cstdlib>           // getenv
#include <initializer_list>  // the seed sources in from_string
#include <map>               // map
#include <mutex>             // mutex, lock_guard, unique_lock
#include <optional>          // optional
#include <random>            // random_device, mt19937
#include <string>            // string, to_string
#include <string_view>       // string_view
#include <utility>           // pair
#include <vector>            // vector

#include "seedkit/config.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/error.hpp"
#include "seedkit/seed_seq.hpp"
#include "seedkit/stream.hpp"

SEEDKIT_BEGIN_NAMESPACE

// Where the master seed came from.
enum class seed_source {
  argument,       // init(seed)
  environment,    // init() with SEEDKIT_SEED set
  random_device,  // init() without SEEDKIT_SEED: drawn from std::random_device
  replay,         // init() with SEEDKIT_REPLAY: the seed of a recorded manifest
};

// The name of a seed_source: "argument", "environment", "random_device" or
// "replay".
// Stability: api: the interface is stable within a major version.
inline const char* to_string(seed_source s) noexcept {
  switch (s) {
    case seed_source::argument:
      return "argument";
    case seed_source::environment:
      return "environment";
    case seed_source::random_device:
      return "random_device";
    case seed_source::replay:
      return "replay";
  }
  return "unknown";
}

// The seed_source whose to_string is `name`, into `out`: to_string's
// inverse, for readers of recorded runs. False (and `out` unchanged) for any
// other text.
inline bool from_string(std::string_view name, seed_source& out) noexcept {
  for (const seed_source s : {seed_source::argument, seed_source::environment,
                              seed_source::random_device, seed_source::replay}) {
    if (name == to_string(s)) {
      out = s;
      return true;
    }
  }
  return false;
}

// What init() chose, for logging: the seed and where it came from.
struct seed_choice {
  std::uint64_t seed = 0;
  seed_source source = seed_source::argument;
};

// A replicate of a run: the same program and master seed, with the streams
// under the `vary` subtrees re-keyed by the replicate index (the others keep
// the base run's numbers). vary == {"all"} re-keys everything.
struct replicate_choice {
  std::uint64_t index = 0;
  std::vector<std::string> vary{"all"};  // subtree paths ("model/init"), or {"all"}

  friend bool operator==(const replicate_choice& a, const replicate_choice& b) {
    return a.index == b.index && a.vary == b.vary;
  }
  friend bool operator!=(const replicate_choice& a, const replicate_choice& b) { return !(a == b); }
};

// The root key of replicate r of the master key m: m / "seedkit" /
// "replicate" / r (docs/derivation.md, "Replicates"). Replicates are keyed,
// never seed + r: replicate r + 1 shares no stream with replicate r, nor
// with the run of master seed + 1.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/derivation.md).
inline key replicate_key(const key& master, std::uint64_t r) {
  return master / "seedkit" / "replicate" / r;
}

// Parses a seed written as a decimal integer (0 to 18446744073709551615) or
// as 0x/0X followed by hexadecimal digits, with nothing else around it (no
// sign, no spaces, no exponent). `what` names the input in the error
// message, e.g. "SEEDKIT_SEED".
// Throws seedkit::error naming `what`, the text, and the accepted forms.
// Example: parse_seed("0x3021", "--seed") == 12321.
inline std::uint64_t parse_seed(std::string_view text, std::string_view what) {
  const auto fail = [&](const char* why) -> std::uint64_t {
    throw error(std::string(what) + "=\"" + std::string(text) + "\" " + why +
                ": a seed is a decimal integer from 0 to 18446744073709551615 or 0x followed by "
                "1 to 16 hexadecimal digits (for example 12321 or 0x3021), with no sign, spaces "
                "or exponent");
  };
  if (text.empty()) return fail("is empty");
  std::uint64_t value = 0;
  const bool hex = text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const std::string_view digits = hex ? text.substr(2) : text;
  if (digits.empty()) return fail("has no digits");
  const std::uint64_t base = hex ? 16 : 10;
  if (hex && digits.size() > 16) return fail("has more than 16 hexadecimal digits");
  for (const char c : digits) {
    std::uint64_t d = 0;
    if (c >= '0' && c <= '9') {
      d = static_cast<std::uint64_t>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = static_cast<std::uint64_t>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      d = static_cast<std::uint64_t>(c - 'A' + 10);
    } else {
      return fail("is not a seed");
    }
    if (value > (~std::uint64_t{0} - d) / base) return fail("is out of range");
    value = value * base + d;
  }
  return value;
}

namespace detail {

struct global_state {
  std::mutex mutex;
  std::atomic<bool> initialized{false};
  seed_choice choice;                                          // written before `initialized`
  bool replicated = false;                                     // written before `initialized`
  replicate_choice replicate;                                  // idem
  std::map<std::string, std::uint64_t, std::less<>> registry;  // guarded by mutex
};

// Checks a replicate's subtrees: "all" alone, or paths without empty
// components ("model/init", not "", "/x", "x/" or "x//y"); sorted, unique.
inline replicate_choice checked_replicate(replicate_choice r, const std::string& what) {
  const auto fail = [&](const std::string& why) {
    throw error(what + ": " + why +
                "; accepted: \"all\" or a comma-separated list of stream subtrees such as "
                "\"model/init,data/shuffle\" (no empty names, no leading, trailing or double "
                "slash)");
  };
  if (r.vary.empty()) fail("no subtree to vary");
  for (const std::string& v : r.vary) {
    if (v == "all") {
      if (r.vary.size() != 1) fail("\"all\" together with other subtrees");
      continue;
    }
    if (v.empty() || v.front() == '/' || v.back() == '/' || v.find("//") != std::string::npos) {
      fail("the subtree \"" + v + "\" is not a stream path");
    }
  }
  std::sort(r.vary.begin(), r.vary.end());
  r.vary.erase(std::unique(r.vary.begin(), r.vary.end()), r.vary.end());
  return r;
}

// SEEDKIT_REPLICATE (a decimal index) and SEEDKIT_VARY (subtrees, default
// "all"), or nothing when SEEDKIT_REPLICATE is unset.
inline bool replicate_from_environment(replicate_choice& out) {
  const char* r = std::getenv("SEEDKIT_REPLICATE");
  const char* v = std::getenv("SEEDKIT_VARY");
  if (!r) {
    if (v) {
      throw error(std::string("SEEDKIT_VARY=\"") + v +
                  "\" is set without SEEDKIT_REPLICATE: set SEEDKIT_REPLICATE to the replicate "
                  "index (0, 1, 2, ...) or unset SEEDKIT_VARY");
    }
    return false;
  }
  const std::string_view text(r);
  if (text.empty() || text.size() > 20 ||
      text.find_first_not_of("0123456789") != std::string_view::npos) {
    throw error(std::string("SEEDKIT_REPLICATE=\"") + r +
                "\" is not a replicate index: a decimal integer from 0 to "
                "18446744073709551615");
  }
  replicate_choice c;
  c.index = parse_seed(text, "SEEDKIT_REPLICATE");
  if (v) {
    c.vary.clear();
    std::string_view rest(v);
    while (true) {
      const std::size_t comma = rest.find(',');
      c.vary.emplace_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  out = checked_replicate(std::move(c), std::string("SEEDKIT_VARY=\"") + (v ? v : "all") + "\"");
  return true;
}

// True when `path` is `subtree` or below it.
inline bool in_subtree(std::string_view path, std::string_view subtree) noexcept {
  return path.size() >= subtree.size() && path.substr(0, subtree.size()) == subtree &&
         (path.size() == subtree.size() || path[subtree.size()] == '/');
}

inline global_state& global() {
  static global_state state;
  return state;
}

// What a replay installs: the recorded master seed and replicate.
struct replay_record {
  std::uint64_t seed = 0;
  bool replicated = false;
  replicate_choice replicate;
};

// Reads the master seed and replicate recorded in a manifest file; installed
// by seedkit/record/manifest.hpp (the seedkit::record add-on), null without it.
using replay_reader_fn = replay_record (*)(const std::string& path);
inline replay_reader_fn& replay_reader() {
  static replay_reader_fn reader = nullptr;
  return reader;
}

inline std::string describe_replicate(bool replicated, const replicate_choice& r) {
  if (!replicated) return "no replicate";
  std::string vary;
  for (const std::string& v : r.vary) vary += (vary.empty() ? "" : ",") + v;
  return "replicate " + std::to_string(r.index) + " varying " + vary;
}

// Installs the seed and the replicate: `replicate` when given (an explicit
// one must agree with SEEDKIT_REPLICATE / SEEDKIT_VARY when those are set),
// otherwise the environment's.
inline seed_choice install_seed(seed_choice choice, const replicate_choice* replicate = nullptr) {
  replicate_choice env;
  const bool from_env = replicate_from_environment(env);
  if (replicate && from_env && env != checked_replicate(*replicate, "seedkit::init")) {
    throw error("seedkit::init: the program asks for " + describe_replicate(true, *replicate) +
                ", but SEEDKIT_REPLICATE / SEEDKIT_VARY ask for " + describe_replicate(true, env) +
                ": unset them, or drop the explicit replicate");
  }
  const bool replicated = replicate != nullptr || from_env;
  const replicate_choice r =
      replicate ? checked_replicate(*replicate, "seedkit::init") : std::move(env);
  global_state& g = global();
  std::lock_guard<std::mutex> lock(g.mutex);
  if (g.initialized.load(std::memory_order_relaxed)) {
    if (g.choice.seed != choice.seed) {
      throw error("seedkit::init: the master seed is already " + std::to_string(g.choice.seed) +
                  " (from " + to_string(g.choice.source) + "); refusing to change it to " +
                  std::to_string(choice.seed) + " (from " + to_string(choice.source) +
                  "). Call seedkit::reset() first to start over deliberately.");
    }
    // A call that asks for no replicate accepts the one in force.
    if (replicated && (!g.replicated || g.replicate != r)) {
      throw error("seedkit::init: the run is already " +
                  describe_replicate(g.replicated, g.replicate) + "; refusing to change it to " +
                  describe_replicate(replicated, r) +
                  ". Call seedkit::reset() first to start over deliberately.");
    }
    return g.choice;
  }
  g.choice = choice;
  g.replicated = replicated;
  g.replicate = replicated ? r : replicate_choice{};
  g.initialized.store(true, std::memory_order_release);
  return choice;
}

// The replay's record, checked against SEEDKIT_REPLICATE / SEEDKIT_VARY.
inline seed_choice install_replay(const replay_record& rec, const char* path) {
  replicate_choice env;
  if (replicate_from_environment(env) && (!rec.replicated || env != rec.replicate)) {
    throw error(std::string("SEEDKIT_REPLICATE / SEEDKIT_VARY ask for ") +
                describe_replicate(true, env) + ", but SEEDKIT_REPLAY=\"" + path +
                "\" replays a run with " + describe_replicate(rec.replicated, rec.replicate) +
                ": unset SEEDKIT_REPLICATE and SEEDKIT_VARY to replay");
  }
  // The environment agrees or is unset: install the recorded replicate.
  global_state& g = global();
  {
    std::lock_guard<std::mutex> lock(g.mutex);
    if (!g.initialized.load(std::memory_order_relaxed)) {
      g.choice = {rec.seed, seed_source::replay};
      g.replicated = rec.replicated;
      g.replicate = rec.replicated ? rec.replicate : replicate_choice{};
      g.initialized.store(true, std::memory_order_release);
      return g.choice;
    }
  }
  return install_seed({rec.seed, seed_source::replay}, rec.replicated ? &rec.replicate : nullptr);
}

}  // namespace detail

// Sets the master seed. Calling it again with the same seed is harmless;
// with another seed it throws seedkit::error (see reset()).
// Under SEEDKIT_REPLAY=path (a replay of a recorded run) the seed must be the
// recorded one: a program that passes its own seed (a --seed flag) would
// otherwise run another seed while claiming to replay, so a different seed
// throws seedkit::error, as SEEDKIT_SEED does in init().
// Example: seedkit::init(12321);
inline seed_choice init(std::uint64_t seed) {
  if (const char* replay = std::getenv("SEEDKIT_REPLAY")) {
    const detail::replay_reader_fn reader = detail::replay_reader();
    if (!reader) {
      throw error(std::string("SEEDKIT_REPLAY=\"") + replay +
                  "\" is set, but this program was built without seedkit's manifest add-on: "
                  "include <seedkit/record/manifest.hpp> and link seedkit::record to replay a run");
    }
    const detail::replay_record recorded = reader(replay);
    if (recorded.seed != seed) {
      throw error("seedkit::init(" + std::to_string(seed) + "): the program asks for seed " +
                  std::to_string(seed) + ", but SEEDKIT_REPLAY=\"" + replay +
                  "\" replays a run recorded with seed " + std::to_string(recorded.seed) +
                  ": drop the explicit seed (e.g. --seed) to replay, or unset SEEDKIT_REPLAY");
    }
    return detail::install_replay(recorded, replay);
  }
  return detail::install_seed({seed, seed_source::argument});
}

// Sets the master seed and makes this run replicate `replicate.index`: the
// streams under the `replicate.vary` subtrees (a path and everything below
// it; {"all"}: every stream, and master_key() itself) are derived from
// replicate_key(key(seed), index) instead of key(seed); the others keep the
// base run's numbers. The same as init(seed) with SEEDKIT_REPLICATE=index
// and SEEDKIT_VARY=subtrees (init() and init(seed) read those; when they
// are set, they must agree with `replicate`). Throws seedkit::error for a
// malformed subtree or a disagreement.
// Example: seedkit::init(12321, {3, {"model/init"}});  // init varies, data order does not
inline seed_choice init(std::uint64_t seed, const replicate_choice& replicate) {
  if (std::getenv("SEEDKIT_REPLAY")) {
    throw error("seedkit::init(" + std::to_string(seed) + ", replicate " +
                std::to_string(replicate.index) +
                "): SEEDKIT_REPLAY is set; a replay installs the recorded replicate itself: call "
                "seedkit::init() to replay, or unset SEEDKIT_REPLAY");
  }
  return detail::install_seed({seed, seed_source::argument}, &replicate);
}

// Sets the master seed, in this order of precedence:
// - SEEDKIT_REPLAY=path: the seed recorded in that manifest (needs the
//   seedkit::record add-on: include <seedkit/record/manifest.hpp>; without it,
//   an error rather than a silently different run). If SEEDKIT_SEED is set
//   too, it must agree;
// - SEEDKIT_SEED (a malformed value throws seedkit::error);
// - otherwise std::random_device (64 bits), unless a seed is already in
//   force, which is then returned unchanged.
inline seed_choice init() {
  const char* env = std::getenv("SEEDKIT_SEED");
  if (const char* replay = std::getenv("SEEDKIT_REPLAY")) {
    const detail::replay_reader_fn reader = detail::replay_reader();
    if (!reader) {
      throw error(std::string("SEEDKIT_REPLAY=\"") + replay +
                  "\" is set, but this program was built without seedkit's manifest add-on: "
                  "include <seedkit/record/manifest.hpp> and link seedkit::record to replay a run");
    }
    const detail::replay_record recorded = reader(replay);
    if (env && parse_seed(env, "SEEDKIT_SEED") != recorded.seed) {
      throw error(std::string("SEEDKIT_SEED=\"") + env + "\" disagrees with the seed " +
                  std::to_string(recorded.seed) + " recorded in SEEDKIT_REPLAY=\"" + replay +
                  "\": unset one of them");
    }
    return detail::install_replay(recorded, replay);
  }
  if (env) {
    return detail::install_seed({parse_seed(env, "SEEDKIT_SEED"), seed_source::environment});
  }
  {
    detail::global_state& g = detail::global();
    std::unique_lock<std::mutex> lock(g.mutex);
    if (g.initialized.load(std::memory_order_relaxed)) {
      const seed_choice c = g.choice;
      lock.unlock();
      return detail::install_seed(c);  // checks SEEDKIT_REPLICATE, when set, against it
    }
  }
  std::random_device rd;
  const std::uint64_t seed = (std::uint64_t{rd()} << 32) ^ std::uint64_t{rd()};
  return detail::install_seed({seed, seed_source::random_device});
}

// True once init() has chosen a master seed.
inline bool initialized() noexcept {
  return detail::global().initialized.load(std::memory_order_acquire);
}

// The seed in force and its source. Throws seedkit::error before init().
inline seed_choice current_seed() {
  detail::global_state& g = detail::global();
  if (!g.initialized.load(std::memory_order_acquire)) {
    throw error(
        "seedkit: no master seed yet: call seedkit::init(seed) or seedkit::init() "
        "(which reads SEEDKIT_SEED) before deriving streams");
  }
  return g.choice;
}

// The replicate this run is (init(seed, replicate) or SEEDKIT_REPLICATE),
// or std::nullopt for a run that is not a replicate. Throws seedkit::error
// before init().
// Stability: api: the interface is stable within a major version.
inline std::optional<replicate_choice> current_replicate() {
  (void)current_seed();  // throws before init()
  const detail::global_state& g = detail::global();
  if (!g.replicated) return std::nullopt;
  return g.replicate;
}

// The root key of the master seed: key(current_seed().seed), or in a
// replicate that varies "all", replicate_key(key(seed), index). Throws
// seedkit::error before init().
inline key master_key() {
  const seed_choice c = current_seed();
  const detail::global_state& g = detail::global();
  if (g.replicated && g.replicate.vary.front() == "all") {
    return replicate_key(key(c.seed), g.replicate.index);
  }
  return key(c.seed);
}

// The key at `path` under the master seed, counted in the registry. In a
// replicate, a path in a varied subtree is derived from the replicate's
// root key instead (docs/derivation.md, "Replicates").
// Throws seedkit::error before init().
inline key key_for(std::string_view path) {
  const seed_choice c = current_seed();
  const detail::global_state& g0 = detail::global();
  key root(c.seed);
  if (g0.replicated) {
    for (const std::string& v : g0.replicate.vary) {
      if (v == "all" || detail::in_subtree(path, v)) {
        root = replicate_key(root, g0.replicate.index);
        break;
      }
    }
  }
  {
    detail::global_state& g = detail::global();
    std::lock_guard<std::mutex> lock(g.mutex);
    auto it = g.registry.find(path);
    if (it == g.registry.end()) it = g.registry.emplace(std::string(path), 0).first;
    ++it->second;
  }
  return root.derive(path);
}

// A 64-bit seed for another library (torch::manual_seed, a numpy
// SeedSequence, ...) derived from `path`: key_for(path).seed(). Use a name
// of its own (e.g. "torch") rather than one a seedkit stream also uses.
inline std::uint64_t seed_for(std::string_view path) { return key_for(path).seed(); }

// The stream named `path` under the master seed: stream(key_for(path)).
// Example: seedkit::init(12321); auto rng = seedkit::stream_for("data/shuffle");
inline stream stream_for(std::string_view path) { return stream(key_for(path)); }

// An engine of type Engine (std::mt19937, std::mt19937_64, ...) whose whole
// state is seeded from the key of `path`: make_engine<Engine>(key_for(path)).
// Example: auto g = seedkit::engine_for<std::mt19937>("model/init");
template <class Engine>
Engine engine_for(std::string_view path) {
  return make_engine<Engine>(key_for(path));
}

// Every path derived through the _for family since init
// or reset, with how many times each was asked for, sorted by path.
inline std::vector<std::pair<std::string, std::uint64_t>> derived_names() {
  detail::global_state& g = detail::global();
  std::lock_guard<std::mutex> lock(g.mutex);
  return {g.registry.begin(), g.registry.end()};
}

// Forgets the master seed and the registry, for tests and for programs that
// run several experiments in one process. Not to be called while other
// threads derive streams.
inline void reset() {
  detail::global_state& g = detail::global();
  std::lock_guard<std::mutex> lock(g.mutex);
  g.registry.clear();
  g.choice = {};
  g.replicated = false;
  g.replicate = {};
  g.initialized.store(false, std::memory_order_release);
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_GLOBAL_HPP

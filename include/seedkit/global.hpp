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
// - a malformed SEEDKIT_SEED throws; it never falls back to a random seed.
// All functions are thread-safe. Host-only.
#ifndef SEEDKIT_GLOBAL_HPP
#define SEEDKIT_GLOBAL_HPP

#include <atomic>            // atomic
#include <cstdint>           // uint64_t
#include <cstdlib>           // getenv
#include <initializer_list>  // the seed sources in from_string
#include <map>               // map
#include <mutex>             // mutex, lock_guard
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
  std::map<std::string, std::uint64_t, std::less<>> registry;  // guarded by mutex
};

inline global_state& global() {
  static global_state state;
  return state;
}

// Reads the master seed recorded in a manifest file; installed by
// seedkit/record/manifest.hpp (the seedkit::record add-on), null without it.
using replay_reader_fn = std::uint64_t (*)(const std::string& path);
inline replay_reader_fn& replay_reader() {
  static replay_reader_fn reader = nullptr;
  return reader;
}

inline seed_choice install_seed(seed_choice choice) {
  global_state& g = global();
  std::lock_guard<std::mutex> lock(g.mutex);
  if (g.initialized.load(std::memory_order_relaxed)) {
    if (g.choice.seed != choice.seed) {
      throw error("seedkit::init: the master seed is already " + std::to_string(g.choice.seed) +
                  " (from " + to_string(g.choice.source) + "); refusing to change it to " +
                  std::to_string(choice.seed) + " (from " + to_string(choice.source) +
                  "). Call seedkit::reset() first to start over deliberately.");
    }
    return g.choice;
  }
  g.choice = choice;
  g.initialized.store(true, std::memory_order_release);
  return choice;
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
    const std::uint64_t recorded = reader(replay);
    if (recorded != seed) {
      throw error("seedkit::init(" + std::to_string(seed) + "): the program asks for seed " +
                  std::to_string(seed) + ", but SEEDKIT_REPLAY=\"" + replay +
                  "\" replays a run recorded with seed " + std::to_string(recorded) +
                  ": drop the explicit seed (e.g. --seed) to replay, or unset SEEDKIT_REPLAY");
    }
    return detail::install_seed({seed, seed_source::replay});
  }
  return detail::install_seed({seed, seed_source::argument});
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
    const std::uint64_t seed = reader(replay);
    if (env && parse_seed(env, "SEEDKIT_SEED") != seed) {
      throw error(std::string("SEEDKIT_SEED=\"") + env + "\" disagrees with the seed " +
                  std::to_string(seed) + " recorded in SEEDKIT_REPLAY=\"" + replay +
                  "\": unset one of them");
    }
    return detail::install_seed({seed, seed_source::replay});
  }
  if (env) {
    return detail::install_seed({parse_seed(env, "SEEDKIT_SEED"), seed_source::environment});
  }
  {
    detail::global_state& g = detail::global();
    std::lock_guard<std::mutex> lock(g.mutex);
    if (g.initialized.load(std::memory_order_relaxed)) return g.choice;
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

// The root key of the master seed: key(current_seed().seed). Throws
// seedkit::error before init().
inline key master_key() { return key(current_seed().seed); }

// The key at `path` under the master seed, counted in the registry.
// Throws seedkit::error before init().
inline key key_for(std::string_view path) {
  const key root = master_key();
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
  g.initialized.store(false, std::memory_order_release);
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_GLOBAL_HPP

// seedkit/mpi/consensus.hpp: one master seed across the ranks of an MPI
// communicator (part of the seedkit::mpi add-on). Seeding each rank with
// `seed + rank` makes seed 42 on rank 1 equal seed 43 on rank 0, and nothing
// notices when ranks run different builds or were started with different
// seeds. Here rank 0 chooses the master seed, every rank gathers every
// rank's record (seed argument, SEEDKIT_SEED, a master seed already in
// force, and the fingerprint entries that change seedkit's bits, compared
// with the record add-on's diff), and every rank reaches the same verdict:
// all install rank 0's seed, or all throw the same seedkit::error naming
// each rank and entry that differs. Specification: docs/mpi.md.
#ifndef SEEDKIT_MPI_CONSENSUS_HPP
#define SEEDKIT_MPI_CONSENSUS_HPP

#include <mpi.h>

#include <climits>      // INT_MAX
#include <cstddef>      // size_t
#include <cstdint>      // uint64_t
#include <cstdlib>      // getenv
#include <cstring>      // strlen
#include <exception>    // exception
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

#include "seedkit/config.hpp"
#include "seedkit/error.hpp"
#include "seedkit/global.hpp"
#include "seedkit/mpi/detail/comm.hpp"
#include "seedkit/record/fingerprint.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace mpi {

namespace detail {

// One rank's facts for the consensus check, as (name, value) pairs.
using record = std::vector<std::pair<std::string, std::string>>;

inline const std::string* find(const record& r, std::string_view name) {
  for (const auto& kv : r) {
    if (kv.first == name) return &kv.second;
  }
  return nullptr;
}

// Names and values joined with NUL bytes (neither contains one: they come
// from C strings).
inline std::string encode(const record& r) {
  std::string out;
  for (const auto& kv : r) {
    out += kv.first;
    out += '\0';
    out += kv.second;
    out += '\0';
  }
  return out;
}

inline record decode(const char* p, std::size_t n) {
  record r;
  std::size_t i = 0;
  while (i < n) {
    const std::size_t a = std::strlen(p + i);
    const std::size_t b = i + a + 1 < n ? std::strlen(p + i + a + 1) : 0;
    r.emplace_back(std::string(p + i, a),
                   i + a + 1 < n ? std::string(p + i + a + 1, b) : std::string());
    i += a + b + 2;
  }
  return r;
}

// Every rank's record, on every rank (index = rank). Two collectives whose
// shapes do not depend on the records: MPI_Allgather of the lengths, then
// MPI_Allgatherv of the bytes.
inline std::vector<record> allgather_records(MPI_Comm comm, const record& mine) {
  const std::string bytes = encode(mine);
  const int size = comm_size(comm);
  const int len =
      bytes.size() > static_cast<std::size_t>(INT_MAX / 1024) ? 0 : static_cast<int>(bytes.size());
  std::vector<int> lens(static_cast<std::size_t>(size)), displs(static_cast<std::size_t>(size));
  check_mpi(MPI_Allgather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, comm), "MPI_Allgather");
  int total = 0;
  for (int r = 0; r < size; ++r) {
    displs[static_cast<std::size_t>(r)] = total;
    total += lens[static_cast<std::size_t>(r)];
  }
  std::vector<char> all(static_cast<std::size_t>(total) + 1);
  check_mpi(MPI_Allgatherv(bytes.data(), len, MPI_CHAR, all.data(), lens.data(), displs.data(),
                           MPI_CHAR, comm),
            "MPI_Allgatherv");
  std::vector<record> out;
  for (int r = 0; r < size; ++r) {
    out.push_back(decode(all.data() + displs[static_cast<std::size_t>(r)],
                         static_cast<std::size_t>(lens[static_cast<std::size_t>(r)])));
  }
  return out;
}

// The prefix of a record's fingerprint entries.
inline constexpr std::string_view fingerprint_prefix = "fingerprint.";

// The facts a rank contributes. Never throws for a local problem: a
// failure is recorded as "local.error" so that the rank still takes part
// in the collectives.
inline record local_record(const std::uint64_t* seed_argument) {
  record r;
  try {
    if (seed_argument) r.emplace_back("seed.argument", std::to_string(*seed_argument));
    if (const char* env = std::getenv("SEEDKIT_SEED")) r.emplace_back("env.SEEDKIT_SEED", env);
    if (seedkit::initialized())
      r.emplace_back("local.master_seed", std::to_string(current_seed().seed));
    for (const fingerprint_entry& e : fingerprint::current().entries) {
      if ((e.affects & (affects_streams | affects_float)) == 0 || e.name == "env.SEEDKIT_SEED")
        continue;
      r.emplace_back(std::string(fingerprint_prefix) + e.name, e.value);
    }
  } catch (const std::exception& e) {
    r.emplace_back("local.error", e.what());
  }
  return r;
}

// The fingerprint a rank sent: its record's "fingerprint." entries, in
// order, without the prefix. What each entry affects is not sent (every one
// affects streams or floats); the comparison does not need it.
inline seedkit::fingerprint sent_fingerprint(const record& r) {
  seedkit::fingerprint f;
  for (const auto& kv : r) {
    if (kv.first.rfind(fingerprint_prefix, 0) == 0)
      f.add(kv.first.substr(fingerprint_prefix.size()), kv.second, affects_nothing);
  }
  return f;
}

// What the ranks' records say: the master seed (rank 0's "chosen.seed") and
// every disagreement, one line each naming the rank and the entry. A pure
// function of the records, so every rank reaches the same verdict.
struct verdict {
  std::uint64_t seed = 0;
  seed_source source = seed_source::argument;
  std::vector<std::string> problems;
};

// A fingerprint value as a problem line shows it: quoted, or "(unset)"
// where that rank has no such entry (seedkit::diff shows "" there).
inline std::string quoted(bool present, const std::string& value) {
  return present ? "\"" + value + "\"" : "(unset)";
}

inline verdict judge(const std::vector<record>& ranks) {
  verdict v;
  if (ranks.empty()) return v;
  const record& r0 = ranks[0];
  if (const std::string* e = find(r0, "chosen.error")) {
    v.problems.push_back("rank 0 could not choose the master seed: " + *e);
  } else if (const std::string* s = find(r0, "chosen.seed")) {
    v.seed = parse_seed(*s, "chosen.seed");
    const std::string* src = find(r0, "chosen.source");
    for (seed_source c : {seed_source::argument, seed_source::environment,
                          seed_source::random_device, seed_source::replay}) {
      if (src && *src == to_string(c)) v.source = c;
    }
  } else {
    v.problems.push_back("rank 0 sent no master seed (it called a different seedkit::mpi::init)");
  }
  const std::string* env0 = find(r0, "env.SEEDKIT_SEED");
  const seedkit::fingerprint fp0 = sent_fingerprint(r0);
  const auto parsed = [](const std::string* text, std::uint64_t& out) {
    try {
      out = parse_seed(*text, "SEEDKIT_SEED");
      return true;
    } catch (const error&) {
      return false;
    }
  };
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    const record& rec = ranks[r];
    const std::string who = "rank " + std::to_string(r) + ": ";
    if (const std::string* e = find(rec, "local.error")) v.problems.push_back(who + *e);
    const std::string* m = find(rec, "local.master_seed");
    if (m && find(r0, "chosen.seed") && parse_seed(*m, "local.master_seed") != v.seed) {
      v.problems.push_back(who + "seedkit::init already set the master seed " + *m +
                           " on this rank, but rank 0 chose " + std::to_string(v.seed));
    }
    if (r == 0) continue;
    const std::string* a0 = find(r0, "seed.argument");
    const std::string* a = find(rec, "seed.argument");
    if ((a0 == nullptr) != (a == nullptr) || (a && *a != *a0)) {
      v.problems.push_back(who + "seed argument " + (a ? *a : "(none: init(comm))") +
                           " differs from rank 0's " + (a0 ? *a0 : "(none: init(comm))"));
    }
    if (const std::string* env = find(rec, "env.SEEDKIT_SEED")) {
      std::uint64_t x = 0, x0 = 0;
      const bool ok = parsed(env, x);
      if (!ok) {
        v.problems.push_back(who + "SEEDKIT_SEED=\"" + *env + "\" is not a seed");
      } else if (!env0) {
        v.problems.push_back(who + "SEEDKIT_SEED=\"" + *env +
                             "\" is set, but rank 0 has no SEEDKIT_SEED");
      } else if (!parsed(env0, x0) ? *env != *env0 : x != x0) {
        v.problems.push_back(who + "SEEDKIT_SEED=\"" + *env +
                             "\" differs from rank 0's SEEDKIT_SEED=\"" + *env0 + "\"");
      }
    }
    // Fingerprint entries: seedkit::diff's order, rank 0's entries then
    // those only this rank has.
    const seedkit::fingerprint fp = sent_fingerprint(rec);
    for (const fingerprint_difference& d : seedkit::diff(fp0, fp)) {
      v.problems.push_back(who + d.name + " = " + quoted(fp.find(d.name) != nullptr, d.b) +
                           ", rank 0 has " + quoted(fp0.find(d.name) != nullptr, d.a));
    }
  }
  return v;
}

inline seed_choice agree(MPI_Comm comm, const std::uint64_t* seed_argument) {
  check_initialized("seedkit::mpi::init");
  const int rank = comm_rank(comm);
  const bool was_initialized = seedkit::initialized();
  record mine = local_record(seed_argument);
  bool chose_here = false;
  if (rank == 0) {
    try {
      const seed_choice c =
          seed_argument ? seed_choice{*seed_argument, seed_source::argument} : seedkit::init();
      chose_here = !seed_argument && !was_initialized;
      mine.emplace_back("chosen.seed", std::to_string(c.seed));
      mine.emplace_back("chosen.source", to_string(c.source));
    } catch (const std::exception& e) {
      mine.emplace_back("chosen.error", e.what());
    }
  }
  const verdict v = judge(allgather_records(comm, mine));
  if (!v.problems.empty()) {
    if (chose_here) seedkit::reset();  // leave rank 0 as it was
    std::string msg = "seedkit::mpi::init: the " + std::to_string(comm_size(comm)) +
                      " ranks disagree, so no master seed was set (mixing them would silently give "
                      "different streams or sums on different ranks):";
    const std::size_t shown = v.problems.size() < 32 ? v.problems.size() : 32;
    for (std::size_t i = 0; i < shown; ++i) msg += "\n  " + v.problems[i];
    if (shown < v.problems.size())
      msg += "\n  ... and " + std::to_string(v.problems.size() - shown) + " more";
    msg +=
        "\nStart every rank with the same SEEDKIT_SEED (or none; e.g. mpiexec -x "
        "SEEDKIT_SEED=...), "
        "pass the same seed on every rank, and run one build of seedkit everywhere.";
    throw error(msg);
  }
  return seedkit::detail::install_seed({v.seed, v.source});
}

}  // namespace detail

// Chooses the master seed on rank 0, from the environment as seedkit::init()
// does (SEEDKIT_REPLAY, then SEEDKIT_SEED, then std::random_device), and
// installs it on every rank of `comm` after checking that the ranks agree:
// - a rank whose SEEDKIT_SEED is set must have rank 0's value (compared as
//   seeds, so 0x10 equals 16), and rank 0 must have one too;
// - seedkit's version, SEEDKIT_STREAM_VERSION and every fingerprint entry
//   that can change seedkit's streams or floating-point results (fast_math,
//   ftz, daz, seedkit.float_bit_identical, SEEDKIT_REPLAY) must be equal;
// - a rank whose master seed is already set must have the chosen one.
// Otherwise every rank throws seedkit::error with the same message, naming
// each rank and entry that differs; no rank keeps a seed set by this call.
// Collective: one MPI_Allgather and one MPI_Allgatherv of a few hundred
// bytes per rank. Returns the seed and its source (rank 0's source).
// Example: seedkit::mpi::init(MPI_COMM_WORLD);
// Stability: api: the interface is stable within a major version.
inline seed_choice init(MPI_Comm comm) { return detail::agree(comm, nullptr); }

// As init(comm), with the master seed given by the caller on every rank;
// rank 0's value is used and every rank's must equal it (catching
// `seed + rank`). SEEDKIT_SEED is still compared as above.
// Example: seedkit::mpi::init(MPI_COMM_WORLD, 12321);
inline seed_choice init(MPI_Comm comm, std::uint64_t seed) { return detail::agree(comm, &seed); }

}  // namespace mpi
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_MPI_CONSENSUS_HPP

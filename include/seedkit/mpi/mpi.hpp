// seedkit/mpi/mpi.hpp: one master seed across the ranks of an MPI communicator,
// a consensus check, per-rank streams and sums whose bits do not depend on
// the world size.
//
// Seeding each rank with `seed + rank` makes seed 42 on rank 1 equal seed 43
// on rank 0, and nothing notices when ranks run different builds or were
// started with different seeds. Here rank 0 chooses the master seed, every
// rank checks that all agree on it and on everything that changes seedkit's
// bits, and per-rank streams are derived by index:
//
//   MPI_Init(&argc, &argv);
//   seedkit::mpi::init(MPI_COMM_WORLD);                 // SEEDKIT_SEED of rank 0, or drawn there
//   auto rng = seedkit::mpi::rank_stream_for("dropout");    // key_for("dropout") / rank
//   auto mine = seedkit::mpi::epoch_shard_for("loader", epoch, n, seedkit::shard_tail::pad);
//   double loss = seedkit::mpi::global_sum(MPI_COMM_WORLD, local_losses);   // exact
//   seedkit::mpi::allreduce_sum(MPI_COMM_WORLD, grad.data(), grad.size()); // elementwise, exact
//
// Every function here is collective over `comm` unless it says otherwise:
// all ranks call it, with the same sizes where sizes are asked for. Each
// takes part in the same MPI calls whatever its local values are, so a
// disagreement is reported by seedkit::error on every rank rather than as a
// hang. Part of the seedkit::mpi add-on (target seedkit::mpi: MPI::MPI_CXX
// and seedkit::record, for the fingerprint). Specification: docs/mpi.md.
#ifndef SEEDKIT_MPI_MPI_HPP
#define SEEDKIT_MPI_MPI_HPP

#include <mpi.h>

#include <climits>      // INT_MAX
#include <cstddef>      // size_t
#include <cstdint>      // uint8_t, uint32_t, uint64_t
#include <cstring>      // memcpy, strlen
#include <exception>    // exception
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <type_traits>  // is_same, conditional_t, remove_cv_t, remove_reference_t
#include <utility>      // pair, declval
#include <vector>       // vector

#include "seedkit/config.hpp"
#include "seedkit/data.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/error.hpp"
#include "seedkit/record/fingerprint.hpp"
#include "seedkit/global.hpp"
#include "seedkit/reduce.hpp"
#include "seedkit/stream.hpp"
#include "seedkit/version.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace mpi {

namespace detail {

// One rank's facts for the consensus check, as (name, value) pairs.
using record = std::vector<std::pair<std::string, std::string>>;

inline void check_mpi(int rc, const char* call) {
  if (rc != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING] = {};
    int len = 0;
    MPI_Error_string(rc, text, &len);
    throw error(std::string("seedkit::mpi: ") + call +
                " failed: " + std::string(text, static_cast<std::size_t>(len)));
  }
}

inline void check_initialized(const char* who) {
  int on = 0, off = 0;
  MPI_Initialized(&on);
  MPI_Finalized(&off);
  if (!on || off) {
    throw error(std::string(who) + ": MPI is " + (off ? "already finalized" : "not initialized") +
                ": call it between MPI_Init (or MPI_Init_thread) and MPI_Finalize");
  }
}

inline int comm_rank(MPI_Comm comm) {
  int r = 0;
  check_mpi(MPI_Comm_rank(comm, &r), "MPI_Comm_rank");
  return r;
}

inline int comm_size(MPI_Comm comm) {
  int s = 0;
  check_mpi(MPI_Comm_size(comm, &s), "MPI_Comm_size");
  return s;
}

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
      r.emplace_back("fingerprint." + e.name, e.value);
    }
  } catch (const std::exception& e) {
    r.emplace_back("local.error", e.what());
  }
  return r;
}

// What the ranks' records say: the master seed (rank 0's "chosen.seed") and
// every disagreement, one line each naming the rank and the entry. A pure
// function of the records, so every rank reaches the same verdict.
struct verdict {
  std::uint64_t seed = 0;
  seed_source source = seed_source::argument;
  std::vector<std::string> problems;
};

inline std::string quoted(const std::string* v) { return v ? "\"" + *v + "\"" : "(unset)"; }

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
    // Fingerprint entries, in rank 0's order, then those only this rank has.
    for (const auto& kv : r0) {
      if (kv.first.rfind("fingerprint.", 0) != 0) continue;
      const std::string* mine = find(rec, kv.first);
      if (!mine || *mine != kv.second) {
        v.problems.push_back(who + kv.first.substr(12) + " = " + quoted(mine) + ", rank 0 has " +
                             quoted(&kv.second));
      }
    }
    for (const auto& kv : rec) {
      if (kv.first.rfind("fingerprint.", 0) == 0 && !find(r0, kv.first)) {
        v.problems.push_back(who + kv.first.substr(12) + " = " + quoted(&kv.second) +
                             ", rank 0 has (unset)");
      }
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

template <class T>
MPI_Datatype datatype() {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "seedkit::mpi sums take float or double");
  return std::is_same<T, float>::value ? MPI_FLOAT : MPI_DOUBLE;
}

template <class T>
T canonical_nan() noexcept {
  using bits_t = std::conditional_t<std::is_same<T, float>::value, std::uint32_t, std::uint64_t>;
  const bits_t b =
      std::is_same<T, float>::value ? bits_t(0x7fc00000u) : bits_t(0x7ff8000000000000u);
  T x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

// All ranks must pass the same count; checked with one small collective so
// a mismatch is an error on every rank instead of a crash or a hang.
inline void check_same_count(MPI_Comm comm, std::size_t n, const char* who) {
  unsigned long long lo_hi[2] = {n, ~static_cast<unsigned long long>(n)};
  unsigned long long out[2] = {};
  check_mpi(MPI_Allreduce(lo_hi, out, 2, MPI_UNSIGNED_LONG_LONG, MPI_MAX, comm), "MPI_Allreduce");
  const unsigned long long max = out[0], min = ~out[1];
  if (min != max) {
    throw error(std::string(who) + ": the ranks passed different element counts (from " +
                std::to_string(min) + " to " + std::to_string(max) +
                "); every rank must pass the same count");
  }
  if (n > static_cast<std::size_t>(INT_MAX)) {
    throw error(std::string(who) + ": " + std::to_string(n) + " elements; at most " +
                std::to_string(INT_MAX) + " (MPI counts are int): reduce in pieces");
  }
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
// Stability: the checks may grow in minor versions (never shrink).
inline seed_choice init(MPI_Comm comm) { return detail::agree(comm, nullptr); }

// As init(comm), with the master seed given by the caller on every rank;
// rank 0's value is used and every rank's must equal it (catching
// `seed + rank`). SEEDKIT_SEED is still compared as above.
// Example: seedkit::mpi::init(MPI_COMM_WORLD, 12321);
inline seed_choice init(MPI_Comm comm, std::uint64_t seed) { return detail::agree(comm, &seed); }

// This rank's key for `name`: seedkit::key_for(name) / rank (derivation by
// index, so ranks never share a stream and rank r's stream is the same for
// every world size). Local; throws seedkit::error before init.
// Stability: bit-identical across platforms since v1.
inline key rank_key_for(std::string_view name, MPI_Comm comm = MPI_COMM_WORLD) {
  return key_for(name).derive(detail::comm_rank(comm));
}

// The stream of rank_key_for(name, comm). Local.
// Example: auto rng = seedkit::mpi::rank_stream_for("dropout");
// Stability: bit-identical across platforms since v1.
inline stream rank_stream_for(std::string_view name, MPI_Comm comm = MPI_COMM_WORLD) {
  return stream(rank_key_for(name, comm));
}

// This rank's share of epoch `epoch` of n items:
// seedkit::epoch_shard(k, epoch, n, rank, size, tail) with this
// communicator's rank and size. Local (every rank computes the same
// permutation). Stability: as seedkit::epoch_shard.
inline std::vector<std::size_t> epoch_shard(const key& k, std::uint64_t epoch, std::size_t n,
                                            shard_tail tail, MPI_Comm comm = MPI_COMM_WORLD) {
  return seedkit::epoch_shard(k, epoch, n, static_cast<std::size_t>(detail::comm_rank(comm)),
                              static_cast<std::size_t>(detail::comm_size(comm)), tail);
}
// The same with the key seedkit::key_for(name) (the same on every rank).
inline std::vector<std::size_t> epoch_shard_for(std::string_view name, std::uint64_t epoch,
                                                std::size_t n, shard_tail tail,
                                                MPI_Comm comm = MPI_COMM_WORLD) {
  return epoch_shard(key_for(name), epoch, n, tail, comm);
}

// This rank's item count under epoch_shard: seedkit::shard_size(n, size, tail).
inline std::size_t shard_size(std::size_t n, shard_tail tail, MPI_Comm comm = MPI_COMM_WORLD) {
  return seedkit::shard_size(n, static_cast<std::size_t>(detail::comm_size(comm)), tail);
}

// The sum of a distributed array: the concatenation, in rank order, of every
// rank's `count` values at `local` (counts may differ between ranks).
// - exact: each rank fills an exact_accumulator, the 292-byte serialized
//   accumulators are gathered (MPI_Allgather) and merged; the result is the
//   exact sum rounded once, so it has the same bits for any world size and
//   any placement of the values on the ranks, and equals seedkit::exact_sum
//   of the whole array.
// - pairwise, compensated (fixed order): the values are gathered in rank
//   order (MPI_Allgatherv; O(total) memory and traffic per rank) and every
//   rank computes seedkit::sum(global, mode), so the result equals the
//   serial sum of the concatenated array for any world size, provided the
//   array is split contiguously in rank order.
// Collective; returns the same value on every rank. Throws seedkit::error
// (on every rank) if the total exceeds INT_MAX in the fixed-order modes.
// Example: double total = seedkit::mpi::global_sum(MPI_COMM_WORLD, mine.data(), mine.size());
// Stability: exact: a mathematical function of the global multiset of
// values; fixed-order: as the serial seedkit::sum of that mode.
template <class T>
T global_sum(MPI_Comm comm, const T* local, std::size_t count,
             reduce_mode mode = reduce_mode::exact) {
  detail::check_initialized("seedkit::mpi::global_sum");
  const MPI_Datatype type = detail::datatype<T>();
  const int size = detail::comm_size(comm);
  if (mode == reduce_mode::exact) {
    exact_accumulator acc;
    acc.add(local, local + count);
    const std::vector<std::uint8_t> mine = acc.serialize();
    std::vector<std::uint8_t> all(mine.size() * static_cast<std::size_t>(size));
    detail::check_mpi(MPI_Allgather(mine.data(), static_cast<int>(mine.size()), MPI_BYTE,
                                    all.data(), static_cast<int>(mine.size()), MPI_BYTE, comm),
                      "MPI_Allgather");
    exact_accumulator total;
    for (int r = 0; r < size; ++r) {
      total.merge(exact_accumulator::deserialize(
          all.data() + static_cast<std::size_t>(r) * mine.size(), mine.size()));
    }
    return total.round<T>();
  }
  unsigned long long n = count;
  std::vector<unsigned long long> counts(static_cast<std::size_t>(size));
  detail::check_mpi(
      MPI_Allgather(&n, 1, MPI_UNSIGNED_LONG_LONG, counts.data(), 1, MPI_UNSIGNED_LONG_LONG, comm),
      "MPI_Allgather");
  unsigned long long total = 0;
  for (unsigned long long c : counts) total += c;
  if (total > static_cast<unsigned long long>(INT_MAX)) {
    throw error("seedkit::mpi::global_sum: " + std::to_string(total) +
                " values in all; the fixed-order modes gather them and accept at most " +
                std::to_string(INT_MAX) +
                " (use reduce_mode::exact, which sends 292 bytes per rank)");
  }
  std::vector<int> icounts(static_cast<std::size_t>(size)), displs(static_cast<std::size_t>(size));
  int at = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    icounts[r] = static_cast<int>(counts[r]);
    displs[r] = at;
    at += icounts[r];
  }
  std::vector<T> global(static_cast<std::size_t>(total));
  detail::check_mpi(MPI_Allgatherv(local, static_cast<int>(count), type, global.data(),
                                   icounts.data(), displs.data(), type, comm),
                    "MPI_Allgatherv");
  return seedkit::sum(global.begin(), global.end(), mode);
}

// global_sum of a contiguous range (std::vector<T>, std::array<T, N>, ...).
template <class Range, class T = std::remove_cv_t<std::remove_reference_t<
                           decltype(*std::data(std::declval<const Range&>()))>>>
T global_sum(MPI_Comm comm, const Range& local, reduce_mode mode = reduce_mode::exact) {
  return global_sum(comm, std::data(local), std::size(local), mode);
}

// Elementwise sum over the ranks: out[i] = the sum over ranks r (in rank
// order) of rank r's in[i], on every rank. Every rank passes the same n;
// `in` may equal `out` (in place).
// - exact: out[i] is the exact sum rounded once, so it has the same bits
//   for any world size and any assignment of the contributions to ranks;
// - pairwise, compensated: out[i] = seedkit::sum of the world-size
//   contributions in rank order, the same for every run with this world
//   size and placement, whatever MPI's reduction algorithm;
// NaN results are the canonical quiet NaN in every mode.
// Algorithm: a reduce-scatter by MPI_Alltoallv (rank r receives every
// rank's contributions to elements [n r / P, n (r+1) / P), about), a local
// reduction, and an MPI_Allgatherv: the traffic of a ring allreduce. With
// two ranks the exact sum is a single IEEE addition (correctly rounded);
// with three or more each element goes through an exact_accumulator.
// Throws seedkit::error on every rank if the ranks pass different n or
// n > INT_MAX.
// Example: seedkit::mpi::allreduce_sum(MPI_COMM_WORLD, grad.data(), grad.size());
// Stability: exact: a mathematical function of each element's multiset of
// contributions; fixed-order: as seedkit::sum in that mode.
template <class T>
void allreduce_sum(MPI_Comm comm, const T* in, T* out, std::size_t n,
                   reduce_mode mode = reduce_mode::exact) {
  detail::check_initialized("seedkit::mpi::allreduce_sum");
  const MPI_Datatype type = detail::datatype<T>();
  detail::check_same_count(comm, n, "seedkit::mpi::allreduce_sum");
  const std::size_t size = static_cast<std::size_t>(detail::comm_size(comm));
  const std::size_t rank = static_cast<std::size_t>(detail::comm_rank(comm));
  const auto lo = [&](std::size_t r) { return n / size * r + (r < n % size ? r : n % size); };
  std::vector<int> send_counts(size), send_displs(size), recv_counts(size), recv_displs(size);
  const std::size_t mine = lo(rank + 1) - lo(rank);
  for (std::size_t r = 0; r < size; ++r) {
    send_counts[r] = static_cast<int>(lo(r + 1) - lo(r));
    send_displs[r] = static_cast<int>(lo(r));
    recv_counts[r] = static_cast<int>(mine);
    recv_displs[r] = static_cast<int>(r * mine);
  }
  // Element j of this rank's slice has contribution r at parts[r * mine + j].
  std::vector<T> parts(size * mine), slice(mine);
  detail::check_mpi(MPI_Alltoallv(in, send_counts.data(), send_displs.data(), type, parts.data(),
                                  recv_counts.data(), recv_displs.data(), type, comm),
                    "MPI_Alltoallv");
  if (mode == reduce_mode::exact && size <= 2) {
    // One term is exact; two terms: IEEE addition rounds the exact sum to
    // nearest-even, with exact_sum's sign of zero and special values.
    for (std::size_t j = 0; j < mine; ++j) {
      const T s = size == 1 ? parts[j] : parts[j] + parts[mine + j];
      slice[j] = s != s ? detail::canonical_nan<T>() : s;
    }
  } else {
    std::vector<T> column(size);
    for (std::size_t j = 0; j < mine; ++j) {
      for (std::size_t r = 0; r < size; ++r) column[r] = parts[r * mine + j];
      slice[j] = seedkit::sum(column.data(), column.data() + size, mode);
    }
  }
  for (std::size_t r = 0; r < size; ++r) {
    recv_counts[r] = send_counts[r];
    recv_displs[r] = send_displs[r];
  }
  detail::check_mpi(MPI_Allgatherv(slice.data(), static_cast<int>(mine), type, out,
                                   recv_counts.data(), recv_displs.data(), type, comm),
                    "MPI_Allgatherv");
}

// In place: data[i] becomes the elementwise sum over the ranks.
template <class T>
void allreduce_sum(MPI_Comm comm, T* data, std::size_t n, reduce_mode mode = reduce_mode::exact) {
  allreduce_sum(comm, static_cast<const T*>(data), data, n, mode);
}

// In place on a std::vector<float> or std::vector<double>.
template <class T>
void allreduce_sum(MPI_Comm comm, std::vector<T>& data, reduce_mode mode = reduce_mode::exact) {
  allreduce_sum(comm, data.data(), data.size(), mode);
}

}  // namespace mpi
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_MPI_MPI_HPP

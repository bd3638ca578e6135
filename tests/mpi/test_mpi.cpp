// Tests of seedkit/mpi/mpi.hpp, run by ctest under mpiexec with 1 to 4 ranks.
// Every rank runs every check; a failed check prints the rank, the line and
// the values and makes the rank exit non-zero. The arrays are generated the
// same way on every rank, so each rank also computes the serial answer.
#include "seedkit/mpi/mpi.hpp"

#include <mpi.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

int g_rank = 0;
int g_size = 1;
int g_failures = 0;

#define CHECK(cond)                                                                           \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      std::fprintf(stderr, "[rank %d] %s:%d: CHECK(%s) failed\n", g_rank, __FILE__, __LINE__, \
                   #cond);                                                                    \
      ++g_failures;                                                                           \
    }                                                                                         \
  } while (0)

std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
std::uint32_t bits(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

template <class T>
bool same_bits(T a, T b) {
  if (bits(a) != bits(b)) {
    std::fprintf(stderr, "[rank %d] bits differ: %a vs %a\n", g_rank, static_cast<double>(a),
                 static_cast<double>(b));
    return false;
  }
  return true;
}

bool contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return true;
  std::fprintf(stderr, "[rank %d] expected \"%s\" in:\n%s\n", g_rank, part.c_str(), text.c_str());
  return false;
}

// An ill-conditioned array: magnitudes from 2^-60 to 2^60, both signs, and
// pairs that cancel, so that every summation order rounds differently.
template <class T>
std::vector<T> make_array(std::uint64_t seed, std::size_t n) {
  seedkit::stream rng{seedkit::key(seed)};
  std::vector<T> v(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t w = rng();
    const int e = static_cast<int>(w % 121) - 60;
    const double m = 1.0 + static_cast<double>(w >> 11) * 0x1p-53;
    v[i] = static_cast<T>(
        std::ldexp((w >> 10) & 1 ? -m : m, std::is_same<T, float>::value ? e / 2 : e));
    if (i % 7 == 3) v[i] = -v[i - 1];
  }
  return v;
}

// Uneven contiguous boundaries: rank r gets a share proportional to (r+1)^2.
std::vector<std::size_t> uneven_bounds(std::size_t n) {
  std::vector<std::size_t> b(static_cast<std::size_t>(g_size) + 1, 0);
  std::size_t weight = 0;
  for (int r = 1; r <= g_size; ++r) weight += static_cast<std::size_t>(r * r);
  std::size_t acc = 0;
  for (int r = 0; r < g_size; ++r) {
    acc += static_cast<std::size_t>((r + 1) * (r + 1));
    b[static_cast<std::size_t>(r) + 1] = n * acc / weight;
  }
  return b;
}

void test_judge() {
  using seedkit::mpi::detail::judge;
  using seedkit::mpi::detail::record;
  const record base = {{"fingerprint.seedkit.version", "1.0.0"}, {"fingerprint.fast_math", "0"}};
  record r0 = base;
  r0.emplace_back("chosen.seed", "42");
  r0.emplace_back("chosen.source", "environment");
  r0.emplace_back("env.SEEDKIT_SEED", "42");
  record same = base;
  same.emplace_back("env.SEEDKIT_SEED", "0x2a");  // the same seed, written in hex
  record unset = base;                            // no SEEDKIT_SEED: accepted
  auto v = judge({r0, same, unset});
  CHECK(v.problems.empty());
  CHECK(v.seed == 42 && v.source == seedkit::seed_source::environment);

  record version = same;
  version[0].second = "1.1.0";
  record fast = unset;
  fast[1].second = "1";
  fast.emplace_back("fingerprint.env.SEEDKIT_REPLAY", "run.json");
  record other_seed = base;
  other_seed.emplace_back("env.SEEDKIT_SEED", "43");
  record bad_seed = base;
  bad_seed.emplace_back("env.SEEDKIT_SEED", "abc");
  record preset = base;
  preset.emplace_back("local.master_seed", "7");
  v = judge({r0, version, fast, other_seed, bad_seed, preset});
  CHECK(v.problems.size() == 6);
  std::string all;
  for (const auto& p : v.problems) all += p + "\n";
  CHECK(contains(all, "rank 1: seedkit.version = \"1.1.0\", rank 0 has \"1.0.0\""));
  CHECK(contains(all, "rank 2: fast_math = \"1\", rank 0 has \"0\""));
  CHECK(contains(all, "rank 2: env.SEEDKIT_REPLAY = \"run.json\", rank 0 has (unset)"));
  CHECK(contains(all, "rank 3: SEEDKIT_SEED=\"43\" differs from rank 0's SEEDKIT_SEED=\"42\""));
  CHECK(contains(all, "rank 4: SEEDKIT_SEED=\"abc\" is not a seed"));
  CHECK(contains(
      all,
      "rank 5: seedkit::init already set the master seed 7 on this rank, but rank 0 chose 42"));

  record r0_no_env = base;
  r0_no_env.emplace_back("chosen.seed", "9");
  v = judge({r0_no_env, same});
  CHECK(v.problems.size() == 1 &&
        contains(v.problems[0],
                 "rank 1: SEEDKIT_SEED=\"0x2a\" is set, but rank 0 has no SEEDKIT_SEED"));

  record r0_error = base;
  r0_error.emplace_back("chosen.error", "SEEDKIT_SEED=\"x\" is not a seed");
  v = judge({r0_error, unset});
  CHECK(v.problems.size() == 1 &&
        contains(v.problems[0], "rank 0 could not choose the master seed"));
}

void test_init() {
  MPI_Comm comm = MPI_COMM_WORLD;
  seedkit::reset();
  // The classic bug: seed + rank. Every rank must get the error.
  if (g_size > 1) {
    std::string what;
    try {
      seedkit::mpi::init(comm, 42 + static_cast<std::uint64_t>(g_rank));
    } catch (const seedkit::error& e) {
      what = e.what();
    }
    CHECK(contains(what, "rank 1: seed argument 43 differs from rank 0's 42"));
    CHECK(contains(what, "ranks disagree, so no master seed was set"));
    CHECK(!seedkit::initialized());
  }
  const seedkit::seed_choice c = seedkit::mpi::init(comm, 12321);
  CHECK(c.seed == 12321 && c.source == seedkit::seed_source::argument);
  CHECK(seedkit::current_seed().seed == 12321);
  CHECK(seedkit::mpi::init(comm, 12321).seed == 12321);  // again: harmless

  // A rank whose seed is already different: every rank fails.
  if (g_size > 1) {
    if (g_rank == g_size - 1) {
      seedkit::reset();
      seedkit::init(7);
    }
    std::string what;
    try {
      seedkit::mpi::init(comm, 12321);
    } catch (const seedkit::error& e) {
      what = e.what();
    }
    CHECK(contains(what, "rank " + std::to_string(g_size - 1) +
                             ": seedkit::init already set the master seed 7"));
    seedkit::reset();
    seedkit::mpi::init(comm, 12321);
  }

  // Per-rank streams: derived by index from key_for(name).
  const seedkit::key k = seedkit::mpi::rank_key_for("dropout");
  CHECK(k == seedkit::key(12321) / "dropout" / g_rank);
  auto rng = seedkit::mpi::rank_stream_for("dropout");
  CHECK(rng.get_key() == k);
  std::uint64_t first = rng();
  std::vector<std::uint64_t> firsts(static_cast<std::size_t>(g_size));
  MPI_Allgather(&first, 1, MPI_UINT64_T, firsts.data(), 1, MPI_UINT64_T, comm);
  for (int r = 0; r < g_size; ++r) {
    CHECK(firsts[static_cast<std::size_t>(r)] ==
          seedkit::stream(seedkit::key(12321) / "dropout" / r)());
    for (int q = 0; q < r; ++q)
      CHECK(firsts[static_cast<std::size_t>(q)] != firsts[static_cast<std::size_t>(r)]);
  }

  // Epoch shards: this rank's share of the same permutation.
  const std::size_t n = 103;
  for (auto tail : {seedkit::shard_tail::pad, seedkit::shard_tail::drop}) {
    const auto mine = seedkit::mpi::epoch_shard_for("loader", 3, n, tail);
    CHECK(mine == seedkit::epoch_shard(seedkit::key(12321) / "loader", 3, n,
                                       static_cast<std::size_t>(g_rank),
                                       static_cast<std::size_t>(g_size), tail));
    CHECK(mine.size() == seedkit::mpi::shard_size(n, tail));
    // The O(1)-memory view: the same dealing of index_permutation(key / epoch, n).
    const auto view = seedkit::mpi::index_shard_for("loader", 3, n, tail);
    const seedkit::index_permutation order(seedkit::key(12321) / "loader" / 3, n);
    const std::vector<std::size_t> all(order.begin(), order.end());
    const std::vector<std::size_t> want = seedkit::shard(all, static_cast<std::size_t>(g_rank),
                                                         static_cast<std::size_t>(g_size), tail);
    CHECK(std::vector<std::size_t>(view.begin(), view.end()) == want);
    CHECK(view.size() == seedkit::mpi::shard_size(n, tail));
  }
  // Every rank's view of a huge epoch is O(1): the first items of its share.
  const std::uint64_t huge = std::uint64_t{1} << 40;
  const auto view = seedkit::mpi::index_shard_for("loader", 0, huge, seedkit::shard_tail::drop);
  const seedkit::index_permutation order(seedkit::key(12321) / "loader" / 0, huge);
  for (std::uint64_t t = 0; t < 100; ++t) {
    CHECK(view[t] ==
          order[static_cast<std::uint64_t>(g_rank) + t * static_cast<std::uint64_t>(g_size)]);
  }
}

template <class T>
void test_global_sum() {
  MPI_Comm comm = MPI_COMM_WORLD;
  const std::size_t n = 10007;
  const std::vector<T> global = make_array<T>(77, n);
  const T exact = seedkit::exact_sum(global);
  const T pairwise = seedkit::pairwise_sum(global);
  const T compensated = seedkit::compensated_sum(global);

  // Contiguous, uneven: every mode equals the serial sum of the whole array.
  const auto b = uneven_bounds(n);
  const std::vector<T> mine(
      global.begin() + static_cast<std::ptrdiff_t>(b[static_cast<std::size_t>(g_rank)]),
      global.begin() + static_cast<std::ptrdiff_t>(b[static_cast<std::size_t>(g_rank) + 1]));
  CHECK(same_bits(seedkit::mpi::global_sum(comm, mine), exact));
  CHECK(same_bits(seedkit::mpi::global_sum(comm, mine, seedkit::reduce_mode::pairwise), pairwise));
  CHECK(same_bits(seedkit::mpi::global_sum(comm, mine, seedkit::reduce_mode::compensated),
                  compensated));

  // Strided, and everything on the last rank: exact still equals exact_sum.
  std::vector<T> strided;
  for (std::size_t i = static_cast<std::size_t>(g_rank); i < n;
       i += static_cast<std::size_t>(g_size)) {
    strided.push_back(global[i]);
  }
  CHECK(same_bits(seedkit::mpi::global_sum(comm, strided), exact));
  const std::vector<T> last = g_rank == g_size - 1 ? global : std::vector<T>();
  CHECK(same_bits(seedkit::mpi::global_sum(comm, last), exact));
  CHECK(same_bits(seedkit::mpi::global_sum(comm, last, seedkit::reduce_mode::pairwise), pairwise));

  // Plain MPI_Allreduce of local sums may differ (reported, not required).
  T local = 0;
  for (T x : strided) local += x;
  T plain = 0;
  MPI_Allreduce(&local, &plain, 1, seedkit::mpi::detail::datatype<T>(), MPI_SUM, comm);
  if (g_rank == 0) {
    std::printf(
        "%s global_sum, %d ranks: exact %a, MPI_Allreduce(MPI_SUM) of strided local sums %a (%s)\n",
        sizeof(T) == 8 ? "double" : "float", g_size, static_cast<double>(exact),
        static_cast<double>(plain), bits(plain) == bits(exact) ? "equal" : "differs");
  }
  // Fixed-order mode over more than INT_MAX values is rejected; not tried
  // here (it would need 8 GiB).
}

template <class T>
void test_allreduce() {
  MPI_Comm comm = MPI_COMM_WORLD;
  const std::size_t size = static_cast<std::size_t>(g_size);
  for (std::size_t n : {std::size_t{0}, std::size_t{3}, std::size_t{1001}}) {
    std::vector<std::vector<T>> contrib(size);
    for (std::size_t r = 0; r < size; ++r) contrib[r] = make_array<T>(1000 + r, n);
    if (n >= 3) {  // special values: a NaN, +Inf with -Inf, -0.0 everywhere
      for (std::size_t r = 0; r < size; ++r) contrib[r][2] = T(-0.0);
      contrib[0][0] = std::numeric_limits<T>::quiet_NaN();
      contrib[size - 1][1] =
          size > 1 ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
      contrib[0][1] = std::numeric_limits<T>::infinity();
    }
    std::vector<T> expect_exact(n), expect_pairwise(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<T> column(size);
      for (std::size_t r = 0; r < size; ++r) column[r] = contrib[r][i];
      expect_exact[i] = seedkit::exact_sum(column);
      expect_pairwise[i] = seedkit::pairwise_sum(column);
    }
    const std::size_t me = static_cast<std::size_t>(g_rank);
    std::vector<T> out(n);
    seedkit::mpi::allreduce_sum(comm, contrib[me].data(), out.data(), n);
    for (std::size_t i = 0; i < n; ++i) CHECK(same_bits(out[i], expect_exact[i]));
    if (n >= 3) {
      CHECK(bits(out[0]) == bits(std::numeric_limits<T>::quiet_NaN()));
      CHECK(bits(out[2]) == bits(T(-0.0)));
    }
    // Another placement: rank r holds rank r+1's contribution. Same bits.
    std::vector<T> moved = contrib[(me + 1) % size];
    seedkit::mpi::allreduce_sum(comm, moved);  // in place
    for (std::size_t i = 0; i < n; ++i) CHECK(same_bits(moved[i], expect_exact[i]));
    // Fixed order: pairwise_sum of the contributions in rank order.
    seedkit::mpi::allreduce_sum(comm, contrib[me].data(), out.data(), n,
                                seedkit::reduce_mode::pairwise);
    for (std::size_t i = 0; i < n; ++i) CHECK(same_bits(out[i], expect_pairwise[i]));
    // Plain MPI_Allreduce(MPI_SUM) may differ; count where it does.
    std::vector<T> plain(n);
    MPI_Allreduce(contrib[me].data(), plain.data(), static_cast<int>(n),
                  seedkit::mpi::detail::datatype<T>(), MPI_SUM, comm);
    std::size_t differ = 0;
    for (std::size_t i = 3; i < n; ++i) differ += bits(plain[i]) != bits(expect_exact[i]);
    if (g_rank == 0 && n > 3) {
      std::printf(
          "%s allreduce_sum n=%zu, %d ranks: MPI_Allreduce(MPI_SUM) differs from exact in %zu "
          "elements\n",
          sizeof(T) == 8 ? "double" : "float", n, g_size, differ);
    }
  }
  // Different counts on different ranks: an error on every rank, no hang.
  if (g_size > 1) {
    std::vector<T> v(g_rank == 0 ? 5 : 6, T(1));
    std::string what;
    try {
      seedkit::mpi::allreduce_sum(comm, v);
    } catch (const seedkit::error& e) {
      what = e.what();
    }
    CHECK(contains(what, "the ranks passed different element counts (from 5 to 6)"));
  }
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  try {
    test_judge();
    test_init();
    test_global_sum<double>();
    test_global_sum<float>();
    test_allreduce<double>();
    test_allreduce<float>();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[rank %d] unexpected exception: %s\n", g_rank, e.what());
    ++g_failures;
  }
  int total = 0;
  MPI_Allreduce(&g_failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  if (g_rank == 0)
    std::printf("%s: %d failed checks on %d ranks\n", total ? "FAILED" : "passed", total, g_size);
  MPI_Finalize();
  return g_failures ? 1 : 0;
}

// seedkit/mpi/reduce.hpp: sums over the ranks of an MPI communicator whose
// bits do not depend on the world size (part of the seedkit::mpi add-on).
// global_sum adds a distributed array, allreduce_sum adds elementwise
// across the ranks; in reduce_mode::exact the result is the exact sum
// rounded once (seedkit::exact_sum's bits for any world size and any
// placement of the values), and in the fixed-order modes it equals the
// serial seedkit::sum of the values in rank order, whatever MPI's own
// reduction algorithm. Every rank makes the same MPI calls, so a mismatch
// (different counts) is a seedkit::error on every rank, never a hang.
// Specification: docs/mpi.md.
#ifndef SEEDKIT_MPI_REDUCE_HPP
#define SEEDKIT_MPI_REDUCE_HPP

#include <mpi.h>

#include <climits>      // INT_MAX
#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <iterator>     // data, size
#include <string>       // string, to_string
#include <type_traits>  // is_same, remove_cv_t, remove_reference_t
#include <utility>      // declval
#include <vector>       // vector

#include "seedkit/config.hpp"
#include "seedkit/detail/reduce_kernels.hpp"
#include "seedkit/error.hpp"
#include "seedkit/exact.hpp"
#include "seedkit/mpi/detail/comm.hpp"
#include "seedkit/reduce.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace mpi {

namespace detail {

template <class T>
MPI_Datatype datatype() {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "seedkit::mpi sums take float or double");
  return std::is_same<T, float>::value ? MPI_FLOAT : MPI_DOUBLE;
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

// The sum of a distributed array: the concatenation, in rank order, of every
// rank's `count` values at `local` (counts may differ between ranks).
// - exact: each rank fills an exact_accumulator, the accumulators' 292
//   bytes (to_bytes) are gathered (MPI_Allgather) and merged; the result is the
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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/mpi.md).
template <class T>
T global_sum(MPI_Comm comm, const T* local, std::size_t count,
             reduce_mode mode = reduce_mode::exact) {
  detail::check_initialized("seedkit::mpi::global_sum");
  const MPI_Datatype type = detail::datatype<T>();
  const int size = detail::comm_size(comm);
  if (mode == reduce_mode::exact) {
    exact_accumulator acc;
    acc.add(local, local + count);
    const std::vector<std::uint8_t> mine = acc.to_bytes();
    std::vector<std::uint8_t> all(mine.size() * static_cast<std::size_t>(size));
    detail::check_mpi(MPI_Allgather(mine.data(), static_cast<int>(mine.size()), MPI_BYTE,
                                    all.data(), static_cast<int>(mine.size()), MPI_BYTE, comm),
                      "MPI_Allgather");
    exact_accumulator total;
    for (int r = 0; r < size; ++r) {
      total.merge(exact_accumulator::from_bytes(
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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/mpi.md).
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
      slice[j] = seedkit::detail::canonical_nan_if_nan(s);
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

#endif  // SEEDKIT_MPI_REDUCE_HPP

// seedkit/mpi/streams.hpp: this rank's keys, streams and epoch shards (part
// of the seedkit::mpi add-on). Each is derived by index from the master
// seed that seedkit::mpi::init installed on every rank: rank r's key for a
// name is key_for(name) / r, so ranks never share a stream and rank r's
// stream is the same for every world size; an epoch shard is this rank's
// share of the one permutation every rank computes (materialized by
// epoch_shard, an O(1) index_permutation view by index_shard). All of them are local
// (no communication): the communicator only gives the rank and the size.
// Specification: docs/mpi.md.
#ifndef SEEDKIT_MPI_STREAMS_HPP
#define SEEDKIT_MPI_STREAMS_HPP

#include <mpi.h>

#include <cstddef>      // size_t
#include <cstdint>      // uint64_t
#include <string_view>  // string_view
#include <vector>       // vector

#include "seedkit/config.hpp"
#include "seedkit/data.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/global.hpp"
#include "seedkit/index_permutation.hpp"
#include "seedkit/mpi/detail/comm.hpp"
#include "seedkit/stream.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace mpi {

// This rank's key for `name`: seedkit::key_for(name) / rank (derivation by
// index, so ranks never share a stream and rank r's stream is the same for
// every world size). Local; throws seedkit::error before init.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/mpi.md).
inline key rank_key_for(std::string_view name, MPI_Comm comm = MPI_COMM_WORLD) {
  return key_for(name).derive(detail::comm_rank(comm));
}

// The stream of rank_key_for(name, comm). Local.
// Example: auto rng = seedkit::mpi::rank_stream_for("dropout");
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/mpi.md).
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

// This rank's share of epoch `epoch` of n items in O(1) memory: the view
// seedkit::index_permutation(k / epoch, n).shard(rank, size, tail) with this
// communicator's rank and size, for n up to 2^64 - 1 (docs/index_permutation.md).
// A different order from epoch_shard's (which keeps its output); the same
// dealing. Local; resuming is view.begin() + position.
// Example:
//   for (std::uint64_t i : seedkit::mpi::index_shard_for("loader", epoch, n, tail)) visit(i);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/index_permutation.md).
inline index_permutation::shard_view index_shard(const key& k, std::uint64_t epoch, std::uint64_t n,
                                                 shard_tail tail, MPI_Comm comm = MPI_COMM_WORLD) {
  return index_permutation(k / epoch, n)
      .shard(static_cast<std::size_t>(detail::comm_rank(comm)),
             static_cast<std::size_t>(detail::comm_size(comm)), tail);
}
// The same with the key seedkit::key_for(name) (the same on every rank).
inline index_permutation::shard_view index_shard_for(std::string_view name, std::uint64_t epoch,
                                                     std::uint64_t n, shard_tail tail,
                                                     MPI_Comm comm = MPI_COMM_WORLD) {
  return index_shard(key_for(name), epoch, n, tail, comm);
}

// This rank's item count under epoch_shard: seedkit::shard_size(n, size, tail).
inline std::size_t shard_size(std::size_t n, shard_tail tail, MPI_Comm comm = MPI_COMM_WORLD) {
  return seedkit::shard_size(n, static_cast<std::size_t>(detail::comm_size(comm)), tail);
}

}  // namespace mpi
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_MPI_STREAMS_HPP

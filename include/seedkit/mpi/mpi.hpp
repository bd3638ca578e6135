// seedkit/mpi/mpi.hpp: the MPI add-on in one include (target seedkit::mpi,
// CMake option SEEDKIT_ENABLE_MPI; it links MPI::MPI_CXX and seedkit::record,
// for the fingerprint): one master seed across the ranks of an MPI
// communicator, a consensus check, per-rank streams and sums whose bits do
// not depend on the world size.
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
// - seedkit/mpi/consensus.hpp: init(comm), init(comm, seed);
// - seedkit/mpi/streams.hpp: rank_key_for, rank_stream_for, epoch_shard,
//   epoch_shard_for, index_shard, index_shard_for, shard_size (local);
// - seedkit/mpi/reduce.hpp: global_sum, allreduce_sum.
//
// Every function here is collective over `comm` unless it says otherwise:
// all ranks call it, with the same sizes where sizes are asked for. Each
// takes part in the same MPI calls whatever its local values are, so a
// disagreement is reported by seedkit::error on every rank rather than as a
// hang. Specification: docs/mpi.md.
#ifndef SEEDKIT_MPI_MPI_HPP
#define SEEDKIT_MPI_MPI_HPP

#include "seedkit/mpi/consensus.hpp"
#include "seedkit/mpi/reduce.hpp"
#include "seedkit/mpi/streams.hpp"

#endif  // SEEDKIT_MPI_MPI_HPP

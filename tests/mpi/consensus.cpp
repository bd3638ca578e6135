// Calls seedkit::mpi::init(MPI_COMM_WORLD) and reports the outcome on each
// rank: "[rank R] master seed S" on stdout, or "[rank R] seedkit::error: ..."
// on stderr and exit status 3. Driven by check_consensus.cmake.
#include "seedkit/mpi/mpi.hpp"

#include <mpi.h>

#include <cstdio>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int status = 0;
  try {
    const seedkit::seed_choice c = seedkit::mpi::init(MPI_COMM_WORLD);
    std::printf("[rank %d] master seed %llu (from %s)\n", rank,
                static_cast<unsigned long long>(c.seed), seedkit::to_string(c.source));
  } catch (const seedkit::error& e) {
    std::fprintf(stderr, "[rank %d] seedkit::error: %s\n", rank, e.what());
    status = 3;
  }
  MPI_Finalize();
  return status;
}

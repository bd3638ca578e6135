// Exact seedkit::mpi::allreduce_sum vs plain MPI_Allreduce(MPI_SUM) on 1M
// doubles. Not a Google Benchmark program (it needs mpiexec) and never a
// ctest test; run it by hand, e.g. as root:
//   export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader
//   mpiexec -n 2 --oversubscribe build/dev/bench/bench_mpi [n] [repetitions]
// Prints the median time of each and the throughput ratio exact / plain.
#include "seedkit/mpi/mpi.hpp"

#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

template <class F>
double median_seconds(int reps, F&& f) {
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    MPI_Barrier(MPI_COMM_WORLD);
    const auto start = std::chrono::steady_clock::now();
    f();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double slowest = 0;  // a collective takes as long as its slowest rank
    MPI_Allreduce(&s, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    t.push_back(slowest);
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 21;
  std::vector<double> in(n), out(n);
  seedkit::stream rng(seedkit::key(1) / rank);
  for (double& x : in) x = static_cast<double>(rng() >> 11) * 0x1p-53 - 0.5;

  const double plain = median_seconds(reps, [&] {
    MPI_Allreduce(in.data(), out.data(), static_cast<int>(n), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  });
  const double exact = median_seconds(
      reps, [&] { seedkit::mpi::allreduce_sum(MPI_COMM_WORLD, in.data(), out.data(), n); });
  const double fixed = median_seconds(reps, [&] {
    seedkit::mpi::allreduce_sum(MPI_COMM_WORLD, in.data(), out.data(), n,
                                seedkit::reduce_mode::pairwise);
  });
  if (rank == 0) {
    const double mb = static_cast<double>(n * sizeof(double)) / 1e6;
    std::printf("%zu doubles, %d ranks, median of %d\n", n, size, reps);
    std::printf("MPI_Allreduce(MPI_SUM)          %8.3f ms  %8.1f MB/s\n", plain * 1e3, mb / plain);
    std::printf("allreduce_sum exact            %8.3f ms  %8.1f MB/s  ratio %.2f\n", exact * 1e3,
                mb / exact, plain / exact);
    std::printf("allreduce_sum pairwise (fixed) %8.3f ms  %8.1f MB/s  ratio %.2f\n", fixed * 1e3,
                mb / fixed, plain / fixed);
  }
  MPI_Finalize();
  return 0;
}

// A consumer of seedkit's add-ons (tests/consumer/addons/CMakeLists.txt
// picks them with SEEDKIT_CONSUMER_<ADDON>): each is included through its
// umbrella header, used once, and linked. Exits non-zero on a wrong value.
#include <cstdio>  // printf

#include <seedkit/seedkit.hpp>

#ifdef SEEDKIT_CONSUMER_RECORD
#  include <seedkit/record/record.hpp>
#endif
#ifdef SEEDKIT_CONSUMER_MPI
#  include <seedkit/mpi/mpi.hpp>
#endif
#ifdef SEEDKIT_CONSUMER_TORCH
#  include <seedkit/torch/torch.hpp>
#endif

int main() {
  int failures = 0;
  seedkit::init(12321);
#ifdef SEEDKIT_CONSUMER_RECORD
  (void)seedkit::stream_for("data/shuffle");
  const seedkit::manifest m = seedkit::manifest::from_json(seedkit::manifest::capture().to_json());
  failures += m.master_seed == 12321 ? 0 : 1;
  std::printf("record: master seed %llu\n", static_cast<unsigned long long>(m.master_seed));
#endif
#ifdef SEEDKIT_CONSUMER_MPI
  // Linked, not started: MPI_Initialized may be called before MPI_Init.
  int started = 1;
  MPI_Initialized(&started);
  failures += started == 0 ? 0 : 1;
  std::printf("mpi: linked, MPI_Initialized = %d\n", started);
#endif
#ifdef SEEDKIT_CONSUMER_TORCH
  at::Generator g = seedkit::torch::generator_for("consumer");
  const double x = at::randn({1}, g).item<double>();
  failures += x == x ? 0 : 1;
  std::printf("torch: randn on seedkit's \"consumer\" generator = %.9f\n", x);
#endif
  return failures;
}

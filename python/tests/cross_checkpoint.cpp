// The C++ half of the RNG checkpoint cross-language test
// (python/tests/test_torch.py): loads a checkpoint Python wrote, saves it
// back, moves every state on and saves a checkpoint of its own, printing
// what comes next after each point, for Python to compare with.
//   seedkit_python_cross_checkpoint <master seed> <in.json> <back.json> <own.json>
// Tracked, as in the Python test: the stream "augment" (stream_for) and the
// generator "noise" (generator_for, tracked by name automatically).
// Prints, after the load and again after the own checkpoint:
//   <label> <2 words of "augment"> <3 doubles of at::randn({3}, noise)>
//           <3 doubles of at::randn({3})>           (doubles as hex bits)
#include <cinttypes>  // PRIu64, PRIx64
#include <cstdint>    // uint64_t
#include <cstdio>     // printf
#include <cstdlib>    // strtoull
#include <cstring>    // memcpy
#include <exception>  // exception
#include <string>     // string

#include "seedkit/torch/torch.hpp"

namespace {

void print(const char* label, seedkit::stream& s, at::Generator& g) {
  std::printf("%s", label);
  for (int i = 0; i < 2; ++i) std::printf(" %" PRIu64, s());
  for (const at::Tensor& t : {at::randn({3}, g, at::kDouble), at::randn({3}, at::kDouble)}) {
    for (int i = 0; i < 3; ++i) {
      const double v = t[i].item<double>();
      std::uint64_t u;
      std::memcpy(&u, &v, 8);
      std::printf(" %016" PRIx64, u);
    }
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s <master seed> <in.json> <back.json> <own.json>\n", argv[0]);
    return 2;
  }
  try {
    seedkit::init(std::strtoull(argv[1], nullptr, 10));
    seedkit::stream augment = seedkit::stream_for("augment");
    at::Generator noise = seedkit::torch::generator_for("noise");
    seedkit::torch::rng_checkpoint rng;
    rng.track("augment", augment);
    nlohmann::json user = rng.load(argv[2]);
    rng.save(argv[3], user);  // the same states and user object: the same file
    print("loaded", augment, noise);
    user["written_by"] = "C++";
    rng.save(argv[4], user);
    print("own", augment, noise);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}

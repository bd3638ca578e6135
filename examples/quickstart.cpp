// quickstart: one master seed, named streams.
//
//   quickstart 12321          # the seed from the command line
//   SEEDKIT_SEED=0x3021 quickstart
//   quickstart                # SEEDKIT_SEED if set, else std::random_device
//
// Prints the master seed and where it came from, then the first three 64-bit
// outputs of three named streams. The same seed prints the same values on
// every platform, compiler and standard library.
#include <cinttypes>
#include <cstdio>

#include <seedkit/seedkit.hpp>

int main(int argc, char** argv) {
  try {
    const seedkit::seed_choice choice =
        argc > 1 ? seedkit::init(seedkit::parse_seed(argv[1], "the seed argument"))
                 : seedkit::init();
    std::printf("master seed: %" PRIu64 " (from %s)\n", choice.seed,
                seedkit::to_string(choice.source));

    for (const char* name : {"data/shuffle", "model/init", "dropout"}) {
      seedkit::stream rng = seedkit::stream_for(name);
      const std::uint64_t a = rng(), b = rng(), c = rng();
      std::printf("%s: %016" PRIx64 " %016" PRIx64 " %016" PRIx64 "\n", name, a, b, c);
    }
    // A seed for another library, e.g. torch::manual_seed(seedkit::seed_for("torch")).
    std::printf("seed_for(\"torch\"): %" PRIu64 "\n", seedkit::seed_for("torch"));
  } catch (const seedkit::error& e) {
    std::fprintf(stderr, "quickstart: %s\n", e.what());
    return 2;
  }
  return 0;
}

// Prints what the Python tests compare with (python/tests/test_seedkit.py):
//   words <seed> <name> <w0> ... <w7>      stream(key(seed).derive(name))'s first words
//   master <seed> <name> <w0> <w1>         stream_for(name) after init(seed)
//   sum <mode> <hex bits>                  the sum of the fixed array below
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <vector>

#include "seedkit/seedkit.hpp"

int main() {
  for (const std::uint64_t seed : {0ull, 1ull, 42ull, 12321ull, 0xffffffffffffffffull}) {
    for (const char* name : {"data/shuffle", "model/init", "dropout", "a", ""}) {
      seedkit::stream s(seedkit::key(seed).derive(name));
      std::printf("words %" PRIu64 " %s", seed, name[0] ? name : "-");
      for (int i = 0; i < 8; ++i) std::printf(" %" PRIu64, s());
      std::printf("\n");
    }
  }
  seedkit::init(12321);
  for (const char* name : {"data/shuffle", "model/init"}) {
    seedkit::stream s = seedkit::stream_for(name);
    const std::uint64_t a = s(), b = s();
    std::printf("master 12321 %s %" PRIu64 " %" PRIu64 "\n", name, a, b);
  }
  // x[i] = (i % 7 - 3) * 1e-3 + (i % 3) * 1e16 - (i % 5) * 1e15, i < 10007
  std::vector<double> x(10007);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(static_cast<int>(i % 7) - 3) * 1e-3 +
           static_cast<double>(i % 3) * 1e16 - static_cast<double>(i % 5) * 1e15;
  }
  const auto bits = [](double v) {
    std::uint64_t u;
    std::memcpy(&u, &v, 8);
    return u;
  };
  std::printf("sum exact %016" PRIx64 "\n", bits(seedkit::exact_sum(x)));
  std::printf("sum pairwise %016" PRIx64 "\n", bits(seedkit::pairwise_sum(x)));
  std::printf("sum compensated %016" PRIx64 "\n", bits(seedkit::compensated_sum(x)));
  return 0;
}

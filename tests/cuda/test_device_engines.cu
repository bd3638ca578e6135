// The engines in device code: a __global__ kernel runs philox4x32_block,
// philox_engine and splitmix64, and the host compares what it gets with the
// published values (Random123 kat_vectors; C++26 [rand.predef]; the
// rand_xoshiro splitmix64 test) and with the same code run on the host.
// The values, and the inputs they belong to, are read from
// tests/reference/known_answers.txt, whose path is argv[1] (ctest passes it;
// see tests/cuda/cuda_compile.cmake), with the host tests' reader.
// Without a GPU (no driver) the host pass is checked and the device part is
// reported as not run.
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "../support/known_answers.hpp"
#include "seedkit/philox.hpp"
#include "seedkit/splitmix64.hpp"

struct inputs {
  seedkit::philox4x32_ctr ctr;
  seedkit::philox4x32_key key;
  unsigned long long philox4x32_index;  // 1-based invocation number
  unsigned long long splitmix_seed;
};

struct results {
  std::uint32_t block[4];
  unsigned long long philox4x32_nth;
  unsigned long long splitmix_first;
};

__host__ __device__ void compute(const inputs& in, results* r) {
  const seedkit::philox4x32_ctr b = seedkit::philox4x32_block(in.ctr, in.key);
  for (int i = 0; i < 4; ++i) r->block[i] = b[static_cast<std::size_t>(i)];
  seedkit::philox4x32 e;
  e.discard(in.philox4x32_index - 1);
  r->philox4x32_nth = e();
  seedkit::splitmix64 g(in.splitmix_seed);
  r->splitmix_first = g();
}

__global__ void kernel(inputs in, results* r) { compute(in, r); }

// The inputs, and the expected results, from the known-answer file.
static bool load(const std::string& path, inputs* in, results* want) {
  try {
    const std::vector<std::uint64_t> kat =
        seedkit_test::known_answer_in(path, "philox4x32_10.zero");
    const std::vector<std::uint64_t> nth =
        seedkit_test::known_answer_in(path, "philox4x32.10000th");
    const std::vector<std::uint64_t> sm =
        seedkit_test::known_answer_in(path, "splitmix64.rand_xoshiro");
    if (kat.size() != 10 || nth.size() != 1 || sm.size() < 2) {
      std::fprintf(stderr, "%s: unexpected entry sizes\n", path.c_str());
      return false;
    }
    for (std::size_t i = 0; i < 4; ++i) in->ctr[i] = static_cast<std::uint32_t>(kat[i]);
    for (std::size_t i = 0; i < 2; ++i) in->key[i] = static_cast<std::uint32_t>(kat[4 + i]);
    for (std::size_t i = 0; i < 4; ++i) want->block[i] = static_cast<std::uint32_t>(kat[6 + i]);
    in->philox4x32_index = 10000;
    want->philox4x32_nth = nth[0];
    in->splitmix_seed = sm[0];
    want->splitmix_first = sm[1];
    return true;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return false;
  }
}

static bool check(const results& r, const results& want, const char* where) {
  bool ok = r.philox4x32_nth == want.philox4x32_nth && r.splitmix_first == want.splitmix_first;
  for (int i = 0; i < 4; ++i) ok = ok && r.block[i] == want.block[i];
  std::printf("%s: %s\n", where, ok ? "ok" : "MISMATCH");
  return ok;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s tests/reference/known_answers.txt\n", argv[0]);
    return 2;
  }
  inputs in{};
  results want{};
  if (!load(argv[1], &in, &want)) return 1;

  results host{};
  compute(in, &host);
  if (!check(host, want, "host pass")) return 1;

  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    std::printf("device pass: not run (no CUDA device); device code compiled\n");
    return 0;
  }
  results* d = nullptr;
  if (cudaMalloc(&d, sizeof(results)) != cudaSuccess) return 1;
  kernel<<<1, 1>>>(in, d);
  results dev{};
  const bool copied = cudaMemcpy(&dev, d, sizeof(results), cudaMemcpyDeviceToHost) == cudaSuccess;
  cudaFree(d);
  if (!copied) return 1;
  return check(dev, want, "device pass") ? 0 : 1;
}

// The engines in device code: a __global__ kernel runs philox4x32_block,
// philox_engine and splitmix64, and the host compares what it gets with the
// published values (Random123 kat_vectors; C++26 [rand.predef]; the
// rand_xoshiro splitmix64 test) and with the same code run on the host.
// Without a GPU (no driver) the host pass is checked and the device part is
// reported as not run.
#include <cstdio>
#include <cstdint>

#include "seedkit/philox.hpp"
#include "seedkit/splitmix64.hpp"

struct results {
  std::uint32_t block_zero[4];
  unsigned long long philox4x32_10000th;
  unsigned long long splitmix_first;
};

__host__ __device__ void compute(results* r) {
  const seedkit::philox4x32_ctr b = seedkit::philox4x32_block({{0, 0, 0, 0}}, {{0, 0}});
  for (int i = 0; i < 4; ++i) r->block_zero[i] = b[static_cast<std::size_t>(i)];
  seedkit::philox4x32 e;
  e.discard(9999);
  r->philox4x32_10000th = e();
  seedkit::splitmix64 g(1477776061723855037u);
  r->splitmix_first = g();
}

__global__ void kernel(results* r) { compute(r); }

static bool check(const results& r, const char* where) {
  const bool ok = r.block_zero[0] == 0x6627e8d5u && r.block_zero[1] == 0xe169c58du &&
                  r.block_zero[2] == 0xbc57ac4cu && r.block_zero[3] == 0x9b00dbd8u &&
                  r.philox4x32_10000th == 1955073260u && r.splitmix_first == 1985237415132408290u;
  std::printf("%s: %s\n", where, ok ? "ok" : "MISMATCH");
  return ok;
}

int main() {
  results host{};
  compute(&host);
  if (!check(host, "host pass")) return 1;

  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    std::printf("device pass: not run (no CUDA device); device code compiled\n");
    return 0;
  }
  results* d = nullptr;
  if (cudaMalloc(&d, sizeof(results)) != cudaSuccess) return 1;
  kernel<<<1, 1>>>(d);
  results dev{};
  const bool copied = cudaMemcpy(&dev, d, sizeof(results), cudaMemcpyDeviceToHost) == cudaSuccess;
  cudaFree(d);
  if (!copied) return 1;
  return check(dev, "device pass") ? 0 : 1;
}

// seedkit::index_permutation in device code: a __global__ kernel computes
// p[i], p.inverse(i) and p.copy for positions of three permutations (the
// Fisher-Yates table, a Feistel network with cycle walking, n = 2^64 - 1),
// and the host compares them with the same calls on the host, which
// tests/permutation checks against the Python reference's goldens.
// Without a GPU (no driver) the device part is reported as not run.
#include <cstdint>
#include <cstdio>

#include "seedkit/index_permutation.hpp"

constexpr int perms = 3;
constexpr int positions = 64;

struct results {
  unsigned long long value[perms][positions];
  unsigned long long inverse[perms][positions];
  unsigned long long copied[perms][positions];
};

struct inputs {
  seedkit::index_permutation p[perms];
};

__host__ __device__ unsigned long long position(const seedkit::index_permutation& p, int t) {
  const std::uint64_t n = p.size();
  return static_cast<unsigned long long>((static_cast<std::uint64_t>(t) * 0x9e3779b97f4a7c15u) %
                                         n);  // wraps by design
}

__host__ __device__ void compute(const inputs& in, results* r, int t) {
  for (int k = 0; k < perms; ++k) {
    const seedkit::index_permutation& p = in.p[k];
    const std::uint64_t i = position(p, t);
    r->value[k][t] = p[i];
    r->inverse[k][t] = p.inverse(i);
    std::uint64_t out[1] = {0};
    p.copy(i, 1, out);
    r->copied[k][t] = out[0];
  }
}

__global__ void kernel(inputs in, results* r) { compute(in, r, static_cast<int>(threadIdx.x)); }

static bool same(const results& a, const results& b, const char* where) {
  bool ok = true;
  for (int k = 0; k < perms; ++k) {
    for (int t = 0; t < positions; ++t) {
      ok = ok && a.value[k][t] == b.value[k][t] && a.inverse[k][t] == b.inverse[k][t] &&
           a.copied[k][t] == b.copied[k][t];
    }
  }
  std::printf("%s: %s\n", where, ok ? "ok" : "MISMATCH");
  return ok;
}

int main() {
  const seedkit::key k = seedkit::key(12321) / "device";
  const inputs in{{seedkit::index_permutation(k, 10), seedkit::index_permutation(k, 1000003),
                   seedkit::index_permutation(k, ~std::uint64_t{0})}};
  results host{};
  for (int t = 0; t < positions; ++t) compute(in, &host, t);
  bool ok = true;
  for (int kk = 0; kk < perms; ++kk) {
    for (int t = 0; t < positions; ++t) {
      ok = ok && host.copied[kk][t] == host.value[kk][t] &&
           in.p[kk].inverse(host.value[kk][t]) == position(in.p[kk], t);
    }
  }
  std::printf("host pass: %s\n", ok ? "ok" : "MISMATCH");
  if (!ok) return 1;

  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    std::printf("device pass: not run (no CUDA device); device code compiled\n");
    return 0;
  }
  results* d = nullptr;
  if (cudaMalloc(&d, sizeof(results)) != cudaSuccess) return 1;
  kernel<<<1, positions>>>(in, d);
  results dev{};
  const bool copied = cudaMemcpy(&dev, d, sizeof(results), cudaMemcpyDeviceToHost) == cudaSuccess;
  cudaFree(d);
  if (!copied) return 1;
  return same(dev, host, "device pass") ? 0 : 1;
}

// The CUDA add-on's device parts, compiled by nvcc: stream_fill (thread i
// writes output i of a stream), key derivation inside a kernel, and the
// deterministic device sum for several grid and block sizes, each compared
// bit for bit with the host. Without a GPU the host side is checked and the
// device part is reported as not run.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "seedkit/cuda.hpp"

namespace sc = seedkit::cuda;

// Thread i derives key k / "worker" / i on the device and takes that key's
// output 0, a sub-stream per thread.
__global__ void substream_kernel(seedkit::key k, std::uint64_t* out, unsigned n) {
  const unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = seedkit::compact_stream(k / "worker" / i)[0];
}

static int failures = 0;
static void expect(bool ok, const char* what) {
  std::printf("%s: %s\n", what, ok ? "ok" : "MISMATCH");
  failures += ok ? 0 : 1;
}
template <class T>
static bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

int main() {
  const seedkit::key k = seedkit::key(12321) / "data/shuffle";
  // Host pass: the documented first output (docs/derivation.md).
  expect(seedkit::compact_stream(k)[0] == 0xe6088c23d5a65cccu, "host pass");
  std::vector<double> x(100003);
  seedkit::stream s(seedkit::key(1) / "sum");
  for (double& v : x) v = static_cast<double>(static_cast<std::int64_t>(s())) * 0x1p-60;
  const double reference = sc::device_sum_reference(x.data(), x.size());

  int devices = 0;
  if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
    std::printf("device part not run: no CUDA device (device code compiled)\n");
    return failures == 0 ? 0 : 1;
  }

  const std::size_t n = 1000003;
  const std::uint64_t first = (std::uint64_t{1} << 33) + 5;
  std::uint64_t* d = nullptr;
  if (cudaMalloc(&d, n * sizeof(std::uint64_t)) != cudaSuccess) return 1;
  sc::stream_fill(k, first, d, n);
  std::vector<std::uint64_t> got(n);
  cudaMemcpy(got.data(), d, n * sizeof(std::uint64_t), cudaMemcpyDeviceToHost);
  const seedkit::stream host(k);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n; ++i) bad += got[i] != host[first + i];
  expect(bad == 0, "stream_fill equals the host stream");

  substream_kernel<<<8, 128>>>(k, d, 1000);
  cudaMemcpy(got.data(), d, 1000 * sizeof(std::uint64_t), cudaMemcpyDeviceToHost);
  bad = 0;
  for (unsigned i = 0; i < 1000; ++i) bad += got[i] != seedkit::compact_stream(k / "worker" / i)[0];
  expect(bad == 0, "device key derivation equals the host");
  cudaFree(d);

  double* dx = nullptr;
  if (cudaMalloc(&dx, x.size() * sizeof(double)) != cudaSuccess) return 1;
  cudaMemcpy(dx, x.data(), x.size() * sizeof(double), cudaMemcpyHostToDevice);
  bool all = true;
  const unsigned grids[] = {1, 7, 1024};
  const unsigned blocks[] = {32, 96, 256, 1024};
  for (unsigned g : grids) {
    for (unsigned b : blocks) all = all && same_bits(sc::device_sum(dx, x.size(), g, b), reference);
  }
  cudaFree(dx);
  expect(all, "device_sum equals device_sum_reference for every grid and block size");
  return failures == 0 ? 0 : 1;
}

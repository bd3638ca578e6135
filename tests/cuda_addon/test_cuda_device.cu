// The CUDA add-on's device parts, compiled by nvcc: stream_fill (thread i
// writes output i of a stream), key derivation inside a kernel, curand_init +
// curand on the device against seedkit's (seed, subsequence, offset) stream,
// a device cuRAND generator against the host generator and the documented
// layout, and the deterministic and exact device sums for several grid and
// block sizes, each compared bit for bit with the host. Without a GPU the
// host side is checked and the device part is reported as not run.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include <curand_kernel.h>

#include "seedkit/cuda/cuda.hpp"
#if __has_include(<cudnn.h>)
#  include "seedkit/cudnn/cudnn.hpp"  // compiles under nvcc too (host-only helpers)
#endif

namespace sc = seedkit::cuda;

// Thread i derives key k / "worker" / i on the device and takes that key's
// output 0, a sub-stream per thread.
__global__ void substream_kernel(seedkit::key k, std::uint64_t* out, unsigned n) {
  const unsigned i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = seedkit::compact_stream(k / "worker" / i)[0];
}

// Thread t: curand_init(seed, first_subsequence + t, offset + 5 t), then
// `words` curand() calls.
__global__ void curand_device_kernel(unsigned long long seed, unsigned long long first_subsequence,
                                     unsigned long long offset, unsigned* out, unsigned words,
                                     unsigned threads) {
  const unsigned t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= threads) return;
  curandStatePhilox4_32_10_t st;
  curand_init(seed, first_subsequence + t, offset + 5ull * t, &st);
  for (unsigned w = 0; w < words; ++w) out[t * words + w] = curand(&st);
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
  expect(seedkit::compact_stream(k)[0] == 0x95db96cfafd66b92u, "host pass");
  std::vector<double> x(100003);
  seedkit::stream s(seedkit::key(1) / "sum");
  for (double& v : x) v = static_cast<double>(static_cast<std::int64_t>(s())) * 0x1p-60;
  const double reference = sc::device_sum_reference(x.data(), x.size());

  // Bad launch shapes are refused before any CUDA call, naming the parameter.
  const auto refuses = [](auto&& f, const char* what) {
    try {
      f();
    } catch (const seedkit::error& e) {
      return std::strstr(e.what(), what) != nullptr;
    }
    return false;
  };
  expect(
      refuses([&] { sc::stream_fill(k, 0, nullptr, 5, nullptr, 0); }, "stream_fill: block is 0") &&
          refuses([&] { sc::stream_fill(k, 0, nullptr, 5, nullptr, 2048); },
                  "accepted: 1 to 1024") &&
          refuses([&] { sc::stream_fill(k, (std::uint64_t{1} << 63) - 1, nullptr, 2); },
                  "passes the end of the stream; accepted: first + n <= 2^63") &&
          refuses([&] { sc::device_sum(x.data(), x.size(), 0, 256); }, "device_sum: grid is 0") &&
          refuses([&] { sc::device_sum(x.data(), x.size(), 0x80000000u, 256); },
                  "grid is 2147483648; accepted: 1 to 2^31 - 1 blocks") &&
          refuses([&] { sc::device_exact_sum(x.data(), x.size(), 4, 0); },
                  "device_exact_sum: block is 0"),
      "bad launch shapes are seedkit::error");

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
  // Short fills at even and odd starts: only the requested outputs are written.
  for (const std::uint64_t f :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{6}, std::uint64_t{7}}) {
    for (const std::size_t len : {std::size_t{1}, std::size_t{2}, std::size_t{3}}) {
      cudaMemset(d, 0xff, 8 * sizeof(std::uint64_t));
      sc::stream_fill(k, f, d + 2, len, nullptr, 32);
      std::uint64_t small[8];
      cudaMemcpy(small, d, sizeof small, cudaMemcpyDeviceToHost);
      for (std::size_t i = 0; i < 8; ++i) {
        const bool inside = i >= 2 && i < 2 + len;
        bad += small[i] != (inside ? host[f + i - 2] : ~std::uint64_t{0});
      }
    }
  }
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
  // A seedkit::error from one launch shape is a mismatch, not the end of the run.
  const auto ok = [](auto&& f) {
    try {
      return static_cast<bool>(f());
    } catch (const seedkit::error& e) {
      std::printf("  error: %s\n", e.what());
      return false;
    }
  };
  std::vector<float> xs(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) xs[i] = static_cast<float>(x[i]);
  const float reference_f = sc::device_sum_reference(xs.data(), xs.size());
  float* dxs = nullptr;
  if (cudaMalloc(&dxs, xs.size() * sizeof(float)) != cudaSuccess) return 1;
  cudaMemcpy(dxs, xs.data(), xs.size() * sizeof(float), cudaMemcpyHostToDevice);
  bool all = true;
  const unsigned grids[] = {1, 7, 1024};
  // 32, 96, 300: the general path; 256, 512, 768, 1024: one to four groups of 256.
  const unsigned blocks[] = {32, 96, 256, 300, 512, 768, 1024};
  for (unsigned g : grids) {
    for (unsigned b : blocks) {
      const bool same =
          ok([&] { return same_bits(sc::device_sum(dx, x.size(), g, b), reference); }) &&
          ok([&] { return same_bits(sc::device_sum(dxs, xs.size(), g, b), reference_f); });
      if (!same) std::printf("  device_sum differs at grid %u, block %u\n", g, b);
      all = all && same;
    }
  }
  // device_sum_to leaves the same bits in device memory (here without any
  // synchronization until the copy).
  double* dres = nullptr;
  if (cudaMalloc(&dres, 2 * sizeof(double)) != cudaSuccess) return 1;
  sc::device_sum_to(dx, x.size(), dres, 7, 512);
  sc::device_sum_to(dx, 0, dres + 1);
  double res[2] = {1.0, 1.0};
  cudaMemcpy(res, dres, sizeof res, cudaMemcpyDeviceToHost);
  cudaFree(dres);
  all = all && same_bits(res[0], reference) && same_bits(res[1], 0.0);
  cudaFree(dxs);
  expect(all,
         "device_sum and device_sum_to equal device_sum_reference (double and float) for every "
         "grid and block size");

  // Exact mode: exact_sum's bits, for doubles with cancellation and for
  // floats, over inputs that span several 2^20-term segments.
  std::vector<double> xe(3 * sc::exact_segment + 77);
  for (std::size_t i = 0; i < xe.size(); ++i) {
    xe[i] = i % 3 == 2
                ? -xe[i - 1] * 0.5
                : std::ldexp(static_cast<double>(s() >> 11), static_cast<int>(s() % 200) - 100);
  }
  std::vector<float> xf(xe.size());
  for (std::size_t i = 0; i < xe.size(); ++i) xf[i] = static_cast<float>(xe[i] * 1e-20);
  const double want_d = seedkit::exact_sum(xe);
  const float want_f = seedkit::exact_sum(xf);
  seedkit::exact_accumulator want_acc;
  want_acc.add(xe);
  double* dxe = nullptr;
  float* dxf = nullptr;
  if (cudaMalloc(&dxe, xe.size() * sizeof(double)) != cudaSuccess ||
      cudaMalloc(&dxf, xf.size() * sizeof(float)) != cudaSuccess) {
    return 1;
  }
  cudaMemcpy(dxe, xe.data(), xe.size() * sizeof(double), cudaMemcpyHostToDevice);
  cudaMemcpy(dxf, xf.data(), xf.size() * sizeof(float), cudaMemcpyHostToDevice);
  all = true;
  for (unsigned g : grids) {
    for (unsigned b : blocks) {
      const bool same =
          ok([&] { return same_bits(sc::device_exact_sum(dxe, xe.size(), g, b), want_d); }) &&
          ok([&] { return same_bits(sc::device_exact_sum(dxf, xf.size(), g, b), want_f); });
      if (!same) std::printf("  device_exact_sum differs at grid %u, block %u\n", g, b);
      all = all && same;
    }
  }
  expect(all, "device_exact_sum equals exact_sum (double and float) for every grid and block size");
  expect(sc::device_exact_accumulate(dxe, xe.size()) == want_acc,
         "device_exact_accumulate equals the host exact_accumulator");
  all = same_bits(sc::device_exact_sum(dxe, 0), 0.0);
  for (std::size_t n : {std::size_t{1}, std::size_t{3}, std::size_t{4097}}) {
    all = all &&
          same_bits(sc::device_exact_sum(dxe, n), seedkit::exact_sum(xe.data(), xe.data() + n));
  }
  expect(all, "device_exact_sum on short prefixes");

  // Special values and zeros: the flags travel through the shared and
  // global atomicOr; compared as accumulators, which include the flags.
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double tiny = std::numeric_limits<double>::denorm_min();
  const std::vector<std::vector<double>> specials = {{-0.0, -0.0},    {-0.0, 0.0}, {inf, 1.0},
                                                     {-inf, 2.0},     {inf, -inf}, {nan},
                                                     {1.0, nan, inf}, {tiny, -0.0}};
  all = true;
  for (const auto& v : specials) {
    seedkit::exact_accumulator want;
    want.add(v);
    cudaMemcpy(dxe, v.data(), v.size() * sizeof(double), cudaMemcpyHostToDevice);
    for (const unsigned b : {1u, 256u}) {
      all = all && ok([&] { return sc::device_exact_accumulate(dxe, v.size(), 3, b) == want; }) &&
            ok([&] {
              return same_bits(sc::device_exact_sum(dxe, v.size(), 3, b), seedkit::exact_sum(v));
            });
    }
  }
  expect(all, "device_exact_accumulate keeps NaN, infinities and the sign of zero");
  cudaFree(dxe);
  cudaFree(dxf);
  cudaFree(dx);

  // curand_init + curand on the device: seedkit::stream(seed, subsequence, offset).
  const unsigned threads = 512, words = 37;
  unsigned* dw = nullptr;
  if (cudaMalloc(&dw, threads * words * sizeof(unsigned)) != cudaSuccess) return 1;
  const unsigned long long cseed = 0x0123456789abcdefull, csub = (1ull << 40) + 3,
                           coff = 1ull << 35;
  curand_device_kernel<<<(threads + 127) / 128, 128>>>(cseed, csub, coff, dw, words, threads);
  std::vector<unsigned> cw(threads * words);
  cudaMemcpy(cw.data(), dw, cw.size() * sizeof(unsigned), cudaMemcpyDeviceToHost);
  cudaFree(dw);
  bad = 0;
  for (unsigned t = 0; t < threads; ++t) {
    seedkit::stream st(cseed, csub + t, coff + 5ull * t);
    for (unsigned w = 0; w < words; ++w) bad += cw[t * words + w] != st.next_u32();
  }
  expect(bad == 0,
         "curand_init + curand on the device equals seedkit::stream(seed, subsequence, offset)");

  // A device cuRAND generator (LEGACY ordering): the host generator's words
  // and the documented layout, across two calls and the 262144-word wrap.
  const seedkit::key gk = seedkit::key(2026) / "dropout";
  const std::size_t first_n = 262144 + 12, second_n = 1000;
  std::vector<unsigned> dev_words(first_n + second_n), host_words(first_n + second_n);
  {
    sc::curand_generator gen(gk);
    unsigned* dg = nullptr;
    if (cudaMalloc(&dg, dev_words.size() * sizeof(unsigned)) != cudaSuccess) return 1;
    gen.generate(dg, first_n);
    gen.generate(dg + first_n, second_n);
    cudaMemcpy(dev_words.data(), dg, dev_words.size() * sizeof(unsigned), cudaMemcpyDeviceToHost);
    cudaFree(dg);
  }
  {
    sc::curand_generator host_gen = sc::curand_generator::host(gk);
    host_gen.generate(host_words.data(), first_n);
    host_gen.generate(host_words.data() + first_n, second_n);
  }
  expect(dev_words == host_words, "a device curand_generator gives the host generator's words");
  const std::uint64_t g = sc::curand_generator::seed_for_key(gk);
  bad = 0;
  for (std::uint64_t i = 0; i < dev_words.size(); ++i) {
    const seedkit::stream layout(seedkit::key::from_words(g, (i / 4) % 65536));
    bad += dev_words[i] != layout.word(4 * (i / 262144) + i % 4);
  }
  expect(bad == 0, "a device curand_generator follows the documented layout");
  return failures == 0 ? 0 : 1;
}

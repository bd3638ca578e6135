// Device throughput of the CUDA add-on against the libraries it must keep up
// with: seedkit::cuda::stream_fill against curandGenerate with
// Philox4_32_10, seedkit::cuda::device_sum against cub::DeviceReduce::Sum,
// and a device-to-device cudaMemcpy of the same size as the measured copy
// bandwidth. Compiled by nvcc (not by bench/CMakeLists.txt, which builds the
// host benchmarks); tools/gpu_check.sh builds and runs it and
// bench/gpu_summary.py turns its JSON output into ratios (docs/cuda-benchmarks.md).
//
//   nvcc -std=c++17 -O2 -arch=native -I include bench/bench_cuda.cu -o bench_cuda
//        -lcurand -lcublas -lbenchmark -lpthread      (one command line)
//   ./bench_cuda --benchmark_out=bench_cuda.json --benchmark_out_format=json
//
// Every benchmark times GPU work with a cudaEvent pair on the default stream
// and reports it with state.SetIterationTime (->UseManualTime()), so
// real_time and bytes_per_second in the output are the event times. Names
// carry the size: "bytes:B" for the fills and copies (bytes written or
// copied), "n:N" for the sums (elements summed). Without a CUDA device the
// program prints "bench_cuda: no CUDA device; benchmarks not run" and exits 0
// (with --benchmark_list_tests it also lists the benchmark names).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>

#include <benchmark/benchmark.h>
#include <cub/device/device_reduce.cuh>
#include <cuda_runtime.h>
#include <curand.h>

#include "seedkit/cuda/cuda.hpp"

namespace {

// Throws std::runtime_error naming the call and the CUDA error (for example
// "cudaMalloc returned cudaErrorMemoryAllocation") unless e is cudaSuccess.
void check_cuda(cudaError_t e, const char* call) {
  if (e == cudaSuccess) return;
  throw std::runtime_error(std::string(call) + " returned " + cudaGetErrorName(e) + " (" +
                           cudaGetErrorString(e) + ")");
}

// Device memory for n elements of T, freed on destruction.
template <class T>
class device_buffer {
 public:
  explicit device_buffer(std::size_t n) : n_(n) {
    check_cuda(cudaMalloc(&p_, n * sizeof(T)), "cudaMalloc");
  }
  device_buffer(const device_buffer&) = delete;
  device_buffer& operator=(const device_buffer&) = delete;
  ~device_buffer() { cudaFree(p_); }
  T* get() const noexcept { return p_; }
  std::size_t size() const noexcept { return n_; }
  std::size_t bytes() const noexcept { return n_ * sizeof(T); }

 private:
  T* p_ = nullptr;
  std::size_t n_;
};

// A start/stop cudaEvent pair recorded on the default stream: start(), the
// GPU work, then stop_seconds() records the stop event, waits for it and
// returns the elapsed GPU time in seconds.
class event_timer {
 public:
  event_timer() {
    check_cuda(cudaEventCreate(&start_), "cudaEventCreate");
    try {
      check_cuda(cudaEventCreate(&stop_), "cudaEventCreate");
    } catch (...) {
      cudaEventDestroy(start_);
      throw;
    }
  }
  event_timer(const event_timer&) = delete;
  event_timer& operator=(const event_timer&) = delete;
  ~event_timer() {
    cudaEventDestroy(stop_);
    cudaEventDestroy(start_);
  }
  void start() { check_cuda(cudaEventRecord(start_, nullptr), "cudaEventRecord"); }
  double stop_seconds() {
    check_cuda(cudaEventRecord(stop_, nullptr), "cudaEventRecord");
    check_cuda(cudaEventSynchronize(stop_), "cudaEventSynchronize");
    float ms = 0.0f;
    check_cuda(cudaEventElapsedTime(&ms, start_, stop_), "cudaEventElapsedTime");
    return static_cast<double>(ms) * 1e-3;
  }

 private:
  cudaEvent_t start_ = nullptr;
  cudaEvent_t stop_ = nullptr;
};

// Runs a benchmark body; an exception becomes state.SkipWithError with its
// message (the CUDA, cuRAND or seedkit error), so one failing case is
// reported in the output instead of ending the run.
template <class Body>
void guarded(benchmark::State& state, Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}

void set_bytes(benchmark::State& state, std::size_t bytes_per_iteration) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes_per_iteration));
}

const seedkit::key bench_key = seedkit::key(2026) / "bench_cuda";

// Input for the sums: x[i] = (signed 64-bit output i of a stream) * 2^-63,
// values in [-1, 1).
template <class T>
__global__ void fill_values_kernel(seedkit::key k, T* x, std::size_t n) {
  const seedkit::compact_stream s(k);
  const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
  for (std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    x[i] = static_cast<T>(static_cast<double>(static_cast<std::int64_t>(s[i])) * 0x1p-63);
  }
}

template <class T>
void fill_values(device_buffer<T>& x) {
  fill_values_kernel<T><<<1024, 256>>>(bench_key / "sum_input", x.get(), x.size());
  check_cuda(cudaGetLastError(), "the fill_values_kernel launch");
  check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
}

// --- stream fill vs curandGenerate ---------------------------------------------
// Both write state.range(0) bytes to device memory per iteration, so their
// bytes_per_second compare output per byte: stream_fill writes bytes / 8
// 64-bit words, curandGenerate bytes / 4 32-bit words. Timed: the launch and
// the kernel(s), between two events on the default stream; no copy to the
// host. One untimed call first (module load, cuRAND's lazy set-up).

void BM_fill_seedkit(benchmark::State& state) {
  guarded(state, [&] {
    const std::size_t bytes = static_cast<std::size_t>(state.range(0));
    device_buffer<std::uint64_t> out(bytes / sizeof(std::uint64_t));
    event_timer timer;
    std::uint64_t first = 0;
    seedkit::cuda::stream_fill(bench_key, first, out.get(), out.size());
    check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    for (auto _ : state) {
      first += out.size();  // fresh outputs each iteration, as a generator would give
      timer.start();
      seedkit::cuda::stream_fill(bench_key, first, out.get(), out.size());
      state.SetIterationTime(timer.stop_seconds());
    }
    set_bytes(state, out.bytes());
  });
}

// curandGenerate on a device generator of type CURAND_RNG_PSEUDO_PHILOX4_32_10
// created with cuRAND's defaults (ordering CURAND_ORDERING_PSEUDO_DEFAULT,
// i.e. PSEUDO_BEST): the baseline of the >= 0.9x target.
void BM_fill_curand(benchmark::State& state) {
  guarded(state, [&] {
    const std::size_t bytes = static_cast<std::size_t>(state.range(0));
    device_buffer<unsigned int> out(bytes / sizeof(unsigned int));
    event_timer timer;
    curandGenerator_t g = nullptr;
    seedkit::cuda::check(curandCreateGenerator(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10),
                         "curandCreateGenerator");
    try {
      seedkit::cuda::check(curandSetPseudoRandomGeneratorSeed(g, 2026ull),
                           "curandSetPseudoRandomGeneratorSeed");
      seedkit::cuda::check(curandGenerate(g, out.get(), out.size()), "curandGenerate");
      check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
      for (auto _ : state) {
        timer.start();
        seedkit::cuda::check(curandGenerate(g, out.get(), out.size()), "curandGenerate");
        state.SetIterationTime(timer.stop_seconds());
      }
    } catch (...) {
      curandDestroyGenerator(g);
      throw;
    }
    curandDestroyGenerator(g);
    set_bytes(state, out.bytes());
  });
}

// The same through seedkit::cuda::curand_generator (ordering
// CURAND_ORDERING_PSEUDO_LEGACY, the release-stable one): shows what the
// stable ordering costs. Informational; no target.
void BM_fill_curand_legacy(benchmark::State& state) {
  guarded(state, [&] {
    const std::size_t bytes = static_cast<std::size_t>(state.range(0));
    device_buffer<unsigned int> out(bytes / sizeof(unsigned int));
    event_timer timer;
    seedkit::cuda::curand_generator gen(bench_key / "curand");
    gen.generate(out.get(), out.size());
    check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    for (auto _ : state) {
      timer.start();
      gen.generate(out.get(), out.size());
      state.SetIterationTime(timer.stop_seconds());
    }
    set_bytes(state, out.bytes());
  });
}

// --- device_sum vs cub::DeviceReduce::Sum --------------------------------------
// Both sum state.range(0) elements of T in device memory and have the result
// on the host when the timer stops; bytes_per_second counts the bytes read,
// n * sizeof(T).

// Times calls sum(x, n) that return a sum on the host, after one untimed
// call; bytes_per_second counts the bytes read.
template <class T, class Sum>
void time_host_sum(benchmark::State& state, Sum sum) {
  guarded(state, [&] {
    device_buffer<T> x(static_cast<std::size_t>(state.range(0)));
    fill_values(x);
    event_timer timer;
    benchmark::DoNotOptimize(sum(x.get(), x.size()));
    for (auto _ : state) {
      timer.start();
      T result = sum(x.get(), x.size());
      state.SetIterationTime(timer.stop_seconds());
      benchmark::DoNotOptimize(result);
    }
    set_bytes(state, x.bytes());
  });
}

// Timed: the whole seedkit::cuda::device_sum call (default grid 1024, block
// 256): the stream-ordered cudaMallocAsync of its scratch and result, the
// chunk kernel, the one-block kernel that combines the partials by
// pairwise_sum, the copy of the one result into pageable host memory, the
// stream synchronization and the cudaFreeAsync calls. device_sum returns on
// the host after synchronizing, so the stop event is recorded after it
// returns and the event time is the call's wall time as the GPU sees it.
template <class T>
void BM_device_sum(benchmark::State& state) {
  time_host_sum<T>(state,
                   [](const T* x, std::size_t n) { return seedkit::cuda::device_sum(x, n); });
}

// Timed: the whole seedkit::cuda::device_exact_sum call, as above (for
// information: no target is set for the exact mode).
template <class T>
void BM_device_exact_sum(benchmark::State& state) {
  time_host_sum<T>(state,
                   [](const T* x, std::size_t n) { return seedkit::cuda::device_exact_sum(x, n); });
}

// Timed: cub::DeviceReduce::Sum into a one-element device buffer plus the
// cudaMemcpyAsync of that one result into pageable host memory (as
// device_sum copies its one result), both on the default stream. Not timed: the temporary-storage size query and its cudaMalloc,
// done once before the loop.
template <class T>
void BM_cub_sum(benchmark::State& state) {
  guarded(state, [&] {
    device_buffer<T> x(static_cast<std::size_t>(state.range(0)));
    fill_values(x);
    device_buffer<T> result(1);
    std::size_t temp_bytes = 0;
    check_cuda(cub::DeviceReduce::Sum(nullptr, temp_bytes, x.get(), result.get(), x.size()),
               "cub::DeviceReduce::Sum (size query)");
    device_buffer<unsigned char> temp(temp_bytes > 0 ? temp_bytes : 1);
    event_timer timer;
    T host = T(0);
    const auto run = [&] {
      check_cuda(cub::DeviceReduce::Sum(temp.get(), temp_bytes, x.get(), result.get(), x.size()),
                 "cub::DeviceReduce::Sum");
      check_cuda(cudaMemcpyAsync(&host, result.get(), sizeof(T), cudaMemcpyDeviceToHost, nullptr),
                 "cudaMemcpyAsync");
    };
    run();
    check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    for (auto _ : state) {
      timer.start();
      run();
      state.SetIterationTime(timer.stop_seconds());
      benchmark::DoNotOptimize(host);
    }
    set_bytes(state, x.bytes());
  });
}

// --- the measured copy bandwidth -----------------------------------------------
// A device-to-device cudaMemcpyAsync of state.range(0) bytes. Convention:
// bytes_per_second counts read + write, 2 * bytes per copy, i.e. the DRAM
// traffic; a kernel's achieved bandwidth (bytes it reads or writes per
// second) divided by this is the fraction of the copy bandwidth it reaches.
// Timed: the copy between two events on the default stream.
void BM_memcpy_d2d(benchmark::State& state) {
  guarded(state, [&] {
    const std::size_t bytes = static_cast<std::size_t>(state.range(0));
    device_buffer<unsigned char> src(bytes);
    device_buffer<unsigned char> dst(bytes);
    check_cuda(cudaMemset(src.get(), 0x5a, bytes), "cudaMemset");
    event_timer timer;
    check_cuda(cudaMemcpyAsync(dst.get(), src.get(), bytes, cudaMemcpyDeviceToDevice, nullptr),
               "cudaMemcpyAsync");
    check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    for (auto _ : state) {
      timer.start();
      check_cuda(cudaMemcpyAsync(dst.get(), src.get(), bytes, cudaMemcpyDeviceToDevice, nullptr),
                 "cudaMemcpyAsync");
      state.SetIterationTime(timer.stop_seconds());
    }
    set_bytes(state, 2 * bytes);
  });
}

// Sizes: 2^20, 2^24 and 2^26 elements. The fills write as many bytes as
// 2^20, 2^24, 2^26 64-bit words (8 MiB, 128 MiB, 512 MiB); the copies cover
// every buffer size a sum or fill reads or writes (float: 4, 64, 256 MiB;
// double and the fills: 8, 128, 512 MiB). At most about 1 GiB of device
// memory is in use at once (the 512 MiB copy).
constexpr std::int64_t mib = std::int64_t{1} << 20;

void fill_sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("bytes");
  for (std::int64_t words : {std::int64_t{1} << 20, std::int64_t{1} << 24, std::int64_t{1} << 26}) {
    b->Arg(words * 8);
  }
  b->UseManualTime()->Unit(benchmark::kMicrosecond);
}

void sum_sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("n");
  for (std::int64_t n : {std::int64_t{1} << 20, std::int64_t{1} << 24, std::int64_t{1} << 26}) {
    b->Arg(n);
  }
  b->UseManualTime()->Unit(benchmark::kMicrosecond);
}

void copy_sizes(benchmark::internal::Benchmark* b) {
  b->ArgName("bytes");
  for (std::int64_t m : {4, 8, 64, 128, 256, 512}) b->Arg(m * mib);
  b->UseManualTime()->Unit(benchmark::kMicrosecond);
}

BENCHMARK(BM_fill_seedkit)->Apply(fill_sizes);
BENCHMARK(BM_fill_curand)->Apply(fill_sizes);
BENCHMARK(BM_fill_curand_legacy)->Apply(fill_sizes);
BENCHMARK_TEMPLATE(BM_device_sum, double)->Apply(sum_sizes);
BENCHMARK_TEMPLATE(BM_cub_sum, double)->Apply(sum_sizes);
BENCHMARK_TEMPLATE(BM_device_sum, float)->Apply(sum_sizes);
BENCHMARK_TEMPLATE(BM_cub_sum, float)->Apply(sum_sizes);
BENCHMARK_TEMPLATE(BM_device_exact_sum, double)->Apply(sum_sizes);
BENCHMARK(BM_memcpy_d2d)->Apply(copy_sizes);

// Adds the device's name, compute capability, memory size, and the driver
// and runtime versions to the benchmark context (the JSON "context").
void add_device_context(int device) {
  cudaDeviceProp prop{};
  check_cuda(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
  int driver = 0;
  int runtime = 0;
  check_cuda(cudaDriverGetVersion(&driver), "cudaDriverGetVersion");
  check_cuda(cudaRuntimeGetVersion(&runtime), "cudaRuntimeGetVersion");
  benchmark::AddCustomContext("cuda_device", prop.name);
  benchmark::AddCustomContext("cuda_compute_capability",
                              std::to_string(prop.major) + "." + std::to_string(prop.minor));
  benchmark::AddCustomContext("cuda_global_memory_mib",
                              std::to_string(prop.totalGlobalMem / (1024 * 1024)));
  benchmark::AddCustomContext("cuda_driver_version", std::to_string(driver));
  benchmark::AddCustomContext("cuda_runtime_version", std::to_string(runtime));
}

// Whether the command line asks only for the benchmark names.
bool asks_for_list(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--benchmark_list_tests" || arg == "--benchmark_list_tests=true") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  int devices = 0;
  const cudaError_t e = cudaGetDeviceCount(&devices);
  if (e != cudaSuccess || devices == 0) {
    std::printf("bench_cuda: no CUDA device; benchmarks not run\n");
    std::printf("bench_cuda: cudaGetDeviceCount returned %s, %d device(s)\n", cudaGetErrorName(e),
                devices);
    // Listing runs no benchmark, so it works without a device (the names
    // are checked against bench/gpu_summary.py in ctest).
    if (asks_for_list(argc, argv)) {
      benchmark::Initialize(&argc, argv);
      benchmark::RunSpecifiedBenchmarks();
      benchmark::Shutdown();
    }
    return 0;
  }
  try {
    int device = 0;
    check_cuda(cudaGetDevice(&device), "cudaGetDevice");
    add_device_context(device);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "bench_cuda: %s\n", ex.what());
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

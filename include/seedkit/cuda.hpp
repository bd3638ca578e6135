// seedkit/cuda.hpp: the CUDA add-on (target seedkit::cuda, CMake option
// SEEDKIT_ENABLE_CUDA).
//
// Reproducibility on NVIDIA GPUs: a cuRAND host-API generator seeded from a
// seedkit key with a release-stable ordering (curand_generator), a check of
// the environment variables that change GPU results or their determinism
// (check_environment), an RAII guard that forbids cuBLAS atomics
// (cublas_determinism_guard), and, under nvcc, device helpers: a kernel in
// which thread i writes output i of a stream, and a sum whose bits do not
// depend on the grid or block size. The host parts compile with any C++17
// compiler given the CUDA headers and link cudart, curand and cublas; the
// device parts are compiled only by nvcc. docs/cuda.md says what is verified
// where. Nothing in seedkit's core includes this header.
#ifndef SEEDKIT_CUDA_HPP
#define SEEDKIT_CUDA_HPP

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <cublas_v2.h>
#include <curand.h>

#include "seedkit/config.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/error.hpp"
#include "seedkit/global.hpp"
#include "seedkit/stream.hpp"

#include "seedkit/reduce.hpp"

#if SEEDKIT_CUDA
#  include <cuda_runtime.h>
#endif

SEEDKIT_BEGIN_NAMESPACE

namespace cuda {

// --- errors --------------------------------------------------------------------

// The enumerator name of a cuRAND status, e.g. "CURAND_STATUS_NOT_INITIALIZED"
// ("CURAND_STATUS_<number>" for a value this header does not know).
// Stability: stable.
inline std::string curand_status_name(curandStatus_t status) {
  switch (status) {
    case CURAND_STATUS_SUCCESS: return "CURAND_STATUS_SUCCESS";
    case CURAND_STATUS_VERSION_MISMATCH: return "CURAND_STATUS_VERSION_MISMATCH";
    case CURAND_STATUS_NOT_INITIALIZED: return "CURAND_STATUS_NOT_INITIALIZED";
    case CURAND_STATUS_ALLOCATION_FAILED: return "CURAND_STATUS_ALLOCATION_FAILED";
    case CURAND_STATUS_TYPE_ERROR: return "CURAND_STATUS_TYPE_ERROR";
    case CURAND_STATUS_OUT_OF_RANGE: return "CURAND_STATUS_OUT_OF_RANGE";
    case CURAND_STATUS_LENGTH_NOT_MULTIPLE: return "CURAND_STATUS_LENGTH_NOT_MULTIPLE";
    case CURAND_STATUS_DOUBLE_PRECISION_REQUIRED: return "CURAND_STATUS_DOUBLE_PRECISION_REQUIRED";
    case CURAND_STATUS_LAUNCH_FAILURE: return "CURAND_STATUS_LAUNCH_FAILURE";
    case CURAND_STATUS_PREEXISTING_FAILURE: return "CURAND_STATUS_PREEXISTING_FAILURE";
    case CURAND_STATUS_INITIALIZATION_FAILED: return "CURAND_STATUS_INITIALIZATION_FAILED";
    case CURAND_STATUS_ARCH_MISMATCH: return "CURAND_STATUS_ARCH_MISMATCH";
    case CURAND_STATUS_INTERNAL_ERROR: return "CURAND_STATUS_INTERNAL_ERROR";
  }
  return "CURAND_STATUS_" + std::to_string(static_cast<int>(status));
}

// Throws seedkit::error unless `status` is CURAND_STATUS_SUCCESS. The message
// names the call, the status and that only success is accepted.
// Example: seedkit::cuda::check(curandSetStream(g.get(), s), "curandSetStream");
inline void check(curandStatus_t status, const char* call) {
  if (status == CURAND_STATUS_SUCCESS) return;
  throw error(std::string("seedkit::cuda: ") + call + " returned " + curand_status_name(status) +
              " (expected CURAND_STATUS_SUCCESS)");
}

// The same for cuBLAS; the name comes from cublasGetStatusName.
inline void check(cublasStatus_t status, const char* call) {
  if (status == CUBLAS_STATUS_SUCCESS) return;
  const char* name = cublasGetStatusName(status);
  throw error(std::string("seedkit::cuda: ") + call + " returned " +
              (name != nullptr ? name : "an unknown cuBLAS status") + " (" +
              std::to_string(static_cast<int>(status)) + "; expected CUBLAS_STATUS_SUCCESS)");
}

// --- curand_generator ----------------------------------------------------------

// Where a curand_generator runs: device (curandCreateGenerator, output in
// device memory, needs a GPU) or host (curandCreateGeneratorHost, output in
// host memory, works without a GPU).
enum class curand_location { device, host };

// An owning handle to a cuRAND host-API generator of type
// CURAND_RNG_PSEUDO_PHILOX4_32_10, seeded from a seedkit key.
//
// Seed: the generator's 64-bit cuRAND seed is
//   g = (k / "seedkit" / "curand_generator").seed()
// for the key k (seed_for_key(k)), so the generator never replays k's own
// stream and both words of k matter. Offset: 0 at construction;
// set_offset(o) is curandSetGeneratorOffset(o). Ordering:
// CURAND_ORDERING_PSEUDO_LEGACY, which curand.h documents as "guaranteed to
// remain the same for all cuRAND release[s]"; the default ordering is
// PSEUDO_BEST, which cuRAND may retune, and PSEUDO_DYNAMIC adapts to the
// device. With this seed and ordering, the generator's word n (counting
// from offset 0, across successive generate calls) is
//   seedkit::stream(key::from_words(g, (n / 4) % 65536)).word(4 * (n / 262144) + n % 4),
// i.e. 65536 cuRAND subsequences interleaved four words at a time. This is
// measured for the host generator (tests/cuda_addon); that a device
// generator gives the same words must be checked on a GPU (docs/cuda.md).
//
// Example:
//   seedkit::cuda::curand_generator gen(seedkit::key(2026) / "dropout");
//   check(curandGenerate(gen.get(), device_ptr, n), "curandGenerate");
// Stability: the seed derivation and ordering are fixed within a major
// version; the word layout is cuRAND's (see above).
class curand_generator {
 public:
  // A generator for key `k`. Throws seedkit::error naming the cuRAND call
  // and status when cuRAND refuses (for example
  // CURAND_STATUS_INITIALIZATION_FAILED for `device` without a GPU).
  explicit curand_generator(const key& k, curand_location where = curand_location::device)
      : seed_(seed_for_key(k)), where_(where) {
    curandGenerator_t g = nullptr;
    if (where == curand_location::device) {
      check(curandCreateGenerator(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10), "curandCreateGenerator");
    } else {
      check(curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10),
            "curandCreateGeneratorHost");
    }
    handle_ = g;
    try {
      check(curandSetPseudoRandomGeneratorSeed(g, static_cast<unsigned long long>(seed_)),
            "curandSetPseudoRandomGeneratorSeed");
      check(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_LEGACY),
            "curandSetGeneratorOrdering");
      check(curandSetGeneratorOffset(g, 0), "curandSetGeneratorOffset");
    } catch (...) {
      curandDestroyGenerator(g);
      throw;
    }
  }

  // The generator for the named stream: curand_generator(key_for(path)).
  // Throws seedkit::error before seedkit::init().
  explicit curand_generator(std::string_view path, curand_location where = curand_location::device)
      : curand_generator(key_for(path), where) {}

  // A host generator for `k` (works without a GPU).
  static curand_generator host(const key& k) { return curand_generator(k, curand_location::host); }

  // The cuRAND seed used for key `k` (see the class comment).
  static constexpr std::uint64_t seed_for_key(const key& k) noexcept {
    return k.derive("seedkit/curand_generator").seed();
  }

  curand_generator(curand_generator&& other) noexcept
      : handle_(std::exchange(other.handle_, nullptr)), seed_(other.seed_), where_(other.where_) {}
  curand_generator& operator=(curand_generator&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
      seed_ = other.seed_;
      where_ = other.where_;
    }
    return *this;
  }
  curand_generator(const curand_generator&) = delete;
  curand_generator& operator=(const curand_generator&) = delete;
  ~curand_generator() { reset(); }

  // The raw handle, for any other cuRAND call (null after a move).
  curandGenerator_t get() const noexcept { return handle_; }
  std::uint64_t seed() const noexcept { return seed_; }
  curand_location location() const noexcept { return where_; }

  // Moves to absolute word position `offset` (curandSetGeneratorOffset).
  void set_offset(std::uint64_t offset) {
    check(curandSetGeneratorOffset(require(), static_cast<unsigned long long>(offset)),
          "curandSetGeneratorOffset");
  }

  // The next n 32-bit words (curandGenerate): into host memory for a host
  // generator, device memory for a device one.
  void generate(unsigned int* out, std::size_t n) {
    check(curandGenerate(require(), out, n), "curandGenerate");
  }

 private:
  curandGenerator_t require() const {
    if (handle_ == nullptr) {
      throw error("seedkit::cuda::curand_generator: used after being moved from "
                  "(only assignment and destruction are valid then)");
    }
    return handle_;
  }
  void reset() noexcept {
    if (handle_ != nullptr) curandDestroyGenerator(handle_);
    handle_ = nullptr;
  }

  curandGenerator_t handle_ = nullptr;
  std::uint64_t seed_ = 0;
  curand_location where_ = curand_location::device;
};

// --- environment ---------------------------------------------------------------

// What check_environment does with the problems it finds: return them
// (report), also print each to stderr (warn), or throw one seedkit::error
// listing them all (throw_error).
enum class environment_policy { report, warn, throw_error };

// One environment variable whose value (or absence) can change GPU results
// or their run-to-run determinism.
struct environment_problem {
  std::string variable;  // e.g. "CUBLAS_WORKSPACE_CONFIG"
  bool set = false;      // whether it is set at all
  std::string value;     // its value when set
  std::string message;   // a sentence: what is wrong and what is accepted
};

// Looks up an environment variable: the value, or nullptr when unset.
using environment_lookup = std::function<const char*(const char*)>;

namespace detail {

inline std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return r;
}

inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      std::string_view piece = s.substr(begin, i - begin);
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
      while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
      out.emplace_back(piece);
      begin = i + 1;
    }
  }
  return out;
}

// Whether an NCCL_ALGO value lets NCCL choose NVLS or NVLSTree. Forms: a
// list "Ring,Tree", an exclusion list "^NVLS,NVLSTree", or per-collective
// lists "allreduce:tree,ring;broadcast:ring" (each part judged alike).
inline bool nccl_algo_allows_nvls(std::string_view value) {
  for (const std::string& part : split(value, ';')) {
    std::string_view list = part;
    const std::size_t colon = list.find(':');
    if (colon != std::string_view::npos) list = list.substr(colon + 1);
    bool exclude = false;
    if (!list.empty() && list.front() == '^') {
      exclude = true;
      list.remove_prefix(1);
    }
    bool nvls = false, nvls_tree = false;
    for (const std::string& algo : split(list, ',')) {
      const std::string a = lower(algo);
      nvls = nvls || a == "nvls";
      nvls_tree = nvls_tree || a == "nvlstree";
    }
    if (exclude ? !(nvls && nvls_tree) : (nvls || nvls_tree)) return true;
  }
  return false;
}

}  // namespace detail

// The environment problems for reproducible GPU work, judged from `lookup`:
//   CUBLAS_WORKSPACE_CONFIG  must be ":4096:8" or ":16:8" (cuBLAS is
//                            deterministic per stream only with a pinned
//                            workspace); unset or any other value is reported.
//   NCCL_ALGO                reported when it allows NVLS or NVLSTree (unset
//                            allows them) unless NCCL_NVLS_ENABLE=0: NVLink
//                            SHARP reductions are not order-stable.
//   CUDA_LAUNCH_BLOCKING     reported when set to anything but "0": a
//                            debugging switch; results must not depend on it.
//   NVIDIA_TF32_OVERRIDE     reported when set to anything but "0" (only 0,
//                            which disables TF32, is defined).
//   TORCH_ALLOW_TF32_CUBLAS_OVERRIDE  reported when set to anything but "0":
//                            it forces TF32 in PyTorch's cuBLAS matmuls.
// Then applies `policy`. Pure logic: no CUDA call is made.
// Stability: checks may be added in minor versions.
inline std::vector<environment_problem> check_environment(environment_policy policy,
                                                          const environment_lookup& lookup) {
  std::vector<environment_problem> problems;
  const auto add = [&](const char* variable, const char* value, std::string message) {
    problems.push_back({variable, value != nullptr, value != nullptr ? value : "", std::move(message)});
  };
  const auto shown = [](const char* variable, const char* value) {
    return value == nullptr ? std::string(variable) + " is unset"
                            : std::string(variable) + "=\"" + value + "\"";
  };

  if (const char* v = lookup("CUBLAS_WORKSPACE_CONFIG");
      v == nullptr || (std::string_view(v) != ":4096:8" && std::string_view(v) != ":16:8")) {
    add("CUBLAS_WORKSPACE_CONFIG", v,
        shown("CUBLAS_WORKSPACE_CONFIG", v) +
            ": cuBLAS results are run-to-run deterministic only with a pinned workspace; "
            "set it to \":4096:8\" or \":16:8\"");
  }
  const char* nvls_enable = lookup("NCCL_NVLS_ENABLE");
  const bool nvls_off = nvls_enable != nullptr && std::string_view(nvls_enable) == "0";
  if (const char* v = lookup("NCCL_ALGO");
      !nvls_off && (v == nullptr || detail::nccl_algo_allows_nvls(v))) {
    add("NCCL_ALGO", v,
        shown("NCCL_ALGO", v) +
            " allows NCCL's NVLS/NVLSTree algorithms, whose in-switch reductions are not "
            "order-stable; set NCCL_ALGO to a list without them (e.g. \"Ring,Tree\" or "
            "\"^NVLS,NVLSTree\") or NCCL_NVLS_ENABLE=0");
  }
  if (const char* v = lookup("CUDA_LAUNCH_BLOCKING"); v != nullptr && std::string_view(v) != "0") {
    add("CUDA_LAUNCH_BLOCKING", v,
        shown("CUDA_LAUNCH_BLOCKING", v) +
            " is a debugging switch that serializes kernel launches; unset it (or set \"0\") "
            "for runs meant to be reproduced");
  }
  for (const char* name : {"NVIDIA_TF32_OVERRIDE", "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE"}) {
    if (const char* v = lookup(name); v != nullptr && std::string_view(v) != "0") {
      add(name, v,
          shown(name, v) +
              " overrides the TF32 math mode; only \"0\" (TF32 off) or leaving it unset is "
              "accepted");
    }
  }

  if (policy == environment_policy::warn) {
    for (const environment_problem& p : problems) {
      std::fprintf(stderr, "seedkit::cuda warning: %s\n", p.message.c_str());
    }
  } else if (policy == environment_policy::throw_error && !problems.empty()) {
    std::string all = "seedkit::cuda::check_environment found " +
                      std::to_string(problems.size()) + " problem(s):";
    for (const environment_problem& p : problems) all += "\n  " + p.message;
    throw error(all);
  }
  return problems;
}

// The same, judged from the process environment (std::getenv).
// Example: seedkit::cuda::check_environment(seedkit::cuda::environment_policy::throw_error);
inline std::vector<environment_problem> check_environment(
    environment_policy policy = environment_policy::report) {
  return check_environment(policy, [](const char* name) -> const char* { return std::getenv(name); });
}

// --- cuBLAS ------------------------------------------------------------------

// While alive, the cuBLAS handle runs with CUBLAS_ATOMICS_NOT_ALLOWED, so
// routines that have an atomics-based (order-unstable) variant use the
// deterministic one; the destructor restores the mode it found. The
// constructor also checks CUBLAS_WORKSPACE_CONFIG under `policy` (the other
// environment checks are check_environment's). Throws seedkit::error with
// the cuBLAS status name when a call fails (CUBLAS_STATUS_NOT_INITIALIZED
// for a null handle).
// Example:
//   seedkit::cuda::cublas_determinism_guard guard(handle);
//   cublasSgemm(handle, ...);
// Stability: stable.
class cublas_determinism_guard {
 public:
  explicit cublas_determinism_guard(cublasHandle_t handle,
                                    environment_policy policy = environment_policy::warn)
      : handle_(handle) {
    check(cublasGetAtomicsMode(handle, &previous_), "cublasGetAtomicsMode");
    check(cublasSetAtomicsMode(handle, CUBLAS_ATOMICS_NOT_ALLOWED), "cublasSetAtomicsMode");
    try {
      check_workspace(policy);
    } catch (...) {
      cublasSetAtomicsMode(handle_, previous_);
      throw;
    }
  }
  cublas_determinism_guard(const cublas_determinism_guard&) = delete;
  cublas_determinism_guard& operator=(const cublas_determinism_guard&) = delete;
  ~cublas_determinism_guard() { cublasSetAtomicsMode(handle_, previous_); }

  // The atomics mode found at construction (restored on destruction).
  cublasAtomicsMode_t previous_mode() const noexcept { return previous_; }

 private:
  static void check_workspace(environment_policy policy) {
    std::vector<environment_problem> all = check_environment(environment_policy::report);
    for (const environment_problem& p : all) {
      if (p.variable != "CUBLAS_WORKSPACE_CONFIG") continue;
      if (policy == environment_policy::warn) {
        std::fprintf(stderr, "seedkit::cuda warning: %s\n", p.message.c_str());
      } else if (policy == environment_policy::throw_error) {
        throw error("seedkit::cuda::cublas_determinism_guard: " + p.message);
      }
    }
  }

  cublasHandle_t handle_;
  cublasAtomicsMode_t previous_ = CUBLAS_ATOMICS_NOT_ALLOWED;
};

// --- the deterministic device sum: its order, and its host reference ---------

// The deterministic device sum. The input is cut into chunks of
// sum_chunk = 4096 terms (boundaries fixed by the input, not the grid).
// Chunk c's partial is the sum over 256 lanes, lane l adding terms
// l, l + 256, ... of the chunk in order starting from -0.0; then, for
// stride = 128, 64, ..., 1 in turn, lane[l] = lane[l] + lane[l + stride] for
// every l < stride; the partial is lane[0]. Any grid
// and block size computes the same partials; sum_chunk_partial_host does the
// same on the host. The partials are then combined on the host by
// seedkit::pairwise_sum, so the result's bits depend only on the input.
constexpr std::size_t sum_chunk = 4096;
constexpr unsigned sum_lanes = 256;

// The host reference of one chunk partial of the device sum (see
// sum_chunks_kernel): `x` points at the chunk's first term, n <= 4096.
template <class T>
T sum_chunk_partial_host(const T* x, std::size_t n) noexcept {
  T lane[sum_lanes];
  for (unsigned l = 0; l < sum_lanes; ++l) {
    T acc = T(-0.0);
    for (std::size_t i = l; i < n; i += sum_lanes) acc = acc + x[i];
    lane[l] = acc;
  }
  for (unsigned stride = sum_lanes / 2; stride > 0; stride /= 2) {
    for (unsigned l = 0; l < stride; ++l) lane[l] = lane[l] + lane[l + stride];
  }
  return lane[0];
}

// The device sum's result computed on the host: the chunk partials of
// sum_chunk_partial_host combined by seedkit::pairwise_sum. device_sum
// returns these bits for any grid and block size.
template <class T>
T device_sum_reference(const T* x, std::size_t n) {
  std::vector<T> partials;
  for (std::size_t begin = 0; begin < n; begin += sum_chunk) {
    partials.push_back(sum_chunk_partial_host(x + begin, n - begin < sum_chunk ? n - begin : sum_chunk));
  }
  return pairwise_sum(partials.begin(), partials.end());
}

// --- device-side helpers (nvcc only) -------------------------------------------

#if SEEDKIT_CUDA

// Thread i (grid-stride) writes out[i] = compact_stream(k)[first + i], the
// 64-bit output first + i of k's stream: exactly what the host computes.
// Stability: bit-identical to seedkit::stream.
__global__ void stream_fill_kernel(key k, std::uint64_t first, std::uint64_t* out,
                                   std::size_t n) {
  const compact_stream s(k);
  const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
  for (std::size_t i = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += stride) {
    out[i] = s[first + i];
  }
}

// Launches stream_fill_kernel on `stream`; throws seedkit::error naming the
// CUDA error when the launch fails.
inline void stream_fill(const key& k, std::uint64_t first, std::uint64_t* device_out,
                        std::size_t n, cudaStream_t stream = nullptr, unsigned block = 256) {
  if (n == 0) return;
  const std::size_t blocks = (n + block - 1) / block;
  const unsigned grid = static_cast<unsigned>(blocks < 65535 ? blocks : 65535);
  stream_fill_kernel<<<grid, block, 0, stream>>>(k, first, device_out, n);
  const cudaError_t e = cudaGetLastError();
  if (e != cudaSuccess) {
    throw error(std::string("seedkit::cuda::stream_fill: kernel launch returned ") +
                cudaGetErrorName(e) + " (expected cudaSuccess)");
  }
}


template <class T>
__global__ void sum_chunks_kernel(const T* x, std::size_t n, T* partials) {
  __shared__ T lane[sum_lanes];
  const std::size_t chunks = (n + sum_chunk - 1) / sum_chunk;
  for (std::size_t c = blockIdx.x; c < chunks; c += gridDim.x) {
    const std::size_t begin = c * sum_chunk;
    const std::size_t end = begin + sum_chunk < n ? begin + sum_chunk : n;
    for (unsigned l = threadIdx.x; l < sum_lanes; l += blockDim.x) {
      T acc = T(-0.0);
      for (std::size_t i = begin + l; i < end; i += sum_lanes) acc = acc + x[i];
      lane[l] = acc;
    }
    __syncthreads();
    for (unsigned stride = sum_lanes / 2; stride > 0; stride /= 2) {
      for (unsigned l = threadIdx.x; l < stride; l += blockDim.x) lane[l] = lane[l] + lane[l + stride];
      __syncthreads();
    }
    if (threadIdx.x == 0) partials[c] = lane[0];
    __syncthreads();
  }
}

// The deterministic sum of n terms in device memory (float or double), by
// sum_chunks_kernel on `grid` x `block` threads (any sizes; block <= 1024)
// and pairwise_sum on the host: equal to device_sum_reference. Synchronizes
// `stream`. Throws seedkit::error naming the CUDA error on failure.
template <class T>
T device_sum(const T* device_x, std::size_t n, unsigned grid = 1024, unsigned block = 256,
             cudaStream_t stream = nullptr) {
  const std::size_t chunks = (n + sum_chunk - 1) / sum_chunk;
  std::vector<T> host(chunks);
  if (chunks == 0) return pairwise_sum(host.begin(), host.end());
  const auto ok = [](cudaError_t e, const char* call) {
    if (e != cudaSuccess) {
      throw error(std::string("seedkit::cuda::device_sum: ") + call + " returned " +
                  cudaGetErrorName(e) + " (expected cudaSuccess)");
    }
  };
  T* partials = nullptr;
  ok(cudaMalloc(&partials, chunks * sizeof(T)), "cudaMalloc");
  try {
    sum_chunks_kernel<T><<<grid, block, 0, stream>>>(device_x, n, partials);
    ok(cudaGetLastError(), "the sum_chunks_kernel launch");
    ok(cudaMemcpyAsync(host.data(), partials, chunks * sizeof(T), cudaMemcpyDeviceToHost, stream),
       "cudaMemcpyAsync");
    ok(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
  } catch (...) {
    cudaFree(partials);
    throw;
  }
  cudaFree(partials);
  return pairwise_sum(host.begin(), host.end());
}

#endif  // SEEDKIT_CUDA

}  // namespace cuda

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDA_HPP

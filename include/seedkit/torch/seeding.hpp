// seedkit/torch/seeding.hpp: libtorch seeded from seedkit's named streams (part
// of the seedkit::torch add-on): seed_everything (torch's generators, its
// deterministic modes and thread settings), per-subsystem at::Generators
// (generator, generator_for), and data-loader worker and epoch keys by index.
// Host-only; libstdc++ only (Debian's libtorch-dev 1.13 is built against it).
#ifndef SEEDKIT_TORCH_SEEDING_HPP
#define SEEDKIT_TORCH_SEEDING_HPP

#include <cstddef>      // size_t
#include <cstdint>      // uint64_t
#include <cstdlib>      // getenv
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <vector>       // vector

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "seedkit/config.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/error.hpp"
#include "seedkit/global.hpp"
#include "seedkit/record/manifest.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace torch {

// What to do when an operation has no deterministic implementation.
enum class determinism {
  error,      // setDeterministicAlgorithms(true): libtorch throws (the default)
  warn_only,  // setDeterministicAlgorithms(true, warn_only = true): libtorch warns
  off,        // leave deterministic algorithms off (cuDNN flags are still set)
};

// The name of a determinism policy: "error", "warn_only" or "off".
// Stability: api: the interface is stable within a major version.
inline const char* to_string(determinism d) noexcept {
  switch (d) {
    case determinism::error:
      return "error";
    case determinism::warn_only:
      return "warn_only";
    case determinism::off:
      return "off";
  }
  return "unknown";
}

struct seed_options {
  // The stream whose seed seeds libtorch: seedkit::seed_for(stream_name).
  std::string stream_name = "torch";
  determinism policy = determinism::error;
  // When CUDA is available and CUBLAS_WORKSPACE_CONFIG is unset, set it to
  // ":4096:8" (cuBLAS needs it for deterministic results on CUDA >= 10.2).
  bool set_cublas_workspace_config = true;
  // When set, the settings are added to this manifest's params under "torch".
  manifest* record_to = nullptr;
};

// What seed_everything set, to log or to record in a manifest.
struct settings {
  std::uint64_t master_seed = 0;
  std::string stream_name;
  std::uint64_t torch_seed = 0;  // seed_for(stream_name)
  determinism policy = determinism::error;
  bool deterministic_algorithms = false;
  bool deterministic_warn_only = false;
  bool cudnn_deterministic = false;
  bool cudnn_benchmark = true;
  bool cuda_available = false;
  std::size_t cuda_devices_seeded = 0;
  std::string cublas_workspace_config;  // as in force afterwards ("" when unset)
  int num_threads = 0;                  // at::get_num_threads() at the time
  std::string torch_version = TORCH_VERSION;

  // A JSON object with every field; torch_seed as a decimal string (JSON
  // numbers lose 64-bit precision in many readers).
  nlohmann::json to_json() const {
    nlohmann::json j;
    j["master_seed"] = std::to_string(master_seed);
    j["stream"] = stream_name;
    j["torch_seed"] = std::to_string(torch_seed);
    j["policy"] = to_string(policy);
    j["deterministic_algorithms"] = deterministic_algorithms;
    j["deterministic_warn_only"] = deterministic_warn_only;
    j["cudnn_deterministic"] = cudnn_deterministic;
    j["cudnn_benchmark"] = cudnn_benchmark;
    j["cuda_available"] = cuda_available;
    j["cuda_devices_seeded"] = cuda_devices_seeded;
    j["cublas_workspace_config"] = cublas_workspace_config;
    j["num_threads"] = num_threads;
    j["torch_version"] = torch_version;
    return j;
  }
  // One line for a log.
  std::string describe() const {
    return "seedkit::torch: torch seed " + std::to_string(torch_seed) + " from stream \"" +
           stream_name + "\" (master seed " + std::to_string(master_seed) +
           "), deterministic algorithms " + (deterministic_algorithms ? "on" : "off") +
           (deterministic_warn_only ? " (warn only)" : "") + ", cuDNN deterministic " +
           (cudnn_deterministic ? "on" : "off") + ", cuDNN benchmark " +
           (cudnn_benchmark ? "on" : "off") + ", CUDA devices seeded " +
           std::to_string(cuda_devices_seeded) + ", threads " + std::to_string(num_threads) +
           ", libtorch " + torch_version;
  }
  // Adds to_json() to m.params["torch"].
  void record(manifest& m) const { m.set("torch", to_json()); }
};

// Seeds libtorch for a reproducible run:
// - torch's default CPU generator and, when CUDA is available, every CUDA
//   device's default generator get seed_for(options.stream_name) (the
//   64-bit seed of key_for("torch"), not the raw master seed, so the
//   torch seed of master seed 42 is unrelated to that of 43);
// - deterministic algorithms on per options.policy;
// - cuDNN deterministic on, cuDNN benchmark off;
// - CUBLAS_WORKSPACE_CONFIG=":4096:8" when CUDA is available and it is unset.
// Returns what it set; records it in options.record_to when given.
// Throws seedkit::error before seedkit::init().
// Example: seedkit::init(42); auto s = seedkit::torch::seed_everything();
// Stability: follows libtorch; the torch seed for a master seed is stable within a major version (it is
// seed_for("torch")); libtorch's own streams from that seed are libtorch's business.
inline settings seed_everything(const seed_options& options = {}) {
  settings s;
  s.master_seed = current_seed().seed;
  s.stream_name = options.stream_name;
  s.torch_seed = seed_for(options.stream_name);
  s.policy = options.policy;
  s.cuda_available = ::torch::cuda::is_available();
  if (s.cuda_available && options.set_cublas_workspace_config &&
      std::getenv("CUBLAS_WORKSPACE_CONFIG") == nullptr) {
    ::setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", 0);
  }
  if (const char* c = std::getenv("CUBLAS_WORKSPACE_CONFIG")) s.cublas_workspace_config = c;

  {
    at::Generator cpu = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(cpu.mutex());
    cpu.set_current_seed(s.torch_seed);
  }
  if (s.cuda_available) {
    ::torch::cuda::manual_seed_all(s.torch_seed);
    s.cuda_devices_seeded = ::torch::cuda::device_count();
  }
  at::Context& ctx = at::globalContext();
  ctx.setDeterministicAlgorithms(options.policy != determinism::off,
                                 options.policy == determinism::warn_only);
  ctx.setDeterministicCuDNN(true);
  ctx.setBenchmarkCuDNN(false);
  s.deterministic_algorithms = ctx.deterministicAlgorithms();
  s.deterministic_warn_only = ctx.deterministicAlgorithmsWarnOnly();
  s.cudnn_deterministic = ctx.deterministicCuDNN();
  s.cudnn_benchmark = ctx.benchmarkCuDNN();
  s.num_threads = at::get_num_threads();
  if (options.record_to) s.record(*options.record_to);
  return s;
}

// A CPU at::Generator seeded with k.seed(), independent of torch's default
// generator. Pass it to the ops that take one (torch::randn(sizes, gen),
// tensor.bernoulli_(p, gen), torch::randperm(n, gen), ...).
// Stability: follows libtorch; the seed is stream-level (spec: docs/torch.md).
inline at::Generator generator(const key& k) { return at::detail::createCPUGenerator(k.seed()); }

// A CPU at::Generator seeded from the named stream under the master seed:
// generator(key_for(name)) (the `_for` family of seedkit/global.hpp).
// Throws seedkit::error before seedkit::init().
// Example: at::Generator aug = seedkit::torch::generator_for("augment");
inline at::Generator generator_for(std::string_view name) { return generator(key_for(name)); }

// The key of one data-loader worker in one epoch on one rank, derived by
// index: loader / epoch / rank / worker. Unlike seed + worker_id, distinct
// (epoch, rank, worker) triples never collide and no seed is another's
// neighbour. Stability: stream (spec: docs/torch.md).
inline key worker_key(const key& loader, std::uint64_t epoch, std::uint64_t rank,
                      std::uint64_t worker) noexcept {
  return loader / epoch / rank / worker;
}
// worker_key(...).seed(): for a worker's at::Generator or torch::manual_seed.
// Example: auto g = seedkit::torch::generator(
//              seedkit::torch::worker_key(seedkit::key_for("loader"), epoch, rank, worker));
inline std::uint64_t worker_seed(const key& loader, std::uint64_t epoch, std::uint64_t rank,
                                 std::uint64_t worker) noexcept {
  return worker_key(loader, epoch, rank, worker).seed();
}
// The key of one epoch: loader / "epoch" / epoch (for per-epoch augmentation).
inline key epoch_key(const key& loader, std::uint64_t epoch) noexcept {
  return loader / "epoch" / epoch;
}

}  // namespace torch
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_TORCH_SEEDING_HPP

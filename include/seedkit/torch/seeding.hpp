// seedkit/torch/seeding.hpp: libtorch seeded from seedkit's named streams (part
// of the seedkit::torch add-on): seed_everything (torch's generators, its
// deterministic modes and thread settings), per-subsystem at::Generators
// (generator, generator_for), and data-loader worker, epoch and sample keys
// by index.
// Host-only; libstdc++ only (Debian's libtorch-dev 1.13 is built against it).
#ifndef SEEDKIT_TORCH_SEEDING_HPP
#define SEEDKIT_TORCH_SEEDING_HPP

#include <cstddef>      // size_t
#include <cstdint>      // uint64_t
#include <cstdlib>      // getenv
#include <functional>   // less
#include <map>          // map
#include <mutex>        // mutex, lock_guard
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
  // TORCH_VERSION from the headers compiled against: what libtorch says of
  // itself. Debian's libtorch-dev 1.13.1+dfsg-4 ships headers (and a CMake
  // version file) that say 1.13.0; seedkit does not ask the package manager.
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

namespace detail {

// The generators generator_for made, by name (the last one made for a name):
// rng_checkpoint saves and restores each unless untracked, so that no
// generator seedkit made can resume silently from another state.
struct made_generators {
  std::mutex mutex;
  std::map<std::string, at::Generator, std::less<>> by_name;

  static made_generators& instance() {
    static made_generators m;
    return m;
  }
  std::map<std::string, at::Generator, std::less<>> snapshot() {
    std::lock_guard<std::mutex> lock(mutex);
    return by_name;
  }
  void clear() {  // for tests that simulate a new process
    std::lock_guard<std::mutex> lock(mutex);
    by_name.clear();
  }
};

}  // namespace detail

// A CPU at::Generator seeded from the named stream under the master seed:
// generator(key_for(name)) (the `_for` family of seedkit/global.hpp). The
// generator is remembered by name (the last one made for the name), and
// every rng_checkpoint saves and restores it unless told to untrack(name):
// a generator made this way cannot resume silently from a fresh state.
// Throws seedkit::error before seedkit::init().
// Example: at::Generator aug = seedkit::torch::generator_for("augment");
inline at::Generator generator_for(std::string_view name) {
  at::Generator g = generator(key_for(name));
  auto& made = detail::made_generators::instance();
  std::lock_guard<std::mutex> lock(made.mutex);
  made.by_name.insert_or_assign(std::string(name), g);
  return g;
}

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

// The key of one sample in one epoch: loader / "sample" / epoch / index.
// The recipe for torch::data datasets, whose get(index) never learns which
// worker calls it: draw a sample's randomness (augmentation, noise, crops)
// from sample_generator(loader, epoch, index) or a seedkit::stream of this
// key, and the bits are the same for any number of workers, any prefetch
// and any thread schedule, because they depend on which sample, never on
// which worker or when. Drawing from torch's default generator inside get()
// depends on the schedule (check_dataset_draws finds it).
// Stability: stream (spec: docs/torch.md).
inline key sample_key(const key& loader, std::uint64_t epoch, std::uint64_t index) {
  return loader / "sample" / epoch / index;
}
// generator(sample_key(loader, epoch, index)): a fresh CPU generator for one
// sample (not remembered by generator_for's registry: it is a function of
// its arguments, nothing to checkpoint).
// Example (in a dataset's get(i), with epoch_ set before each epoch's loader):
//   at::Generator g = seedkit::torch::sample_generator(loader_key_, epoch_, i);
//   auto noise = torch::randn({3, 32, 32}, g);
// Stability: follows libtorch; the seed is stream-level (spec: docs/torch.md).
inline at::Generator sample_generator(const key& loader, std::uint64_t epoch, std::uint64_t index) {
  return generator(sample_key(loader, epoch, index));
}

}  // namespace torch
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_TORCH_SEEDING_HPP

// seedkit/torch.hpp: the libtorch add-on (target seedkit::torch, CMake
// option SEEDKIT_ENABLE_TORCH): seeds libtorch from seedkit's named streams,
// switches on its deterministic modes, gives each subsystem its own
// at::Generator, derives data-loader seeds by index, deals epochs to a
// torch::data sampler, and checkpoints every RNG state next to a model
// checkpoint so that a resumed run reproduces the uninterrupted one.
//
// Example:
//   seedkit::init(12321);
//   auto set = seedkit::torch::seed_everything();    // torch seeded from "torch"
//   std::puts(set.describe().c_str());
//   at::Generator aug = seedkit::torch::generator("augment");
//   seedkit::torch::rng_checkpoint rng;
//   rng.track("augment", aug);
//   rng.save("model.pt.rng.json", {{"epoch", 3}});  // next to torch::save(model, "model.pt")
//
// What this can and cannot guarantee is in docs/torch.md: seedkit fixes
// every seed and RNG state; bit-identical results also need libtorch's
// kernels to be deterministic, which deterministic mode enforces only for
// the operations libtorch knows about. Host-only; libstdc++ only (Debian's
// libtorch-dev 1.13 is built against it).
#ifndef SEEDKIT_TORCH_HPP
#define SEEDKIT_TORCH_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/data/samplers/base.h>
#include <torch/serialize/archive.h>
#include <torch/version.h>

#include "seedkit/config.hpp"
#include "seedkit/data.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/detail/atomic_file.hpp"
#include "seedkit/error.hpp"
#include "seedkit/global.hpp"
#include "seedkit/manifest.hpp"
#include "seedkit/stream.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace torch {

// What to do when an operation has no deterministic implementation.
enum class determinism {
  error,      // setDeterministicAlgorithms(true): libtorch throws (the default)
  warn_only,  // setDeterministicAlgorithms(true, warn_only = true): libtorch warns
  off,        // leave deterministic algorithms off (cuDNN flags are still set)
};

// The name of a determinism policy: "error", "warn_only" or "off".
// Stability: stable (manifests store it).
inline const char* to_string(determinism d) noexcept {
  switch (d) {
    case determinism::error: return "error";
    case determinism::warn_only: return "warn_only";
    case determinism::off: return "off";
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
// Stability: the torch seed for a master seed is stable within a major
// version (it is seed_for("torch")); libtorch's own streams from that seed
// are libtorch's business.
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
// Stability: the seed is stable within a major version.
inline at::Generator generator(const key& k) { return at::detail::createCPUGenerator(k.seed()); }

// A CPU at::Generator seeded from the named stream: generator(key_for(name)).
// Throws seedkit::error before seedkit::init().
// Example: at::Generator aug = seedkit::torch::generator("augment");
inline at::Generator generator(std::string_view name) { return generator(key_for(name)); }

// The key of one data-loader worker in one epoch on one rank, derived by
// index: loader / epoch / rank / worker. Unlike seed + worker_id, distinct
// (epoch, rank, worker) triples never collide and no seed is another's
// neighbour. Stability: stable within a major version.
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

// A torch::data sampler dealing seedkit::epoch_shard(k, epoch, n, rank,
// world, tail) in batches: every rank computes the same epoch permutation
// and takes its share, without communication, and any epoch is available
// without replaying earlier ones (so resuming at epoch e needs only e).
// Call set_epoch(e) before each epoch (torch's DataLoader calls reset()
// when an iteration begins; reset() keeps the epoch).
// Example:
//   seedkit::torch::epoch_sampler sampler(seedkit::key_for("data/shuffle"), n);
//   sampler.set_epoch(epoch); sampler.reset();
//   while (auto batch = sampler.next(32)) train_on(*batch);
// Stability: the order is bit-identical across platforms since v1 (it is
// epoch_shard's).
class epoch_sampler : public ::torch::data::samplers::Sampler<> {
 public:
  epoch_sampler(const key& k, std::size_t n, std::size_t rank = 0, std::size_t world = 1,
                shard_tail tail = shard_tail::pad)
      : key_(k), n_(n), rank_(rank), world_(world), tail_(tail) {
    reset(::torch::nullopt);
  }

  // Selects the epoch; takes effect at the next reset().
  void set_epoch(std::uint64_t epoch) { epoch_ = epoch; }
  std::uint64_t epoch() const noexcept { return epoch_; }
  // The indices of this rank in this epoch.
  const std::vector<std::size_t>& indices() const noexcept { return order_; }

  void reset(::torch::optional<std::size_t> new_size = ::torch::nullopt) override {
    if (new_size) n_ = *new_size;
    order_ = epoch_shard(key_, epoch_, n_, rank_, world_, tail_);
    next_ = 0;
  }

  ::torch::optional<std::vector<std::size_t>> next(std::size_t batch_size) override {
    if (next_ >= order_.size()) return ::torch::nullopt;
    const std::size_t end = next_ + std::min(batch_size, order_.size() - next_);
    std::vector<std::size_t> batch(order_.begin() + static_cast<std::ptrdiff_t>(next_),
                                   order_.begin() + static_cast<std::ptrdiff_t>(end));
    next_ = end;
    return batch;
  }

  void save(::torch::serialize::OutputArchive& archive) const override {
    archive.write("seedkit_epoch", at::tensor(static_cast<std::int64_t>(epoch_)),
                  /*is_buffer=*/true);
    archive.write("seedkit_next", at::tensor(static_cast<std::int64_t>(next_)),
                  /*is_buffer=*/true);
  }
  void load(::torch::serialize::InputArchive& archive) override {
    at::Tensor e = at::empty({}, at::kLong), p = at::empty({}, at::kLong);
    archive.read("seedkit_epoch", e, /*is_buffer=*/true);
    archive.read("seedkit_next", p, /*is_buffer=*/true);
    epoch_ = static_cast<std::uint64_t>(e.item<std::int64_t>());
    reset(::torch::nullopt);
    next_ = std::min(order_.size(), static_cast<std::size_t>(p.item<std::int64_t>()));
  }

 private:
  key key_;
  std::size_t n_;
  std::size_t rank_;
  std::size_t world_;
  shard_tail tail_;
  std::uint64_t epoch_ = 0;
  std::vector<std::size_t> order_;
  std::size_t next_ = 0;
};

namespace detail {

inline std::uint64_t fnv1a(const std::string& s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325u;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3u;
  }
  return h;
}

inline std::string to_hex(const std::vector<std::uint8_t>& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * bytes.size());
  for (const std::uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15u];
  }
  return out;
}

inline std::vector<std::uint8_t> state_bytes(at::Generator g) {
  at::Tensor t;
  {
    std::lock_guard<std::mutex> lock(g.mutex());
    t = g.get_state();
  }
  t = t.contiguous();
  const auto* p = t.data_ptr<std::uint8_t>();
  return std::vector<std::uint8_t>(p, p + t.numel());
}

inline at::Tensor state_tensor(const std::vector<std::uint8_t>& bytes) {
  at::Tensor t = at::empty({static_cast<std::int64_t>(bytes.size())}, at::kByte);
  if (!bytes.empty()) std::memcpy(t.data_ptr<std::uint8_t>(), bytes.data(), bytes.size());
  return t;
}

}  // namespace detail

// Saves and restores every RNG state a training run depends on, in a small
// JSON file next to the model checkpoint:
// - torch's default CPU generator (dropout, default initialization, ...),
// - every CUDA device's default generator when CUDA is available,
// - the at::Generators and seedkit streams registered with track(),
// - the master seed (a restore under another master seed is refused),
// - a JSON object of the caller's (e.g. the epoch to resume at).
// The file is written atomically (temporary file + rename). load() reads
// and checks everything into temporaries first and only then applies it:
// a missing, truncated, corrupted (checksum), foreign or mismatched file
// (other master seed, other tracked names, other CUDA device count, a
// generator state libtorch rejects) throws seedkit::error and changes
// nothing. The tracked objects are referenced, not copied: they must
// outlive the rng_checkpoint.
// Stability: format "seedkit-torch-rng" version 1.
class rng_checkpoint {
 public:
  static constexpr int format_version = 1;

  rng_checkpoint& track(const std::string& name, stream& s) {
    check_new(name);
    streams_.emplace(name, &s);
    return *this;
  }
  rng_checkpoint& track(const std::string& name, at::Generator& g) {
    check_new(name);
    if (g.device().type() != at::kCPU) {
      throw error("seedkit::torch::rng_checkpoint: generator \"" + name +
                  "\" is not a CPU generator; only CPU generators can be tracked by name "
                  "(CUDA default generators are saved automatically)");
    }
    generators_.emplace(name, &g);
    return *this;
  }

  // The file's text for the current states and `user` (any JSON object).
  std::string to_json(const nlohmann::json& user = nlohmann::json::object()) const {
    nlohmann::json payload;
    payload["master_seed"] = std::to_string(current_seed().seed);
    payload["torch_cpu"] = detail::to_hex(detail::state_bytes(at::detail::getDefaultCPUGenerator()));
    nlohmann::json cuda = nlohmann::json::array();
    if (::torch::cuda::is_available()) {
      const std::size_t n = ::torch::cuda::device_count();
      for (std::size_t i = 0; i < n; ++i) {
        cuda.push_back(detail::to_hex(detail::state_bytes(at::globalContext().defaultGenerator(
            at::Device(at::kCUDA, static_cast<at::DeviceIndex>(i))))));
      }
    }
    payload["torch_cuda"] = cuda;
    nlohmann::json gens = nlohmann::json::object();
    for (const auto& [name, g] : generators_) gens[name] = detail::to_hex(detail::state_bytes(*g));
    payload["generators"] = gens;
    nlohmann::json st = nlohmann::json::object();
    for (const auto& [name, s] : streams_) st[name] = s->state();
    payload["streams"] = st;
    if (!user.is_object()) {
      throw error("seedkit::torch::rng_checkpoint: the user data must be a JSON object");
    }
    payload["user"] = user;
    nlohmann::ordered_json j;
    j["format"] = "seedkit-torch-rng";
    j["format_version"] = format_version;
    j["stream_version"] = SEEDKIT_STREAM_VERSION;
    j["check"] = check_of(payload);
    j["payload"] = nlohmann::ordered_json::parse(payload.dump());
    return j.dump(1) + "\n";
  }

  // Writes to_json(user) to `path` atomically.
  void save(const std::string& path,
            const nlohmann::json& user = nlohmann::json::object()) const {
    seedkit::detail::write_file_atomically(path, to_json(user), "RNG checkpoint");
  }

  // Restores every state from `path` and returns the user object; see the
  // class comment for what is checked. All or nothing.
  nlohmann::json load(const std::string& path) {
    return apply(seedkit::detail::read_file(path, "RNG checkpoint"), path);
  }
  // The same from the file's text; `where` names it in errors.
  nlohmann::json apply(const std::string& text, const std::string& where = "<text>") {
    const auto bad = [&](const std::string& why) {
      return error("seedkit::torch: RNG checkpoint \"" + where + "\" " + why +
                   "; nothing was restored");
    };
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      throw bad(std::string("is not valid JSON (truncated or corrupted?): ") + e.what());
    }
    if (!j.is_object() || j.value("format", std::string()) != "seedkit-torch-rng") {
      throw bad("is not a seedkit-torch-rng file");
    }
    if (!j.contains("format_version") || j["format_version"] != format_version) {
      throw bad("has an unsupported format_version (expected " + std::to_string(format_version) +
                ")");
    }
    if (!j.contains("stream_version") || j["stream_version"] != SEEDKIT_STREAM_VERSION) {
      throw bad("was written with another stream version (expected " +
                std::to_string(SEEDKIT_STREAM_VERSION) + ")");
    }
    if (!j.contains("payload") || !j["payload"].is_object() || !j.contains("check") ||
        !j["check"].is_string()) {
      throw bad("lacks its payload or check");
    }
    const nlohmann::json& p = j["payload"];
    if (j["check"].get<std::string>() != check_of(p)) {
      throw bad("fails its checksum (corrupted or edited)");
    }
    const auto field = [&](const char* name, bool (nlohmann::json::*is)() const noexcept)
        -> const nlohmann::json& {
      if (!p.contains(name) || !(p[name].*is)()) {
        throw bad(std::string("has a missing or malformed field \"") + name + "\"");
      }
      return p[name];
    };
    const std::string seed = field("master_seed", &nlohmann::json::is_string).get<std::string>();
    if (seed != std::to_string(current_seed().seed)) {
      throw bad("was saved under master seed " + seed + ", but the master seed now is " +
                std::to_string(current_seed().seed));
    }

    // Parse everything into temporaries, checking each state on a scratch
    // generator so that applying cannot fail half-way.
    const auto parse_state = [&](const nlohmann::json& v, const std::string& what) {
      if (!v.is_string()) throw bad("has a malformed state for " + what);
      const std::string h = v.get<std::string>();
      if (h.size() % 2 != 0) throw bad("has an odd-length state for " + what);
      std::vector<std::uint8_t> bytes(h.size() / 2);
      for (std::size_t i = 0; i < h.size(); ++i) {
        const char c = h[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0) throw bad("has a non-hexadecimal state for " + what);
        bytes[i / 2] = static_cast<std::uint8_t>(bytes[i / 2] << 4 | d);
      }
      at::Tensor t = detail::state_tensor(bytes);
      return t;
    };
    const auto check_cpu_state = [&](const at::Tensor& t, const std::string& what) {
      try {
        at::Generator scratch = at::detail::createCPUGenerator();
        scratch.set_state(t);
      } catch (const std::exception& e) {
        throw bad("has a state for " + what + " that libtorch rejects: " + e.what());
      }
    };

    const at::Tensor cpu = parse_state(field("torch_cpu", &nlohmann::json::is_string),
                                       "torch's CPU generator");
    check_cpu_state(cpu, "torch's CPU generator");

    const nlohmann::json& cuda_j = field("torch_cuda", &nlohmann::json::is_array);
    const std::size_t devices =
        ::torch::cuda::is_available() ? ::torch::cuda::device_count() : 0;
    if (cuda_j.size() != devices) {
      throw bad("holds " + std::to_string(cuda_j.size()) + " CUDA generator states, but " +
                std::to_string(devices) + " CUDA devices are visible");
    }
    std::vector<at::Tensor> cuda;
    for (std::size_t i = 0; i < cuda_j.size(); ++i) {
      cuda.push_back(parse_state(cuda_j[i], "CUDA device " + std::to_string(i)));
    }

    const nlohmann::json& gens_j = field("generators", &nlohmann::json::is_object);
    const nlohmann::json& streams_j = field("streams", &nlohmann::json::is_object);
    const nlohmann::json& user = field("user", &nlohmann::json::is_object);
    check_names(gens_j, generators_, "generators", bad);
    check_names(streams_j, streams_, "streams", bad);
    std::map<std::string, at::Tensor> gens;
    for (const auto& [name, v] : gens_j.items()) {
      at::Tensor t = parse_state(v, "generator \"" + name + "\"");
      check_cpu_state(t, "generator \"" + name + "\"");
      gens.emplace(name, t);
    }
    std::map<std::string, stream> streams;
    for (const auto& [name, v] : streams_j.items()) {
      if (!v.is_string()) throw bad("has a malformed state for stream \"" + name + "\"");
      try {
        streams.emplace(name, stream::from_state(v.get<std::string>()));
      } catch (const error& e) {
        throw bad(std::string("has a bad state for stream \"") + name + "\": " + e.what());
      }
    }
    if (!cuda.empty()) {
      // CUDA states are validated by libtorch only when set: set them first,
      // restoring the previous ones if any is refused.
      std::vector<at::Tensor> before;
      for (std::size_t i = 0; i < cuda.size(); ++i) {
        before.push_back(cuda_generator(i).get_state());
      }
      std::size_t i = 0;
      try {
        for (; i < cuda.size(); ++i) set_state(cuda_generator(i), cuda[i]);
      } catch (const std::exception& e) {
        for (std::size_t r = 0; r < i; ++r) set_state(cuda_generator(r), before[r]);
        throw bad("has a state for CUDA device " + std::to_string(i) +
                  " that libtorch rejects: " + e.what());
      }
    }

    // Apply: none of this can fail now.
    set_state(at::detail::getDefaultCPUGenerator(), cpu);
    for (auto& [name, t] : gens) set_state(*generators_.at(name), t);
    for (auto& [name, s] : streams) *streams_.at(name) = s;
    return user;
  }

 private:
  static at::Generator cuda_generator(std::size_t i) {
    return at::globalContext().defaultGenerator(
        at::Device(at::kCUDA, static_cast<at::DeviceIndex>(i)));
  }
  static void set_state(at::Generator g, const at::Tensor& t) {
    std::lock_guard<std::mutex> lock(g.mutex());
    g.set_state(t);
  }
  static std::string check_of(const nlohmann::json& payload) {
    std::string out = "fnv1a64-";
    const std::uint64_t h = detail::fnv1a(payload.dump());
    static const char digits[] = "0123456789abcdef";
    for (int shift = 60; shift >= 0; shift -= 4) out += digits[(h >> shift) & 15u];
    return out;
  }
  void check_new(const std::string& name) const {
    if (streams_.count(name) != 0 || generators_.count(name) != 0) {
      throw error("seedkit::torch::rng_checkpoint: \"" + name + "\" is tracked already");
    }
  }
  template <class Map, class Bad>
  static void check_names(const nlohmann::json& saved, const Map& tracked, const char* what,
                          const Bad& bad) {
    std::string missing, extra;
    for (const auto& [name, v] : saved.items()) {
      (void)v;
      if (tracked.count(name) == 0) extra += " \"" + name + "\"";
    }
    for (const auto& [name, v] : tracked) {
      (void)v;
      if (!saved.contains(name)) missing += " \"" + name + "\"";
    }
    if (!missing.empty() || !extra.empty()) {
      throw bad(std::string("does not match the tracked ") + what +
                (missing.empty() ? "" : ": not in the file:" + missing) +
                (extra.empty() ? "" : ": not tracked here:" + extra));
    }
  }

  std::map<std::string, stream*> streams_;
  std::map<std::string, at::Generator*> generators_;
};

}  // namespace torch
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_TORCH_HPP

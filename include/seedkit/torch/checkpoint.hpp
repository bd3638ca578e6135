// seedkit/torch/checkpoint.hpp: rng_checkpoint, every RNG state a training run
// depends on saved next to a model checkpoint and restored all or nothing,
// and checkpoint, model, optimizer, sampler and RNG states saved by one call
// and bound by hashes (part of the seedkit::torch add-on; formats
// "seedkit-torch-rng" and "seedkit-torch-checkpoint" version 1, docs/torch.md).
#ifndef SEEDKIT_TORCH_CHECKPOINT_HPP
#define SEEDKIT_TORCH_CHECKPOINT_HPP

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t, uint64_t, int64_t
#include <cstring>      // memcpy
#include <filesystem>   // create_directories
#include <map>          // map
#include <mutex>        // lock_guard
#include <set>          // set
#include <sstream>      // ostringstream
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <vector>       // vector

#include <nlohmann/json.hpp>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <torch/cuda.h>
#include <torch/data/samplers/base.h>
#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/archive.h>

#include "seedkit/config.hpp"
#include "seedkit/detail/atomic_file.hpp"
#include "seedkit/detail/encoding.hpp"
#include "seedkit/error.hpp"
#include "seedkit/global.hpp"
#include "seedkit/record/detail/json.hpp"
#include "seedkit/stream.hpp"
#include "seedkit/torch/seeding.hpp"
#include "seedkit/version.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace torch {

namespace detail {

inline std::string hex_of(const std::vector<std::uint8_t>& bytes) {
  return ::seedkit::detail::to_hex(bytes.data(), bytes.size());
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

// "fnv1a64-" and the 16 hex digits of FNV-1a 64 of `bytes`: the checksum
// both checkpoint formats use, for their payload and checkpoint's files.
inline std::string fnv_check(std::string_view bytes) {
  return "fnv1a64-" + ::seedkit::detail::to_hex(::seedkit::detail::fnv1a64(bytes));
}

// The envelope both formats share: format, format_version, stream_version,
// the payload's checksum and the payload, as indented JSON text.
inline std::string write_envelope(const char* format, int version, const nlohmann::json& payload) {
  nlohmann::ordered_json j;
  j["format"] = format;
  j["format_version"] = version;
  j["stream_version"] = SEEDKIT_STREAM_VERSION;
  j["check"] = fnv_check(payload.dump());
  j["payload"] = nlohmann::ordered_json::parse(payload.dump());
  return j.dump(1) + "\n";
}

// The payload of a parsed envelope, after checking its stream version and
// checksum (errors through `doc`, which names the file).
inline const nlohmann::json& checked_payload(const ::seedkit::detail::json_document& doc) {
  const nlohmann::json& sv = doc.field("stream_version");
  if (sv != SEEDKIT_STREAM_VERSION) {
    throw doc.bad(
        "stream_version", sv,
        std::to_string(SEEDKIT_STREAM_VERSION) + " (it was written with another stream version)");
  }
  const nlohmann::json& p = doc.object_field("payload", "an object");
  if (doc.string_field("check", "\"fnv1a64-\" and 16 hexadecimal digits") != fnv_check(p.dump())) {
    throw doc.fail(" fails its checksum (corrupted or edited)");
  }
  return p;
}

}  // namespace detail

// Saves and restores every RNG state a training run depends on, in a small
// JSON file next to the model checkpoint:
// - torch's default CPU generator (dropout, default initialization, ...),
// - every CUDA device's default generator when CUDA is available,
// - every generator generator_for(name) made (unless untrack(name)), and
//   the at::Generators and seedkit streams registered with track(),
// - the master seed (a restore under another master seed is refused),
// - a JSON object of the caller's (e.g. the epoch to resume at).
// The file is written atomically (temporary file + rename). load() (and
// from_json) reads
// and checks everything into temporaries first and only then applies it:
// a missing, truncated, corrupted (checksum), foreign or mismatched file
// (other master seed, other tracked names, other CUDA device count, a
// generator state libtorch rejects) throws seedkit::error and changes
// nothing. The tracked objects are referenced, not copied: they must
// outlive the rng_checkpoint.
// Stability: format: versioned; every version of this major version stays readable.
class rng_checkpoint {
 public:
  static constexpr int format_version = 1;

  // Every generator generator_for(name) made is tracked under its name
  // without a call; track() adds streams and other CPU generators.
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

  // Leaves `name` out: a generator generator_for(name) made, or one tracked
  // here. Untracking a name that is neither is allowed (a generator made
  // later stays untracked).
  rng_checkpoint& untrack(const std::string& name) {
    streams_.erase(name);
    generators_.erase(name);
    untracked_.insert(name);
    return *this;
  }

  // The names of the generators saved: those tracked here and those
  // generator_for made, less the untracked ones.
  std::vector<std::string> generator_names() const {
    std::vector<std::string> names;
    for (const auto& [name, g] : all_generators()) {
      (void)g;
      names.push_back(name);
    }
    return names;
  }

  // The file's text for the current states and `user` (any JSON object).
  std::string to_json(const nlohmann::json& user = nlohmann::json::object()) const {
    nlohmann::json payload;
    payload["master_seed"] = std::to_string(current_seed().seed);
    payload["torch_cpu"] =
        detail::hex_of(detail::state_bytes(at::detail::getDefaultCPUGenerator()));
    nlohmann::json cuda = nlohmann::json::array();
    if (::torch::cuda::is_available()) {
      const std::size_t n = ::torch::cuda::device_count();
      for (std::size_t i = 0; i < n; ++i) {
        cuda.push_back(detail::hex_of(detail::state_bytes(at::globalContext().defaultGenerator(
            at::Device(at::kCUDA, static_cast<at::DeviceIndex>(i))))));
      }
    }
    payload["torch_cuda"] = cuda;
    nlohmann::json gens = nlohmann::json::object();
    for (const auto& [name, g] : all_generators())
      gens[name] = detail::hex_of(detail::state_bytes(g));
    payload["generators"] = gens;
    nlohmann::json st = nlohmann::json::object();
    for (const auto& [name, s] : streams_) st[name] = s->state();
    payload["streams"] = st;
    if (!user.is_object()) {
      throw error("seedkit::torch::rng_checkpoint: the user data must be a JSON object");
    }
    payload["user"] = user;
    return detail::write_envelope("seedkit-torch-rng", format_version, payload);
  }

  // Writes to_json(user) to `path` atomically.
  void save(const std::string& path, const nlohmann::json& user = nlohmann::json::object()) const {
    seedkit::detail::write_file_atomically(path, to_json(user), "RNG checkpoint");
  }

  // Restores every state from `path` and returns the user object; see the
  // class comment for what is checked. All or nothing.
  nlohmann::json load(const std::string& path) {
    return from_json(seedkit::detail::read_file(path, "RNG checkpoint"), path);
  }
  // The same from the file's text; `where` names it in errors.
  nlohmann::json from_json(std::string_view text, std::string_view where = "<text>") {
    const seedkit::detail::json_document doc(
        text, "seedkit::torch: RNG checkpoint \"" + std::string(where) + "\"", "seedkit-torch-rng",
        format_version, "; nothing was restored");
    const auto bad = [&](const std::string& why) { return doc.fail(" " + why); };
    const nlohmann::json& p = detail::checked_payload(doc);
    const auto field = [&](const char* name,
                           bool (nlohmann::json::*is)() const noexcept) -> const nlohmann::json& {
      const nlohmann::json& v = doc.field(p, name, " of the payload");
      if (!(v.*is)()) throw bad(std::string("has a malformed field \"") + name + "\"");
      return v;
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
        const int d = ::seedkit::detail::hex_digit_value(h[i]);
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

    const at::Tensor cpu =
        parse_state(field("torch_cpu", &nlohmann::json::is_string), "torch's CPU generator");
    check_cpu_state(cpu, "torch's CPU generator");

    const nlohmann::json& cuda_j = field("torch_cuda", &nlohmann::json::is_array);
    const std::size_t devices = ::torch::cuda::is_available() ? ::torch::cuda::device_count() : 0;
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
    const std::map<std::string, at::Generator> generators = all_generators();
    check_names(gens_j, generators, "generators", bad);
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
    for (auto& [name, t] : gens) set_state(generators.at(name), t);
    for (auto& [name, s] : streams) *streams_.at(name) = s;
    return user;
  }

 private:
  // The tracked generators and those generator_for made (not untracked, and
  // not under a name tracked here).
  std::map<std::string, at::Generator> all_generators() const {
    std::map<std::string, at::Generator> all;
    for (const auto& [name, g] : generators_) all.emplace(name, *g);
    for (const auto& [name, g] : detail::made_generators::instance().snapshot()) {
      if (untracked_.count(name) == 0 && streams_.count(name) == 0) all.emplace(name, g);
    }
    return all;
  }
  static at::Generator cuda_generator(std::size_t i) {
    return at::globalContext().defaultGenerator(
        at::Device(at::kCUDA, static_cast<at::DeviceIndex>(i)));
  }
  static void set_state(at::Generator g, const at::Tensor& t) {
    std::lock_guard<std::mutex> lock(g.mutex());
    g.set_state(t);
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
                (missing.empty() ? ""
                                 : ": not in the file:" + missing +
                                       " (untrack() them if they are new since the checkpoint)") +
                (extra.empty()
                     ? ""
                     : ": not tracked here:" + extra +
                           " (track() them, or make them with generator_for, before loading)"));
    }
  }

  std::map<std::string, stream*> streams_;
  std::map<std::string, at::Generator*> generators_;
  std::set<std::string> untracked_;
};

// One checkpoint of a training run in a directory, saved and restored by
// one call: the model, the optimizer and the sampler (each in libtorch's own
// archive format: model.pt, optimizer.pt, sampler.pt), every RNG state
// (rng(), an rng_checkpoint: rng.json), bound by checkpoint.json, which holds
// the caller's JSON object and each file's size and FNV-1a 64 hash and is
// written last. Each file is written atomically; a save interrupted part way
// leaves files the old checkpoint.json does not vouch for, which load()
// refuses.
// load() reads every file and checks it against checkpoint.json before
// touching anything, so a mix of files from different checkpoints (the RNG
// file of another step of the same run, say) is refused, naming the file;
// it then restores model, optimizer, sampler and RNG states, and if any of
// them fails it puts back the ones already restored: all or nothing.
// The hash detects mixed and damaged files, not tampering (it is not
// cryptographic). The parts are referenced, not copied, and must outlive
// the checkpoint; parts not set are not saved (and must not be in the
// directory's checkpoint.json when loading).
// Example:
//   seedkit::torch::checkpoint ckpt;
//   ckpt.model(*net).optimizer(opt).sampler(sampler);
//   ckpt.save("ckpt/step-1000", {{"step", 1000}});
//   ...                           // in the resumed run, the same set-up, then
//   auto user = ckpt.load("ckpt/step-1000");
// Stability: format: versioned; every version of this major version stays readable.
class checkpoint {
 public:
  static constexpr int format_version = 1;

  checkpoint& model(::torch::nn::Module& m) noexcept {
    model_ = &m;
    return *this;
  }
  checkpoint& optimizer(::torch::optim::Optimizer& o) noexcept {
    optimizer_ = &o;
    return *this;
  }
  checkpoint& sampler(::torch::data::samplers::Sampler<>& s) noexcept {
    sampler_ = &s;
    return *this;
  }
  // The RNG part: track() streams and generators, untrack() by name.
  rng_checkpoint& rng() noexcept { return rng_; }

  // Writes the parts and then checkpoint.json into `dir` (created if needed).
  void save(const std::string& dir, const nlohmann::json& user = nlohmann::json::object()) const {
    if (!user.is_object()) {
      throw error("seedkit::torch::checkpoint: the user data must be a JSON object");
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      throw error("seedkit::torch::checkpoint: cannot create the directory \"" + dir +
                  "\": " + ec.message());
    }
    nlohmann::json files = nlohmann::json::object();
    for (const auto& [name, bytes] : serialize_parts()) {
      seedkit::detail::write_file_atomically(dir + "/" + name, bytes, "checkpoint part");
      files[name] = {{"bytes", bytes.size()}, {"fnv1a64", detail::fnv_check(bytes)}};
    }
    nlohmann::json payload;
    payload["files"] = files;
    payload["user"] = user;
    seedkit::detail::write_file_atomically(
        dir + "/checkpoint.json",
        detail::write_envelope("seedkit-torch-checkpoint", format_version, payload), "checkpoint");
  }

  // Restores every part from `dir` and returns the user object; see the
  // class comment for what is checked. All or nothing.
  nlohmann::json load(const std::string& dir) {
    const std::string index = dir + "/checkpoint.json";
    const seedkit::detail::json_document doc(seedkit::detail::read_file(index, "checkpoint"),
                                             "seedkit::torch: checkpoint \"" + index + "\"",
                                             "seedkit-torch-checkpoint", format_version,
                                             "; nothing was restored");
    const nlohmann::json& p = detail::checked_payload(doc);
    const nlohmann::json& files = doc.field(p, "files", " of the payload");
    const nlohmann::json& user = doc.field(p, "user", " of the payload");
    if (!files.is_object() || !user.is_object()) {
      throw doc.fail(" has a malformed payload (\"files\" and \"user\" must be objects)");
    }
    std::string expected, found;
    for (const char* name : part_names()) expected += std::string(" ") + name;
    for (const auto& [name, v] : files.items()) {
      (void)v;
      found += " " + name;
    }
    if (expected != found) {
      throw doc.fail(" holds the parts" + (found.empty() ? std::string(" (none)") : found) +
                     ", but this checkpoint object has" +
                     (expected.empty() ? std::string(" (none)") : expected) +
                     " (set the same model, optimizer and sampler as when it was saved)");
    }
    std::map<std::string, std::string> bytes;
    for (const auto& [name, v] : files.items()) {
      const std::string path = dir + "/" + name;
      std::string b = seedkit::detail::read_file(path, "checkpoint part");
      const auto size = v.find("bytes");
      const auto hash = v.find("fnv1a64");
      if (size == v.end() || hash == v.end() || !size->is_number_unsigned() || !hash->is_string()) {
        throw doc.fail(" has a malformed entry for \"" + name + "\"");
      }
      if (size->get<std::uint64_t>() != b.size() ||
          hash->get<std::string>() != detail::fnv_check(b)) {
        throw doc.fail(": \"" + path + "\" is not the file this checkpoint saved (" +
                       std::to_string(b.size()) + " bytes, hash " + detail::fnv_check(b) +
                       "; the checkpoint says " + size->dump() + " bytes, hash " +
                       hash->get<std::string>() +
                       "): files from different checkpoints, or one was rewritten");
      }
      bytes.emplace(name, std::move(b));
    }

    // Everything checked: restore, keeping what was there to put it back.
    const std::map<std::string, std::string> before = serialize_parts(/*with_rng=*/false);
    try {
      if (model_) load_archive(*model_, bytes.at("model.pt"));
      if (optimizer_) load_archive(*optimizer_, bytes.at("optimizer.pt"));
      if (sampler_) load_archive(*sampler_, bytes.at("sampler.pt"));
      rng_.from_json(bytes.at("rng.json"), dir + "/rng.json");  // all or nothing itself
    } catch (const std::exception& e) {
      try {
        if (model_) load_archive(*model_, before.at("model.pt"));
        if (optimizer_) load_archive(*optimizer_, before.at("optimizer.pt"));
        if (sampler_) load_archive(*sampler_, before.at("sampler.pt"));
      } catch (...) {
        throw error("seedkit::torch::checkpoint \"" + dir + "\": restoring failed (" + e.what() +
                    ") and putting back the previous state failed too");
      }
      if (dynamic_cast<const error*>(&e) != nullptr) throw;
      throw error("seedkit::torch::checkpoint \"" + dir + "\": libtorch refused a part (" +
                  e.what() + "); nothing was restored");
    }
    return user;
  }

 private:
  template <class Part>
  static std::string save_archive(const Part& part) {
    ::torch::serialize::OutputArchive archive;
    part.save(archive);
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
  }
  template <class Part>
  static void load_archive(Part& part, const std::string& bytes) {
    ::torch::serialize::InputArchive archive;
    archive.load_from(bytes.data(), bytes.size());
    part.load(archive);
  }
  std::vector<const char*> part_names() const {
    std::vector<const char*> names;  // in the order of a JSON object's keys
    if (model_) names.push_back("model.pt");
    if (optimizer_) names.push_back("optimizer.pt");
    names.push_back("rng.json");
    if (sampler_) names.push_back("sampler.pt");
    return names;
  }
  std::map<std::string, std::string> serialize_parts(bool with_rng = true) const {
    std::map<std::string, std::string> parts;
    if (model_) parts.emplace("model.pt", save_archive(*model_));
    if (optimizer_) parts.emplace("optimizer.pt", save_archive(*optimizer_));
    if (sampler_) parts.emplace("sampler.pt", save_archive(*sampler_));
    if (with_rng) parts.emplace("rng.json", rng_.to_json());
    return parts;
  }

  ::torch::nn::Module* model_ = nullptr;
  ::torch::optim::Optimizer* optimizer_ = nullptr;
  ::torch::data::samplers::Sampler<>* sampler_ = nullptr;
  rng_checkpoint rng_;
};

}  // namespace torch
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_TORCH_CHECKPOINT_HPP

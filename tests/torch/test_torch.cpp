// Tests of seedkit/torch/torch.hpp against the real libtorch. seedkit/torch/torch.hpp
// comes first, so this TU also proves that the header is self-contained.
#include "seedkit/torch/torch.hpp"
#include "seedkit/torch/torch.hpp"

#include <cstdint>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

namespace {

std::string path_for(const std::string& name) {
  return std::string(SEEDKIT_TEST_BINARY_DIR) + "/torch_" + name;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool same(const at::Tensor& a, const at::Tensor& b) { return at::equal(a, b); }

struct fresh {
  explicit fresh(std::uint64_t seed = 12321) {
    seedkit::reset();
    seedkit::init(seed);
  }
  ~fresh() { seedkit::reset(); }
};

}  // namespace

TEST_CASE("seed_everything seeds torch from the stream \"torch\"", "[torch]") {
  fresh f;
  seedkit::manifest m;
  seedkit::torch::seed_options o;
  o.record_to = &m;
  const auto s = seedkit::torch::seed_everything(o);
  CHECK(s.torch_seed == seedkit::key(12321).derive("torch").seed());
  CHECK(s.torch_seed != 12321u);
  CHECK(at::detail::getDefaultCPUGenerator().current_seed() == s.torch_seed);
  CHECK(s.deterministic_algorithms);
  CHECK_FALSE(s.deterministic_warn_only);
  CHECK(at::globalContext().deterministicAlgorithms());
  CHECK(s.cudnn_deterministic);
  CHECK_FALSE(s.cudnn_benchmark);
  CHECK(m.params.at("torch").at("torch_seed") == std::to_string(s.torch_seed));
  CHECK(m.params.at("torch").at("policy") == "error");
  CHECK(s.describe().find("torch seed") != std::string::npos);

  // The same seed gives the same torch draws.
  const at::Tensor a = at::randn({8});
  seedkit::torch::seed_everything();
  CHECK(same(a, at::randn({8})));

  o.record_to = nullptr;
  o.policy = seedkit::torch::determinism::warn_only;
  const auto w = seedkit::torch::seed_everything(o);
  CHECK(w.deterministic_warn_only);
  CHECK(at::globalContext().deterministicAlgorithmsWarnOnly());
  o.policy = seedkit::torch::determinism::error;
  seedkit::torch::seed_everything(o);
}

TEST_CASE("seed_everything needs a master seed", "[torch]") {
  seedkit::reset();
  CHECK_THROWS_AS(seedkit::torch::seed_everything(), seedkit::error);
}

TEST_CASE("generator_for(name) is a CPU generator seeded from its stream", "[torch]") {
  fresh f;
  at::Generator a = seedkit::torch::generator_for("augment");
  at::Generator b = seedkit::torch::generator(seedkit::key(12321) / "augment");
  CHECK(a.current_seed() == (seedkit::key(12321) / "augment").seed());
  CHECK(a.device().type() == at::kCPU);
  CHECK(same(at::randn({16}, a), at::randn({16}, b)));
  at::Generator c = seedkit::torch::generator_for("dropout");
  CHECK_FALSE(same(at::randn({16}, a), at::randn({16}, c)));
}

TEST_CASE("worker seeds are derived by index and do not collide", "[torch]") {
  const seedkit::key loader = seedkit::key(42) / "loader";
  std::set<std::uint64_t> seen;
  for (std::uint64_t e = 0; e < 4; ++e)
    for (std::uint64_t r = 0; r < 4; ++r)
      for (std::uint64_t w = 0; w < 4; ++w)
        seen.insert(seedkit::torch::worker_seed(loader, e, r, w));
  CHECK(seen.size() == 64);
  // Not seed + worker: seed 42 worker 1 differs from seed 43 worker 0.
  CHECK(seedkit::torch::worker_seed(seedkit::key(42) / "loader", 0, 0, 1) !=
        seedkit::torch::worker_seed(seedkit::key(43) / "loader", 0, 0, 0));
  CHECK(seedkit::torch::worker_key(loader, 1, 2, 3) == loader / 1 / 2 / 3);
  CHECK(seedkit::torch::epoch_key(loader, 5) == loader / "epoch" / 5);
}

TEST_CASE("epoch_sampler deals epoch_shard in batches", "[torch]") {
  const seedkit::key k = seedkit::key(7) / "data/shuffle";
  for (std::size_t world : {1u, 3u}) {
    for (std::size_t rank = 0; rank < world; ++rank) {
      seedkit::torch::epoch_sampler s(k, 100, rank, world);
      s.set_epoch(2);
      s.reset();
      std::vector<std::size_t> got;
      while (auto b = s.next(32)) {
        CHECK(b->size() <= 32);
        got.insert(got.end(), b->begin(), b->end());
      }
      CHECK(got == seedkit::epoch_shard(k, 2, 100, rank, world, seedkit::shard_tail::pad));
    }
  }
  seedkit::torch::epoch_sampler s(k, 10);
  s.reset(20);
  CHECK(s.indices() == seedkit::epoch_permutation(k, 0, 20));
  CHECK_THROWS_AS(seedkit::torch::epoch_sampler(k, 10, 2, 2), seedkit::error);

  // save/load through torch's archives keeps the epoch and the position.
  s.set_epoch(3);
  s.reset();
  (void)s.next(7);
  torch::serialize::OutputArchive out;
  s.save(out);
  std::ostringstream bytes;
  out.save_to(bytes);
  seedkit::torch::epoch_sampler t(k, 20);
  torch::serialize::InputArchive in;
  std::istringstream from(bytes.str());
  in.load_from(from);
  t.load(in);
  CHECK(t.epoch() == 3);
  CHECK(t.next(100) == s.next(100));
}

TEST_CASE("index_sampler deals an index_permutation shard in batches", "[torch]") {
  const seedkit::key k = seedkit::key(7) / "data/shuffle";
  for (std::size_t world : {1u, 3u}) {
    for (std::size_t rank = 0; rank < world; ++rank) {
      seedkit::torch::index_sampler s(k, 100, rank, world);
      s.set_epoch(2);
      s.reset();
      std::vector<std::size_t> got;
      while (auto b = s.next(32)) {
        CHECK(b->size() <= 32);
        got.insert(got.end(), b->begin(), b->end());
      }
      const seedkit::index_permutation p(k / 2, 100);
      CHECK(got == seedkit::shard(std::vector<std::size_t>(p.begin(), p.end()), rank, world,
                                  seedkit::shard_tail::pad));
    }
  }
  CHECK_THROWS_AS(seedkit::torch::index_sampler(k, 10, 2, 2), seedkit::error);
  CHECK_THROWS_AS(seedkit::torch::index_sampler(k, 0), seedkit::error);

  // A billion items: the first batch needs no O(n) work.
  seedkit::torch::index_sampler big(k, 1000000000, 1, 8);
  big.set_epoch(4);
  big.reset();
  const auto first = big.next(4);
  REQUIRE(first);
  CHECK((*first)[3] == seedkit::index_permutation(k / 4, 1000000000)[1 + 3 * 8]);

  // save/load keeps the epoch and the position.
  seedkit::torch::index_sampler s(k, 20);
  s.set_epoch(3);
  s.reset();
  (void)s.next(7);
  torch::serialize::OutputArchive out;
  s.save(out);
  std::ostringstream bytes;
  out.save_to(bytes);
  seedkit::torch::index_sampler t(k, 20);
  torch::serialize::InputArchive in;
  std::istringstream from(bytes.str());
  in.load_from(from);
  t.load(in);
  CHECK(t.epoch() == 3);
  CHECK(t.position() == 7);
  CHECK(t.next(100) == s.next(100));
}

TEST_CASE("rng_checkpoint restores torch, generators and streams", "[torch]") {
  fresh f;
  seedkit::torch::seed_everything();
  auto st = seedkit::stream_for("augment");
  at::Generator g = seedkit::torch::generator_for("noise");
  seedkit::torch::rng_checkpoint rng;
  rng.track("augment", st).track("noise", g);
  (void)st();
  (void)at::randn({3}, g);
  (void)at::randn({3});
  const std::string path = path_for("ok.rng.json");
  rng.save(path, {{"next_epoch", 2}});

  const std::uint64_t st_next = seedkit::stream(st)();
  const at::Tensor g_next = at::randn({5}, g);
  const at::Tensor cpu_next = at::randn({5});
  for (int i = 0; i < 10; ++i) (void)st();

  const nlohmann::json user = rng.load(path);
  CHECK(user.at("next_epoch") == 2);
  CHECK(st() == st_next);
  CHECK(same(at::randn({5}, g), g_next));
  CHECK(same(at::randn({5}), cpu_next));
}

TEST_CASE("a bad RNG checkpoint throws and changes nothing", "[torch]") {
  fresh f;
  seedkit::torch::seed_everything();
  auto st = seedkit::stream_for("augment");
  at::Generator g = seedkit::torch::generator_for("noise");
  seedkit::torch::rng_checkpoint rng;
  rng.track("augment", st).track("noise", g);
  const std::string good_path = path_for("good.rng.json");
  rng.save(good_path);
  const std::string good = read(good_path);
  // Move every state on, so that a restore would be visible.
  (void)st();
  (void)at::randn({3}, g);
  (void)at::randn({3});

  const auto unchanged = [&](const std::string& text, const std::string& what) {
    INFO(what);
    const seedkit::stream st_before = st;
    const at::Tensor g_state = g.get_state();
    const at::Tensor cpu_state = at::detail::getDefaultCPUGenerator().get_state();
    const std::string p = path_for("bad.rng.json");
    write(p, text);
    CHECK_THROWS_AS(rng.load(p), seedkit::error);
    CHECK(st == st_before);
    CHECK(same(g.get_state(), g_state));
    CHECK(same(at::detail::getDefaultCPUGenerator().get_state(), cpu_state));
  };

  unchanged(good.substr(0, good.size() / 2), "truncated");
  unchanged("", "empty");
  unchanged("[1, 2, 3]", "not an object");
  {
    // One state digit changed: the checksum catches it.
    std::string t = good;
    const std::size_t at = t.find("\"torch_cpu\": \"") + 20;
    t[at] = t[at] == '0' ? '1' : '0';
    unchanged(t, "corrupted torch state");
  }
  {
    std::string t = good;
    const std::size_t at = t.find("sk1-") + 10;
    t[at] = t[at] == '0' ? '1' : '0';
    unchanged(t, "corrupted stream token");
  }
  const auto edited = [&](const std::function<void(nlohmann::json&)>& change, bool recheck) {
    nlohmann::json j = nlohmann::json::parse(good);
    change(j["payload"]);
    if (recheck) {
      // Recompute the check, as a forger would: the content checks must hold.
      const std::uint64_t h = seedkit::detail::fnv1a64(j["payload"].dump());
      static const char digits[] = "0123456789abcdef";
      std::string c = "fnv1a64-";
      for (int s = 60; s >= 0; s -= 4) c += digits[(h >> s) & 15u];
      j["check"] = c;
    }
    return j.dump();
  };
  {
    nlohmann::json j = nlohmann::json::parse(good);
    j["format"] = "seedkit-manifest";
    unchanged(j.dump(), "foreign format");
  }
  unchanged(edited([](nlohmann::json& p) { p["master_seed"] = "1"; }, true), "other master seed");
  unchanged(edited([](nlohmann::json& p) { p["streams"].erase("augment"); }, true),
            "missing stream");
  unchanged(
      edited([](nlohmann::json& p) { p["generators"]["extra"] = p["generators"]["noise"]; }, true),
      "extra generator");
  unchanged(edited([](nlohmann::json& p) { p["torch_cpu"] = "00ff"; }, true),
            "torch state of the wrong size");
  unchanged(edited([](nlohmann::json& p) { p["generators"]["noise"] = "zz"; }, true),
            "non-hex generator state");
  unchanged(edited([](nlohmann::json& p) { p["streams"]["augment"] = "sk1-0"; }, true),
            "bad stream token");
  unchanged(edited([](nlohmann::json& p) { p["torch_cuda"] = {"00"}; }, true),
            "CUDA states for devices that are not there");
  unchanged(edited([](nlohmann::json& p) { p.erase("user"); }, true), "missing user object");
  {
    nlohmann::json j = nlohmann::json::parse(good);
    j["format_version"] = 2;
    unchanged(j.dump(), "newer format");
  }
  CHECK_THROWS_AS(rng.load(path_for("does-not-exist.rng.json")), seedkit::error);

  // Another master seed in force: refused.
  seedkit::reset();
  seedkit::init(1);
  CHECK_THROWS_AS(rng.load(good_path), seedkit::error);
  seedkit::reset();
  seedkit::init(12321);
  CHECK_NOTHROW(rng.load(good_path));

  CHECK_THROWS_AS(rng.track("augment", st), seedkit::error);
}

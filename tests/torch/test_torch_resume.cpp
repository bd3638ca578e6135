// Tests of the seedkit::torch add-on's resume and data-loading seams
// (issue 19, items 2-4), against the real libtorch: generators made by
// generator_for are checkpointed without track(); one checkpoint call binds
// model, optimizer, sampler and RNG files by hash and refuses a mix, all or
// nothing; samplers resume mid-epoch through the DataLoader's reset()
// without building skipped batches; per-sample generators give the same
// bits for any worker count; check_dataset_draws finds draws from torch's
// default generator.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

// libtorch first: its glog defines CHECK, which Catch's must replace.
#include <torch/torch.h>

#include "seedkit/torch/torch.hpp"

#include <catch2/catch.hpp>

namespace {

std::string dir_for(const std::string& name) {
  const std::string d = std::string(SEEDKIT_TEST_BINARY_DIR) + "/torch_resume_" + name;
  std::filesystem::remove_all(d);
  return d;
}

// A new process, as far as seedkit is concerned: master seed and the
// generators generator_for made.
struct fresh {
  explicit fresh(std::uint64_t seed = 12321) {
    seedkit::reset();
    seedkit::torch::detail::made_generators::instance().clear();
    seedkit::init(seed);
  }
  ~fresh() {
    seedkit::torch::detail::made_generators::instance().clear();
    seedkit::reset();
  }
};

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const seedkit::error& e) {
    return e.what();
  }
  return "(no seedkit::error)";
}

// Items 0..n-1; get(i) returns {i} and counts the call.
struct counting_dataset : torch::data::datasets::Dataset<counting_dataset> {
  explicit counting_dataset(std::size_t n)
      : calls(std::make_shared<std::vector<std::atomic<int>>>(n)) {}
  torch::data::Example<> get(std::size_t i) override {
    ++(*calls)[i];
    return {torch::tensor({static_cast<std::int64_t>(i)}), torch::tensor(0)};
  }
  torch::optional<std::size_t> size() const override { return calls->size(); }
  std::shared_ptr<std::vector<std::atomic<int>>> calls;
};

template <class Sampler>
std::vector<std::int64_t> drain(const Sampler& sampler, counting_dataset& ds, std::size_t workers) {
  auto loader = torch::data::make_data_loader(
      ds, sampler, torch::data::DataLoaderOptions().batch_size(4).workers(workers));
  std::vector<std::int64_t> seen;
  for (auto& batch : *loader) {
    for (auto& example : batch) seen.push_back(example.data.template item<std::int64_t>());
  }
  return seen;
}

}  // namespace

TEST_CASE("generators made by generator_for are checkpointed without track()", "[torch][resume]") {
  fresh f;
  at::Generator noise = seedkit::torch::generator_for("label_noise");
  seedkit::torch::rng_checkpoint rng;
  CHECK(rng.generator_names() == std::vector<std::string>{"label_noise"});
  (void)at::randn({3}, noise);
  const std::string path = dir_for("made") + ".rng.json";
  rng.save(path);
  const at::Tensor next = at::randn({4}, noise);
  (void)at::randn({10}, noise);
  rng.load(path);
  CHECK(at::equal(at::randn({4}, noise), next));
}

TEST_CASE("a checkpoint of a made generator refuses a run that has not made it",
          "[torch][resume]") {
  std::string path;
  {
    fresh f;
    (void)seedkit::torch::generator_for("label_noise");
    path = dir_for("made_missing") + ".rng.json";
    seedkit::torch::rng_checkpoint().save(path);
  }
  fresh f;
  seedkit::torch::rng_checkpoint rng;
  const std::string m = message_of([&] { rng.load(path); });
  CHECK(contains(m, "\"label_noise\""));
  CHECK(contains(m, "generator_for"));

  SECTION("untrack() leaves a made generator out, by name") {
    (void)seedkit::torch::generator_for("label_noise");
    (void)seedkit::torch::generator_for("augment");
    seedkit::torch::rng_checkpoint some;
    some.untrack("label_noise");
    CHECK(some.generator_names() == std::vector<std::string>{"augment"});
    const std::string p2 = dir_for("untracked") + ".rng.json";
    some.save(p2);
    seedkit::torch::rng_checkpoint all;
    CHECK(contains(message_of([&] { all.load(p2); }), "untrack()"));
    CHECK_NOTHROW(some.load(p2));
  }
}

namespace {

// A small model, optimizer and sampler, trained a step at a time; the loss
// bits of each step.
struct run {
  torch::nn::Linear net{4, 2};
  torch::optim::SGD opt{net->parameters(), torch::optim::SGDOptions(0.1).momentum(0.9)};
  seedkit::torch::epoch_sampler sampler{seedkit::key_for("data/shuffle"), 64};
  at::Generator noise = seedkit::torch::generator_for("label_noise");
  seedkit::torch::checkpoint ckpt;
  at::Tensor x = at::randn({64, 4}, seedkit::torch::generator_for("data"));

  run() {
    sampler.set_epoch(0);
    sampler.reset();
    ckpt.model(*net).optimizer(opt).sampler(sampler);
  }
  double step() {
    auto batch = sampler.next(8);
    if (!batch) {
      sampler.set_epoch(sampler.epoch() + 1);
      sampler.reset();
      batch = sampler.next(8);
    }
    std::vector<std::int64_t> idx(batch->begin(), batch->end());
    at::Tensor xb = x.index_select(0, torch::tensor(idx));
    at::Tensor target = at::randn({static_cast<std::int64_t>(idx.size()), 2}, noise);
    opt.zero_grad();
    at::Tensor loss = torch::mse_loss(torch::dropout(net->forward(xb), 0.2, true), target);
    loss.backward();
    opt.step();
    return loss.item<double>();
  }
};

}  // namespace

TEST_CASE("checkpoint binds model, optimizer, sampler and RNG, and resumes to the same bits",
          "[torch][resume]") {
  fresh f;
  seedkit::torch::seed_everything();
  run r;
  for (int i = 0; i < 5; ++i) (void)r.step();
  const std::string dir = dir_for("bound");
  r.ckpt.save(dir, {{"step", 5}});
  std::vector<double> uninterrupted;
  for (int i = 0; i < 12; ++i) uninterrupted.push_back(r.step());  // crosses an epoch

  // A new process with the same set-up, restored from the directory.
  fresh g;
  seedkit::torch::seed_everything();
  run resumed;
  CHECK(resumed.ckpt.load(dir).at("step") == 5);
  std::vector<double> after;
  for (int i = 0; i < 12; ++i) after.push_back(resumed.step());
  CHECK(after == uninterrupted);
}

TEST_CASE("checkpoint refuses files from different checkpoints and changes nothing",
          "[torch][resume]") {
  fresh f;
  seedkit::torch::seed_everything();
  run r;
  (void)r.step();
  const std::string a = dir_for("mix_a"), b = dir_for("mix_b");
  r.ckpt.save(a);
  (void)r.step();
  r.ckpt.save(b);
  (void)r.step();

  for (const char* part : {"rng.json", "model.pt", "optimizer.pt", "sampler.pt"}) {
    INFO(part);
    const std::string mixed = dir_for(std::string("mixed_") + part);
    std::filesystem::copy(a, mixed);
    std::filesystem::copy_file(b + "/" + part, mixed + "/" + part,
                               std::filesystem::copy_options::overwrite_existing);
    const at::Tensor w = r.net->weight.clone();
    const std::uint64_t position = r.sampler.position();
    const at::Tensor noise_state = r.noise.get_state();
    const std::string m = message_of([&] { r.ckpt.load(mixed); });
    CHECK(contains(m, std::string("/") + part + "\" is not the file this checkpoint saved"));
    CHECK(contains(m, "nothing was restored"));
    CHECK(at::equal(r.net->weight, w));
    CHECK(r.sampler.position() == position);
    CHECK(at::equal(r.noise.get_state(), noise_state));
  }
  SECTION("a checkpoint of other parts is refused, naming them") {
    seedkit::torch::checkpoint model_only;
    model_only.model(*r.net);
    CHECK(contains(message_of([&] { model_only.load(a); }), "set the same model"));
  }
}

TEST_CASE(
    "a sampler resumed mid-epoch survives the DataLoader's reset(), building no skipped batch",
    "[torch][resume]") {
  fresh f;
  const seedkit::key k = seedkit::key_for("data/shuffle");
  counting_dataset full(40);
  seedkit::torch::epoch_sampler s(k, 40);
  s.set_epoch(3);
  const std::vector<std::int64_t> whole = drain(s, full, 2);
  REQUIRE(whole.size() == 40);
  const std::vector<std::int64_t> tail(whole.begin() + 12, whole.end());

  SECTION("resume_at") {
    counting_dataset ds(40);
    seedkit::torch::epoch_sampler resumed(k, 40);
    resumed.resume_at(3, 12);
    CHECK(drain(resumed, ds, 2) == tail);
    for (std::size_t t = 0; t < 12; ++t) {
      CHECK((*ds.calls)[static_cast<std::size_t>(whole[t])] == 0);  // never built
    }
    // The next epoch, from the same sampler, starts at 0.
    resumed.set_epoch(4);
    seedkit::torch::epoch_sampler next = resumed;  // what the next loader copies
    next.reset();
    CHECK(next.position() == 0);
  }
  SECTION("load() of a saved position, then handed to a loader") {
    seedkit::torch::epoch_sampler saver(k, 40);
    saver.set_epoch(3);
    saver.reset();
    for (int b = 0; b < 3; ++b) (void)saver.next(4);
    torch::serialize::OutputArchive out;
    saver.save(out);
    std::ostringstream bytes;
    out.save_to(bytes);
    torch::serialize::InputArchive in;
    const std::string b = bytes.str();
    in.load_from(b.data(), b.size());
    seedkit::torch::epoch_sampler loaded(k, 40);
    loaded.load(in);
    counting_dataset ds(40);
    CHECK(drain(loaded, ds, 0) == tail);
  }
  SECTION("index_sampler alike") {
    seedkit::torch::index_sampler is(k, 40);
    is.set_epoch(3);
    counting_dataset all(40);
    const std::vector<std::int64_t> order = drain(is, all, 2);
    seedkit::torch::index_sampler resumed(k, 40);
    resumed.resume_at(3, 12);
    counting_dataset ds(40);
    CHECK(drain(resumed, ds, 2) == std::vector<std::int64_t>(order.begin() + 12, order.end()));
    for (std::size_t t = 0; t < 12; ++t) {
      CHECK((*ds.calls)[static_cast<std::size_t>(order[t])] == 0);
    }
  }
  SECTION("a position beyond the share is refused") {
    seedkit::torch::epoch_sampler bad(k, 40, 0, 3);  // 14 items per rank (pad)
    CHECK(contains(message_of([&] { bad.resume_at(0, 15); }), "14 items"));
    CHECK_NOTHROW(bad.resume_at(0, 14));
  }
}

namespace {

// get(i) draws noise from the per-sample generator (good) or from torch's
// default generator (bad).
struct noisy_dataset : torch::data::datasets::Dataset<noisy_dataset> {
  noisy_dataset(bool from_sample, std::uint64_t e) : per_sample(from_sample), epoch(e) {}
  torch::data::Example<> get(std::size_t i) override {
    at::Tensor noise = per_sample
                           ? at::randn({3}, seedkit::torch::sample_generator(loader, epoch, i))
                           : at::randn({3});
    return {noise, torch::tensor(static_cast<std::int64_t>(i))};
  }
  torch::optional<std::size_t> size() const override { return 64; }
  bool per_sample;
  std::uint64_t epoch;
  seedkit::key loader = seedkit::key_for("loader");
};

std::vector<at::Tensor> load_all(const noisy_dataset& ds, std::size_t workers) {
  seedkit::torch::epoch_sampler s(seedkit::key_for("data/shuffle"), 64);
  s.set_epoch(ds.epoch);
  auto loader = torch::data::make_data_loader(
      ds, s, torch::data::DataLoaderOptions().batch_size(8).workers(workers));
  std::vector<at::Tensor> out;
  for (auto& batch : *loader) {
    for (auto& e : batch) out.push_back(e.data);
  }
  return out;
}

}  // namespace

TEST_CASE("per-sample generators give the same bits for any number of workers", "[torch][resume]") {
  fresh f;
  const noisy_dataset ds(true, 2);
  const std::vector<at::Tensor> w0 = load_all(ds, 0);
  for (const std::size_t workers : {1u, 2u, 4u}) {
    const std::vector<at::Tensor> w = load_all(ds, workers);
    REQUIRE(w.size() == w0.size());
    for (std::size_t i = 0; i < w.size(); ++i) CHECK(at::equal(w[i], w0[i]));
  }
  // Keys differ by epoch and by index.
  const seedkit::key k = seedkit::key_for("loader");
  CHECK(seedkit::torch::sample_key(k, 0, 1) != seedkit::torch::sample_key(k, 1, 0));
  CHECK(seedkit::torch::sample_key(k, 0, 1) != seedkit::torch::worker_key(k, 0, 0, 1));
}

TEST_CASE("check_dataset_draws finds draws from torch's default generator", "[torch][resume]") {
  fresh f;
  seedkit::torch::seed_everything();
  noisy_dataset good(true, 0), bad(false, 0);
  const at::Tensor before = at::detail::getDefaultCPUGenerator().get_state();
  CHECK_NOTHROW(seedkit::torch::check_dataset_draws(good, {0, 1, 2, 3}));
  const std::string m = message_of([&] { seedkit::torch::check_dataset_draws(bad, {5, 6}); });
  CHECK(contains(m, "get(5) drew from torch's default CPU generator"));
  CHECK(contains(m, "sample_generator"));
  CHECK(at::equal(at::detail::getDefaultCPUGenerator().get_state(), before));
}

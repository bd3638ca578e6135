// torch_train: a reproducible libtorch training run with seedkit.
//
// A 4-32-1 MLP with dropout learns a generated regression task by minibatch
// SGD. Randomness comes from named streams only:
//   torch            torch's default generator (weight init, dropout masks),
//                    seeded by seedkit::torch::seed_everything
//   data             the generated data set (its own at::Generator)
//   data/shuffle     each epoch's minibatch order (seedkit::torch::epoch_sampler)
//   augment          input noise (a seedkit stream, checkpointed)
// --checkpoint-at K writes the model (PATH.pt) and every RNG state
// (PATH.rng.json) after epoch K and carries on; --resume-from PATH loads
// both and continues from epoch K, reproducing the uninterrupted run.
//
// Usage:
//   torch_train [--seed N] [--epochs E] [--threads T]
//               [--checkpoint-at K --checkpoint PATH] [--resume-from PATH]
// Prints the settings, a digest of the data and of every epoch's order
// (which seedkit guarantees for any thread count), and the final loss with
// its bits.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <seedkit/torch/torch.hpp>
#include <torch/torch.h>

#include <seedkit/seedkit.hpp>

namespace {

constexpr std::int64_t kInputs = 4;
constexpr std::int64_t kHidden = 32;
constexpr std::int64_t kTrain = 512;
constexpr std::size_t kBatch = 32;
constexpr double kDropout = 0.2;
constexpr double kLearningRate = 0.05;
constexpr double kNoise = 0.01;

struct options {
  std::uint64_t seed = 12321;
  int epochs = 4;
  int threads = 1;
  int checkpoint_at = -1;
  std::string checkpoint;
  std::string resume_from;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "torch_train: %s\nusage: torch_train [--seed N] [--epochs E] [--threads T] "
               "[--checkpoint-at K --checkpoint PATH] [--resume-from PATH]\n",
               why);
  std::exit(2);
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(("missing value after " + a).c_str());
    const char* v = argv[++i];
    if (a == "--seed") {
      o.seed = seedkit::parse_seed(v, "--seed");
    } else if (a == "--epochs") {
      o.epochs = std::atoi(v);
    } else if (a == "--threads") {
      o.threads = std::atoi(v);
    } else if (a == "--checkpoint-at") {
      o.checkpoint_at = std::atoi(v);
    } else if (a == "--checkpoint") {
      o.checkpoint = v;
    } else if (a == "--resume-from") {
      o.resume_from = v;
    } else {
      usage(("unknown option " + a).c_str());
    }
  }
  if (o.epochs < 1 || o.threads < 1) usage("--epochs and --threads must be at least 1");
  if (o.checkpoint_at >= 0 && o.checkpoint.empty()) usage("--checkpoint-at needs --checkpoint");
  return o;
}

std::uint32_t bits(float f) {
  std::uint32_t u = 0;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

// A 64-bit digest of a float tensor's bits, to compare runs exactly.
std::uint64_t digest(const torch::Tensor& t, std::uint64_t h = 0xcbf29ce484222325u) {
  const torch::Tensor c = t.contiguous();
  const float* p = c.data_ptr<float>();
  for (std::int64_t i = 0; i < c.numel(); ++i) {
    h ^= bits(p[i]);
    h *= 0x100000001b3u;
  }
  return h;
}

int run(const options& o) {
  seedkit::init(o.seed);
  at::set_num_threads(o.threads);
  const seedkit::torch::settings set = seedkit::torch::seed_everything();
  std::printf("%s\n", set.describe().c_str());

  // The data: y = sin(x . w) + noise, from the "data" generator.
  at::Generator data_gen = seedkit::torch::generator_for("data");
  const torch::Tensor x = torch::randn({kTrain, kInputs}, data_gen);
  const torch::Tensor w = torch::randn({kInputs, 1}, data_gen);
  const torch::Tensor y = torch::sin(x.matmul(w)) + 0.1 * torch::randn({kTrain, 1}, data_gen);

  torch::nn::Sequential model(torch::nn::Linear(kInputs, kHidden), torch::nn::ReLU(),
                              torch::nn::Dropout(kDropout), torch::nn::Linear(kHidden, 1));
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(kLearningRate));

  seedkit::torch::epoch_sampler sampler(seedkit::key_for("data/shuffle"),
                                        static_cast<std::size_t>(kTrain));
  auto augment = seedkit::stream_for("augment");

  seedkit::torch::rng_checkpoint rng;
  rng.track("augment", augment);
  rng.track("data", data_gen);

  int first_epoch = 0;
  if (!o.resume_from.empty()) {
    torch::load(model, o.resume_from + ".pt");
    const nlohmann::json user = rng.load(o.resume_from + ".rng.json");
    first_epoch = user.at("next_epoch").get<int>();
    std::printf("resumed from %s at epoch %d\n", o.resume_from.c_str(), first_epoch);
  }

  std::uint64_t order_digest = 0xcbf29ce484222325u;
  float loss_value = 0;
  for (int epoch = first_epoch; epoch < o.epochs; ++epoch) {
    model->train();
    sampler.set_epoch(static_cast<std::uint64_t>(epoch));
    sampler.reset();
    while (auto batch = sampler.next(kBatch)) {
      std::vector<std::int64_t> idx(batch->begin(), batch->end());
      for (const std::int64_t i : idx) {
        order_digest = (order_digest ^ static_cast<std::uint64_t>(i)) * 0x100000001b3u;
      }
      const torch::Tensor index = torch::tensor(idx, torch::kLong);
      torch::Tensor xb = x.index_select(0, index).clone();
      // Augmentation noise from a seedkit stream (checkpointed with the rest).
      float* px = xb.data_ptr<float>();
      for (std::int64_t i = 0; i < xb.numel(); ++i) {
        const double u = static_cast<double>(augment() >> 11) * 0x1.0p-53 - 0.5;
        px[i] += static_cast<float>(kNoise * u);
      }
      optimizer.zero_grad();
      const torch::Tensor loss = torch::mse_loss(model->forward(xb), y.index_select(0, index));
      loss.backward();
      optimizer.step();
    }
    model->eval();
    {
      torch::NoGradGuard no_grad;
      loss_value = torch::mse_loss(model->forward(x), y).item<float>();
    }
    std::printf("epoch %d loss %.9g\n", epoch, static_cast<double>(loss_value));
    if (epoch + 1 == o.checkpoint_at) {
      torch::save(model, o.checkpoint + ".pt");
      rng.save(o.checkpoint + ".rng.json", {{"next_epoch", epoch + 1}});
      std::printf("checkpoint after epoch %d: %s\n", epoch, o.checkpoint.c_str());
    }
  }
  std::printf("data digest: %016" PRIx64 "\n", digest(y, digest(x)));
  if (o.resume_from.empty()) std::printf("order digest: %016" PRIx64 "\n", order_digest);
  std::printf("final loss: %.9g bits 0x%08" PRIx32 " params 0x%016" PRIx64 "\n",
              static_cast<double>(loss_value), bits(loss_value), [&] {
                std::uint64_t h = 0xcbf29ce484222325u;
                for (const auto& p : model->parameters()) h = digest(p.detach(), h);
                return h;
              }());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse(argc, argv));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "torch_train: %s\n", e.what());
    return 1;
  }
}

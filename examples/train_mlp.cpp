// train_mlp: a reproducible training run with no ML library.
//
// A 4-16-1 multilayer perceptron learns a generated regression task by
// minibatch SGD. Every source of randomness has its own named stream:
//   data/train, data/valid   the generated data sets
//   model/init               weight initialization (truncated normal)
//   data/shuffle / epoch     the order of each epoch's minibatches
//   dropout / epoch          dropout keep-masks on the hidden layer
//   augment / epoch          input noise (augmentation)
// and the loss is reduced with seedkit::parallel_sum over --threads threads,
// so the validation loss has the same bits for any thread count. The run
// writes a manifest (seed, streams, environment, parameters) and a trace of
// checkpoints (the weights after every step, the loss after every epoch).
//
// Usage (train_mlp --help prints it):
//   train_mlp [--seed N] [--threads T] [--epochs E] [--manifest PATH]
//             [--trace PATH] [--extra-stream] [--perturb-step K] [--strict-replay]
// Without --seed the master seed comes from SEEDKIT_SEED, or from a recorded
// manifest with SEEDKIT_REPLAY=PATH, or from std::random_device. A replay
// takes the recorded --epochs and --threads unless given, reports every
// difference from the recorded run (seed, streams, environment, parameters)
// and with --strict-replay refuses to finish when there is one; --seed with
// SEEDKIT_REPLAY is refused unless it is the recorded seed. The manifest is
// written at the start (marked incomplete) and completed at the end.
// --extra-stream derives and uses one more stream first (the others' values,
// and so the loss, do not change); --perturb-step K nudges one weight by one
// ulp after step K (the trace diff then points at that step).
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <seedkit/distributions.hpp>
#include <seedkit/record/fmt.hpp>
#include <seedkit/record/manifest.hpp>
#include <seedkit/parallel.hpp>
#include <seedkit/reduce.hpp>
#include <seedkit/seedkit.hpp>
#include <seedkit/shuffle.hpp>
#include <seedkit/record/trace.hpp>

namespace {

constexpr int kInputs = 4;
constexpr int kHidden = 16;
constexpr std::size_t kTrain = 512;
constexpr std::size_t kValid = 256;
constexpr std::size_t kBatch = 32;
constexpr double kKeep = 0.9;    // dropout keep probability
constexpr double kNoise = 0.01;  // augmentation noise
constexpr double kLearningRate = 0.05;

struct options {
  bool has_seed = false;
  std::uint64_t seed = 0;
  unsigned threads = 1;
  int epochs = 5;
  std::string manifest_path;
  std::string trace_path;
  bool extra_stream = false;
  long perturb_step = -1;
  bool has_threads = false;
  bool has_epochs = false;
  bool strict_replay = false;
};

constexpr const char* kUsage =
    "usage: train_mlp [--seed N] [--threads T] [--epochs E] [--manifest PATH] [--trace PATH]\n"
    "                 [--extra-stream] [--perturb-step K] [--strict-replay] [--help]\n"
    "  --seed N          master seed (decimal or 0x hex; default: SEEDKIT_SEED, the seed of\n"
    "                    SEEDKIT_REPLAY=PATH, or a random seed, printed)\n"
    "  --threads T       threads for the loss sums, 1-1024 (default 1; the bits do not change)\n"
    "  --epochs E        epochs, 0-1000000 (default 5)\n"
    "  --manifest PATH   write the run's manifest (at the start, completed at the end)\n"
    "  --trace PATH      write the trace of checkpoints\n"
    "  --extra-stream    derive and use one more stream (the loss must not change)\n"
    "  --perturb-step K  nudge one weight by one ulp after step K\n"
    "  --strict-replay   under SEEDKIT_REPLAY, exit 2 if the run differs from the recorded one\n"
    "environment: SEEDKIT_SEED, SEEDKIT_REPLAY, SEEDKIT_TRACE_REFERENCE (docs/record-replay.md)\n";

struct dataset {
  std::vector<double> x;  // kInputs per sample
  std::vector<double> y;
};

struct model {
  std::vector<double> w1 = std::vector<double>(kInputs * kHidden);
  std::vector<double> b1 = std::vector<double>(kHidden);
  std::vector<double> w2 = std::vector<double>(kHidden);
  double b2 = 0.0;

  std::vector<double> flat() const {
    std::vector<double> f = w1;
    f.insert(f.end(), b1.begin(), b1.end());
    f.insert(f.end(), w2.begin(), w2.end());
    f.push_back(b2);
    return f;
  }
};

// The target: a fixed polynomial (no libm), plus noise from the stream.
dataset make_data(std::size_t n, seedkit::stream rng) {
  seedkit::uniform_real<double> u(-1.0, 1.0);
  seedkit::normal<double> noise(0.0, 0.05);
  dataset d;
  for (std::size_t i = 0; i < n; ++i) {
    double v[kInputs];
    for (double& c : v) c = u(rng);
    d.x.insert(d.x.end(), v, v + kInputs);
    d.y.push_back(v[0] * v[1] - 0.5 * v[2] + 0.25 * v[3] * v[3] + noise(rng));
  }
  return d;
}

void init_model(model& m, seedkit::stream rng) {
  // He-style scale sqrt(2 / fan_in), truncated at two standard deviations.
  seedkit::truncated_normal<double> w1(0.0, std::sqrt(2.0 / kInputs),
                                       -2.0 * std::sqrt(2.0 / kInputs),
                                       2.0 * std::sqrt(2.0 / kInputs));
  seedkit::truncated_normal<double> w2(0.0, std::sqrt(1.0 / kHidden),
                                       -2.0 * std::sqrt(1.0 / kHidden),
                                       2.0 * std::sqrt(1.0 / kHidden));
  for (double& w : m.w1) w = w1(rng);
  for (double& w : m.w2) w = w2(rng);
}

// Forward pass for one sample; hidden activations go to h (post-ReLU,
// post-dropout). keep == nullptr means no dropout (evaluation).
double forward(const model& m, const double* x, double* h, const bool* keep) {
  double out = m.b2;
  for (int j = 0; j < kHidden; ++j) {
    double a = m.b1[static_cast<std::size_t>(j)];
    for (int i = 0; i < kInputs; ++i) a += m.w1[static_cast<std::size_t>(j * kInputs + i)] * x[i];
    a = a > 0.0 ? a : 0.0;
    if (keep) a = keep[j] ? a / kKeep : 0.0;
    h[j] = a;
    out += m.w2[static_cast<std::size_t>(j)] * a;
  }
  return out;
}

double validation_loss(const model& m, const dataset& d, unsigned threads) {
  std::vector<double> se(d.y.size());
  double h[kHidden];
  for (std::size_t s = 0; s < d.y.size(); ++s) {
    const double e = forward(m, &d.x[s * kInputs], h, nullptr) - d.y[s];
    se[s] = e * e;
  }
  return seedkit::parallel_sum(se, seedkit::reduce_mode::pairwise, threads) /
         static_cast<double>(se.size());
}

// A whole decimal integer in [lo, hi], nothing else: no sign unless lo < 0,
// no spaces, exponent or trailing text. Throws seedkit::error naming the flag,
// the text and the accepted range.
long long parse_integer(const char* text, const char* flag, long long lo, long long hi) {
  const std::string t = text;
  const auto fail = [&]() -> long long {
    throw seedkit::error(std::string(flag) + " \"" + t +
                         "\" is not accepted: expected a whole number from " + std::to_string(lo) +
                         " to " + std::to_string(hi));
  };
  std::size_t i = 0;
  const bool negative = !t.empty() && t[0] == '-' && lo < 0;
  if (negative) ++i;
  if (i == t.size()) return fail();
  unsigned long long v = 0;
  for (; i < t.size(); ++i) {
    if (t[i] < '0' || t[i] > '9') return fail();
    v = v * 10 + static_cast<unsigned>(t[i] - '0');
    if (v > static_cast<unsigned long long>(hi) + (negative ? 1 : 0)) return fail();
  }
  const long long r = negative ? -static_cast<long long>(v) : static_cast<long long>(v);
  return r < lo || r > hi ? fail() : r;
}

bool parse(int argc, char** argv, options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> const char* {
      if (i + 1 >= argc) throw seedkit::error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--seed") {
      o.seed = seedkit::parse_seed(value(), "--seed");
      o.has_seed = true;
    } else if (a == "--threads") {
      o.threads = static_cast<unsigned>(parse_integer(value(), "--threads", 1, 1024));
      o.has_threads = true;
    } else if (a == "--epochs") {
      o.epochs = static_cast<int>(parse_integer(value(), "--epochs", 0, 1000000));
      o.has_epochs = true;
    } else if (a == "--strict-replay") {
      o.strict_replay = true;
    } else if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (a == "--manifest") {
      o.manifest_path = value();
    } else if (a == "--trace") {
      o.trace_path = value();
    } else if (a == "--extra-stream") {
      o.extra_stream = true;
    } else if (a == "--perturb-step") {
      o.perturb_step = static_cast<long>(parse_integer(value(), "--perturb-step", 0, 1L << 40));
    } else {
      std::fprintf(stderr, "train_mlp: unknown option %s\n%s", a.c_str(), kUsage);
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    options o;
    if (!parse(argc, argv, o)) return 2;
    const seedkit::seed_choice choice = o.has_seed ? seedkit::init(o.seed) : seedkit::init();
    fmt::print("master seed: {}\n", choice);
    // A replay runs the recorded parameters unless the command line says
    // otherwise (and then reports the difference).
    if (const auto recorded = seedkit::replayed()) {
      if (!o.has_epochs) o.epochs = recorded->param<int>("epochs");
      if (!o.has_threads) o.threads = recorded->param<unsigned>("threads");
    }
    const auto run_manifest = [&]() {
      seedkit::manifest man = seedkit::manifest::capture();
      man.set("learning_rate", kLearningRate)
          .set("epochs", o.epochs)
          .set("batch", kBatch)
          .set("threads", o.threads)
          .set("keep_probability", kKeep);
      return man;
    };

    if (o.extra_stream) {  // a new subsystem: it must not shift anyone else's numbers
      auto extra = seedkit::stream_for("extra/regularizer");
      fmt::print("extra stream first value: {:016x}\n", extra());
    }

    const dataset train = make_data(kTrain, seedkit::stream_for("data/train"));
    const dataset valid = make_data(kValid, seedkit::stream_for("data/valid"));
    model m;
    init_model(m, seedkit::stream_for("model/init"));

    if (!o.manifest_path.empty()) {  // a run that dies still leaves its record
      run_manifest().save_started(o.manifest_path);
      fmt::print("manifest: started {}\n", o.manifest_path);
    }

    seedkit::trace trace = seedkit::trace::from_environment();
    trace.record("init/weights", m.flat());

    const seedkit::normal<double> noise(0.0, kNoise);
    const seedkit::bernoulli keep_draw(kKeep);
    long step = 0;
    for (int epoch = 0; epoch < o.epochs; ++epoch) {
      const auto e = static_cast<std::uint64_t>(epoch);
      seedkit::stream order_rng(seedkit::key_for("data/shuffle") / e);
      seedkit::stream dropout_rng(seedkit::key_for("dropout") / e);
      seedkit::stream augment_rng(seedkit::key_for("augment") / e);
      std::vector<std::size_t> order = seedkit::permutation(kTrain, order_rng);

      std::vector<double> epoch_se;
      for (std::size_t start = 0; start < kTrain; start += kBatch, ++step) {
        model grad;
        std::vector<double> se;
        for (std::size_t k = start; k < start + kBatch; ++k) {
          const std::size_t s = order[k];
          double x[kInputs];
          for (int i = 0; i < kInputs; ++i)
            x[i] = train.x[s * kInputs + static_cast<std::size_t>(i)] + noise(augment_rng);
          bool keep[kHidden];
          for (bool& kb : keep) kb = keep_draw(dropout_rng);
          double h[kHidden];
          const double err = forward(m, x, h, keep) - train.y[s];
          se.push_back(err * err);
          // Backward: d(err^2)/d(out) = 2 err, averaged over the batch.
          const double g = 2.0 * err / static_cast<double>(kBatch);
          grad.b2 += g;
          for (int j = 0; j < kHidden; ++j) {
            const auto uj = static_cast<std::size_t>(j);
            grad.w2[uj] += g * h[j];
            if (h[j] <= 0.0) continue;  // ReLU (or dropped): no gradient
            const double gh = g * m.w2[uj] / kKeep;
            grad.b1[uj] += gh;
            for (int i = 0; i < kInputs; ++i)
              grad.w1[static_cast<std::size_t>(j * kInputs + i)] += gh * x[i];
          }
        }
        for (std::size_t i = 0; i < m.w1.size(); ++i) m.w1[i] -= kLearningRate * grad.w1[i];
        for (std::size_t j = 0; j < m.b1.size(); ++j) m.b1[j] -= kLearningRate * grad.b1[j];
        for (std::size_t j = 0; j < m.w2.size(); ++j) m.w2[j] -= kLearningRate * grad.w2[j];
        m.b2 -= kLearningRate * grad.b2;
        if (step == o.perturb_step) m.w1[0] = std::nextafter(m.w1[0], 1e300);  // deliberate change
        trace.record("step " + std::to_string(step) + "/weights", m.flat());
        epoch_se.insert(epoch_se.end(), se.begin(), se.end());
      }
      const double train_loss =
          seedkit::parallel_sum(epoch_se, seedkit::reduce_mode::pairwise, o.threads) /
          static_cast<double>(epoch_se.size());
      trace.record("epoch " + std::to_string(epoch) + "/train_loss", train_loss);
      fmt::print("epoch {}: train loss {:.17g}\n", epoch, train_loss);
    }

    const double loss = validation_loss(m, valid, o.threads);
    trace.record("final/validation_loss", loss);
    std::uint64_t bits = 0;
    std::memcpy(&bits, &loss, sizeof bits);
    fmt::print("validation loss: {:.17g} bits {:016x}\n", loss, bits);

    seedkit::manifest man = run_manifest();
    man.set("validation_loss_bits", fmt::format("{:016x}", bits));
    man.metric("val_loss", loss);  // what seedkit-sweep summarizes
    if (!o.manifest_path.empty()) {
      man.save(o.manifest_path);
      fmt::print("manifest: wrote {}\n", o.manifest_path);
    }
    if (!o.trace_path.empty()) {
      trace.save(o.trace_path);
      fmt::print("trace: wrote {}\n", o.trace_path);
    }
    if (std::getenv("SEEDKIT_REPLAY")) {
      const auto diffs = seedkit::replay_differences(man);
      fmt::print("replay: {} difference{} from the recorded run\n", diffs.size(),
                 diffs.size() == 1 ? "" : "s");
      for (const auto& d : diffs) fmt::print("  {}\n", d);
      if (o.strict_replay) seedkit::require_exact_replay(man);
    }
    const seedkit::trace_divergence d = trace.divergence();
    if (d.diverged) fmt::print("trace: {}\n", d);
  } catch (const seedkit::error& e) {
    std::fprintf(stderr, "train_mlp: %s\n", e.what());
    return 2;
  }
  return 0;
}

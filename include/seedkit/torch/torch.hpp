// seedkit/torch/torch.hpp: the libtorch add-on in one include (target seedkit::torch, CMake
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
//   at::Generator aug = seedkit::torch::generator_for("augment");
//   seedkit::torch::rng_checkpoint rng;
//   rng.track("augment", aug);
//   rng.save("model.pt.rng.json", {{"epoch", 3}});  // next to torch::save(model, "model.pt")
//
// What this can and cannot guarantee is in docs/torch.md: seedkit fixes
// every seed and RNG state; bit-identical results also need libtorch's
// kernels to be deterministic, which deterministic mode enforces only for
// the operations libtorch knows about. Host-only; libstdc++ only (Debian's
// libtorch-dev 1.13 is built against it).
#ifndef SEEDKIT_TORCH_TORCH_HPP
#define SEEDKIT_TORCH_TORCH_HPP

#include "seedkit/torch/checkpoint.hpp"
#include "seedkit/torch/dataset.hpp"
#include "seedkit/torch/sampler.hpp"
#include "seedkit/torch/seeding.hpp"

#endif  // SEEDKIT_TORCH_TORCH_HPP

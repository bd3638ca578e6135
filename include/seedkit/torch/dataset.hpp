// seedkit/torch/dataset.hpp: check_dataset_draws, the debug check that a
// torch::data dataset draws no randomness from torch's default generator
// (part of the seedkit::torch add-on).
#ifndef SEEDKIT_TORCH_DATASET_HPP
#define SEEDKIT_TORCH_DATASET_HPP

#include <cstddef>  // size_t
#include <mutex>    // lock_guard
#include <string>   // string, to_string
#include <vector>   // vector

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include "seedkit/config.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace torch {

// Calls dataset.get(i) for each index in `indices`, in this thread, and
// throws seedkit::error naming the first index whose get() drew from torch's
// default CPU generator (torch::rand, dropout, randperm without a generator
// argument...). In a DataLoader with workers, such draws interleave in
// whatever order the threads run, so the bits differ from run to run; draw
// from sample_generator(loader, epoch, index) instead (seedkit/torch/
// seeding.hpp). The default generator's state is put back afterwards, so
// the check changes no later bits.
// A debug check: run it once before training (on the first few hundred
// indices, say) in debug builds or behind a flag. It runs in one thread
// because a state comparison around get() in a worker would also see the
// training loop's own draws; draws that happen only for some indices are
// found only if those indices are checked.
// Example:
//   seedkit::torch::check_dataset_draws(dataset, {0, 1, 2, 3});
// Stability: api: the interface is stable within a major version.
template <class Dataset>
void check_dataset_draws(Dataset& dataset, const std::vector<std::size_t>& indices) {
  at::Generator g = at::detail::getDefaultCPUGenerator();
  const auto state = [&g] {
    std::lock_guard<std::mutex> lock(g.mutex());
    return g.get_state();
  };
  const at::Tensor saved = state();
  for (const std::size_t i : indices) {
    const at::Tensor before = state();
    (void)dataset.get(i);
    const at::Tensor after = state();
    if (!before.equal(after)) {
      {
        std::lock_guard<std::mutex> lock(g.mutex());
        g.set_state(saved);
      }
      throw error("seedkit::torch::check_dataset_draws: get(" + std::to_string(i) +
                  ") drew from torch's default CPU generator; with DataLoader workers the "
                  "order of such draws depends on the thread schedule and the bits differ "
                  "from run to run: draw from seedkit::torch::sample_generator(loader, epoch, "
                  "index) instead");
    }
  }
}

}  // namespace torch
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_TORCH_DATASET_HPP

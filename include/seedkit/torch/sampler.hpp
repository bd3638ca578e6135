// seedkit/torch/sampler.hpp: epoch_sampler, a torch::data sampler dealing
// seedkit::epoch_shard in batches (part of the seedkit::torch add-on).
#ifndef SEEDKIT_TORCH_SAMPLER_HPP
#define SEEDKIT_TORCH_SAMPLER_HPP

#include <algorithm>  // min
#include <cstddef>    // size_t
#include <cstdint>    // uint64_t
#include <string>     // to_string
#include <vector>     // vector

#include <torch/data/samplers/base.h>
#include <torch/serialize/archive.h>

#include "seedkit/config.hpp"
#include "seedkit/data.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace torch {

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
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/torch.md).
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

}  // namespace torch
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_TORCH_SAMPLER_HPP

// seedkit/torch/sampler.hpp: epoch_sampler, a torch::data sampler dealing
// seedkit::epoch_shard in batches, and index_sampler, the same dealing of a
// seedkit::index_permutation in O(1) memory (part of the seedkit::torch
// add-on).
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
#include "seedkit/index_permutation.hpp"

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

// A torch::data sampler dealing this rank's share of
// seedkit::index_permutation(k / epoch, n) in batches: the dealing of
// epoch_sampler (seedkit::shard's, PyTorch DistributedSampler's) over a
// random-access order, in O(1) memory whatever n (up to 2^64 - 1), with
// nothing computed before the first batch. Its orders differ from
// epoch_sampler's, which keeps its output. set_epoch / reset / save / load
// as epoch_sampler: resuming needs only the epoch and the position.
// Example:
//   seedkit::torch::index_sampler sampler(seedkit::key_for("data/shuffle"), n, rank, world);
//   sampler.set_epoch(epoch); sampler.reset();
//   while (auto batch = sampler.next(32)) train_on(*batch);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/index_permutation.md).
class index_sampler : public ::torch::data::samplers::Sampler<> {
 public:
  index_sampler(const key& k, std::uint64_t n, std::size_t rank = 0, std::size_t world = 1,
                shard_tail tail = shard_tail::pad)
      : key_(k),
        n_(n),
        rank_(rank),
        world_(world),
        tail_(tail),
        view_(index_permutation(k / std::uint64_t{0}, n).shard(rank, world, tail)) {}

  // Selects the epoch; takes effect at the next reset().
  void set_epoch(std::uint64_t epoch) { epoch_ = epoch; }
  std::uint64_t epoch() const noexcept { return epoch_; }
  // This rank's share of the current epoch, an O(1) view.
  const index_permutation::shard_view& indices() const noexcept { return view_; }
  // The position in this rank's share of the next item next() deals.
  std::uint64_t position() const noexcept { return next_; }

  void reset(::torch::optional<std::size_t> new_size = ::torch::nullopt) override {
    if (new_size) n_ = *new_size;
    view_ = index_permutation(key_ / epoch_, n_).shard(rank_, world_, tail_);
    next_ = 0;
  }

  ::torch::optional<std::vector<std::size_t>> next(std::size_t batch_size) override {
    if (next_ >= view_.size()) return ::torch::nullopt;
    const std::uint64_t count = std::min<std::uint64_t>(batch_size, view_.size() - next_);
    std::vector<std::size_t> batch(static_cast<std::size_t>(count));
    for (std::size_t t = 0; t < batch.size(); ++t) {
      batch[t] = static_cast<std::size_t>(view_[next_ + t]);
    }
    next_ += count;
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
    next_ =
        std::min<std::uint64_t>(view_.size(), static_cast<std::uint64_t>(p.item<std::int64_t>()));
  }

 private:
  key key_;
  std::uint64_t n_;
  std::size_t rank_;
  std::size_t world_;
  shard_tail tail_;
  std::uint64_t epoch_ = 0;
  index_permutation::shard_view view_;
  std::uint64_t next_ = 0;
};

}  // namespace torch
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_TORCH_SAMPLER_HPP

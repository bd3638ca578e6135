// seedkit/torch/sampler.hpp: epoch_sampler, a torch::data sampler dealing
// seedkit::epoch_shard in batches, and index_sampler, the same dealing of a
// seedkit::index_permutation in O(1) memory (part of the seedkit::torch
// add-on).
#ifndef SEEDKIT_TORCH_SAMPLER_HPP
#define SEEDKIT_TORCH_SAMPLER_HPP

#include <algorithm>  // min
#include <cstddef>    // size_t
#include <cstdint>    // uint64_t, int64_t
#include <optional>   // optional
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
// when an iteration begins; reset() keeps the epoch); resume_at(e, t)
// resumes mid-epoch.
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

  // Selects the epoch; takes effect at the next reset(), which starts it at
  // 0 (a pending resume_at / load position is dropped).
  void set_epoch(std::uint64_t epoch) {
    epoch_ = epoch;
    resume_.reset();
  }
  std::uint64_t epoch() const noexcept { return epoch_; }
  // The indices of this rank in this epoch.
  const std::vector<std::size_t>& indices() const noexcept { return order_; }
  // The position in this rank's share of the next item next() deals.
  std::uint64_t position() const noexcept { return next_; }

  // Resumes mid-epoch: the next reset() (the one torch's DataLoader makes
  // when its iteration begins, or yours) selects `epoch` and starts at
  // `position`, the number of this rank's items of that epoch the training
  // loop has consumed (batches done x batch size: not position(), which the
  // loader's workers run ahead of by their prefetch). The skipped items are
  // never dealt, so no worker builds a batch only for it to be skipped; later
  // resets start their epoch at 0. load() sets the same pending position, so
  // a loaded sampler handed to a DataLoader resumes where it was saved.
  // Throws seedkit::error if `position` exceeds this rank's share.
  // Example (a loader per epoch; the loader copies the sampler):
  //   sampler.resume_at(epoch, batches_done * batch_size);
  //   auto loader = torch::data::make_data_loader(dataset, sampler, options);
  void resume_at(std::uint64_t epoch, std::uint64_t position) {
    const std::uint64_t share = shard_size(n_, world_, tail_);
    if (position > share) throw_resume_error(epoch, position, share);
    epoch_ = epoch;
    resume_ = position;
  }

  void reset(::torch::optional<std::size_t> new_size = ::torch::nullopt) override {
    if (new_size) n_ = *new_size;
    order_ = epoch_shard(key_, epoch_, n_, rank_, world_, tail_);
    next_ = 0;
    if (resume_) {
      if (*resume_ > order_.size()) throw_resume_error(epoch_, *resume_, order_.size());
      next_ = static_cast<std::size_t>(*resume_);
      resume_.reset();
    }
  }

  ::torch::optional<std::vector<std::size_t>> next(std::size_t batch_size) override {
    resume_.reset();  // dealing from here: a later reset() starts at 0
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
    const std::int64_t epoch = e.item<std::int64_t>(), position = p.item<std::int64_t>();
    if (epoch < 0 || position < 0) throw_resume_error(epoch, position, 0);
    resume_at(static_cast<std::uint64_t>(epoch), static_cast<std::uint64_t>(position));
    reset(::torch::nullopt);
    resume_ = next_;  // survives the reset() of the DataLoader it is handed to
  }

 private:
  template <class E, class P>
  [[noreturn]] static void throw_resume_error(E epoch, P position, std::uint64_t share) {
    throw error("seedkit::torch::epoch_sampler: resume at epoch " + std::to_string(epoch) +
                ", position " + std::to_string(position) +
                ": the position must be from 0 to this rank's share of the epoch (" +
                std::to_string(share) + " items)");
  }

  key key_;
  std::size_t n_;
  std::size_t rank_;
  std::size_t world_;
  shard_tail tail_;
  std::uint64_t epoch_ = 0;
  std::vector<std::size_t> order_;
  std::size_t next_ = 0;
  std::optional<std::uint64_t> resume_;  // a pending resume_at / load position
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

  // Selects the epoch; takes effect at the next reset(), which starts it at
  // 0 (a pending resume_at / load position is dropped).
  void set_epoch(std::uint64_t epoch) {
    epoch_ = epoch;
    resume_.reset();
  }
  std::uint64_t epoch() const noexcept { return epoch_; }
  // This rank's share of the current epoch, an O(1) view.
  const index_permutation::shard_view& indices() const noexcept { return view_; }
  // The position in this rank's share of the next item next() deals.
  std::uint64_t position() const noexcept { return next_; }

  // As epoch_sampler::resume_at.
  void resume_at(std::uint64_t epoch, std::uint64_t position) {
    const std::uint64_t share = view_.size();  // the share's size depends on n, not the epoch
    if (position > share) throw_resume_error(epoch, position, share);
    epoch_ = epoch;
    resume_ = position;
  }

  void reset(::torch::optional<std::size_t> new_size = ::torch::nullopt) override {
    if (new_size) n_ = *new_size;
    view_ = index_permutation(key_ / epoch_, n_).shard(rank_, world_, tail_);
    next_ = 0;
    if (resume_) {
      if (*resume_ > view_.size()) throw_resume_error(epoch_, *resume_, view_.size());
      next_ = *resume_;
      resume_.reset();
    }
  }

  ::torch::optional<std::vector<std::size_t>> next(std::size_t batch_size) override {
    resume_.reset();  // dealing from here: a later reset() starts at 0
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
    const std::int64_t epoch = e.item<std::int64_t>(), position = p.item<std::int64_t>();
    if (epoch < 0 || position < 0) throw_resume_error(epoch, position, 0);
    resume_at(static_cast<std::uint64_t>(epoch), static_cast<std::uint64_t>(position));
    reset(::torch::nullopt);
    resume_ = next_;  // survives the reset() of the DataLoader it is handed to
  }

 private:
  template <class E, class P>
  [[noreturn]] static void throw_resume_error(E epoch, P position, std::uint64_t share) {
    throw error("seedkit::torch::index_sampler: resume at epoch " + std::to_string(epoch) +
                ", position " + std::to_string(position) +
                ": the position must be from 0 to this rank's share of the epoch (" +
                std::to_string(share) + " items)");
  }

  key key_;
  std::uint64_t n_;
  std::size_t rank_;
  std::size_t world_;
  shard_tail tail_;
  std::uint64_t epoch_ = 0;
  index_permutation::shard_view view_;
  std::uint64_t next_ = 0;
  std::optional<std::uint64_t> resume_;  // a pending resume_at / load position
};

}  // namespace torch
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_TORCH_SAMPLER_HPP

// seedkit/data.hpp: reproducible data utilities: train/validation/test
// splits, k-fold and stratified k-fold, bootstrap with out-of-bag indices,
// random over-sampling, per-epoch permutations and sharding across ranks.
//
// Every function is a pure function of (key or seed, arguments): it takes an
// explicit seedkit::key, or a 64-bit seed meaning seedkit::key(seed), derives
// its own child key by a fixed path (so the same key given to two utilities
// yields independent draws), and runs one of the specified algorithms of
// seedkit/shuffle.hpp and seedkit/distributions.hpp on that key's
// seedkit::stream. Nothing reads global state, so the results do not depend
// on call order, threads, platform, compiler or standard library.
// docs/data.md specifies every algorithm to the bit: which key each draws
// from, which shuffle or uniform_int it runs, and the output order;
// tests/reference/data.py re-implements it independently.
//
//   auto s = seedkit::split_by_fractions(key, n, 0.8, 0.1, 0.1);   // s.train, s.validation, s.test
//   auto folds = seedkit::k_fold(key, n, 5);                       // folds[i].train, .validation
//   auto order = seedkit::epoch_permutation(key, epoch, n);        // without epochs 0 .. epoch-1
//   auto mine = seedkit::epoch_shard(key, epoch, n, rank, world, seedkit::shard_tail::pad);
//
// Bad arguments (fractions that do not add up to 1, counts that do not add
// up to n, k < 2 or more folds than items, a class with fewer items than
// folds, a rank outside the world) throw seedkit::error naming the
// parameter, its value and what is accepted.
#ifndef SEEDKIT_DATA_HPP
#define SEEDKIT_DATA_HPP

#include <algorithm>    // max
#include <cstddef>      // size_t, ptrdiff_t
#include <cstdint>      // uint64_t
#include <map>          // map
#include <string>       // string, to_string
#include <type_traits>  // is_same, is_integral, is_signed
#include <vector>       // vector

#include "seedkit/config.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/detail/alloc.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/error.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/stream.hpp"

SEEDKIT_BEGIN_NAMESPACE

// The three index sets of a split, each in permutation order (see
// split_by_fractions). Together they hold each of 0 .. n-1 exactly once.
struct split_indices {
  std::vector<std::size_t> train;
  std::vector<std::size_t> validation;
  std::vector<std::size_t> test;
};

// One fold of k_fold / stratified_k_fold: the held-out items and the rest,
// each in increasing index order.
struct fold_indices {
  std::vector<std::size_t> train;
  std::vector<std::size_t> validation;
};

// A bootstrap sample in draw order, and the items it missed in increasing
// order.
struct bootstrap_indices {
  std::vector<std::size_t> sample;
  std::vector<std::size_t> out_of_bag;
};

// The sizes of the three parts of a split.
struct split_sizes {
  std::size_t train;
  std::size_t validation;
  std::size_t test;
};

// What shard does when n is not a multiple of the world size.
enum class shard_tail {
  pad,   // repeat items from the start of the order (wrap-around), so every
         // rank gets ceil(n / world) items: PyTorch DistributedSampler's
         // drop_last=False
  drop,  // drop the last n mod world items of the order, so every rank gets
         // floor(n / world): DistributedSampler's drop_last=True
};

// How far from 1 the fractions given to split_by_fractions may add up:
// |(train + validation) + test - 1| <= 1e-6, the sum taken in double.
// Stability: api: the interface is stable within a major version.
inline constexpr double split_fraction_tolerance = 1e-6;

namespace detail {

[[noreturn]] inline void data_error(const char* who, const std::string& what) {
  throw_error(std::string("seedkit::") + who + ": " + what);
}

// A count given as any integer type, as a 64-bit value; negative values are
// rejected with a message naming the parameter.
template <class Int>
std::uint64_t checked_count(Int value, const char* who, const char* name) {
  static_assert(std::is_integral<Int>::value && !std::is_same<Int, bool>::value,
                "counts must be integers");
  if constexpr (std::is_signed<Int>::value) {
    if (value < 0) {
      data_error(who, std::string(name) + " = " + std::to_string(static_cast<long long>(value)) +
                          " is negative; counts must be >= 0");
    }
  }
  return static_cast<std::uint64_t>(value);
}

inline void check_fraction(double f, const char* who, const char* name) {
  if (!(f >= 0.0 && f <= 1.0)) {  // also rejects NaN
    data_error(who, std::string(name) + " = " + format_real(f) +
                        " is not a fraction; each fraction must be in [0, 1] (and not NaN)");
  }
}

// The split of a permutation of 0 .. n-1 into consecutive runs of the given
// lengths (which add up to n).
inline split_indices split_permutation(const key& k, std::size_t n, std::size_t n_train,
                                       std::size_t n_validation) {
  return guard_alloc("seedkit::split", n, 2 * sizeof(std::size_t), [&] {
    stream g(k / "seedkit/split");
    std::vector<std::size_t> p = permutation(n, g);
    split_indices s;
    const auto a = p.begin() + static_cast<std::ptrdiff_t>(n_train);
    const auto b = a + static_cast<std::ptrdiff_t>(n_validation);
    s.train.assign(p.begin(), a);
    s.validation.assign(a, b);
    s.test.assign(b, p.end());
    return s;
  });
}

// Rejects world = 0 and rank >= world.
inline void check_rank(std::size_t rank, std::size_t world) {
  if (world == 0) data_error("shard", "world = 0; the number of ranks must be at least 1");
  if (rank >= world) {
    data_error("shard", "rank = " + std::to_string(rank) + " with world = " +
                            std::to_string(world) + "; rank must be in [0, world)");
  }
}

// Folds from a fold number per item: fold f's validation set is the items
// with fold_of[i] == f, its train set the others, both in increasing order.
inline std::vector<fold_indices> folds_from_assignment(const std::vector<std::size_t>& fold_of,
                                                       std::size_t k) {
  std::vector<std::size_t> size(k);
  for (std::size_t f : fold_of) ++size[f];
  std::vector<fold_indices> folds(k);
  for (std::size_t f = 0; f < k; ++f) {
    folds[f].validation.reserve(size[f]);
    folds[f].train.reserve(fold_of.size() - size[f]);
  }
  for (std::size_t i = 0; i < fold_of.size(); ++i) {
    for (std::size_t f = 0; f < k; ++f) {
      (fold_of[i] == f ? folds[f].validation : folds[f].train).push_back(i);
    }
  }
  return folds;
}

// The members of each class, in increasing label order, each list in
// increasing index order.
template <class Label>
std::map<Label, std::vector<std::size_t>> members_by_class(const std::vector<Label>& labels) {
  static_assert(std::is_integral<Label>::value && !std::is_same<Label, bool>::value,
                "class labels must be integers (other than bool)");
  std::map<Label, std::vector<std::size_t>> classes;
  for (std::size_t i = 0; i < labels.size(); ++i) classes[labels[i]].push_back(i);
  return classes;
}

template <class Label>
std::string label_string(Label label) {
  if constexpr (std::is_signed<Label>::value) {
    return std::to_string(static_cast<long long>(label));
  } else {
    return std::to_string(static_cast<unsigned long long>(label));
  }
}

}  // namespace detail

// The sizes of the parts split_by_fractions(k, n, train, validation, test)
// makes (see there); it checks its arguments alike and draws nothing.
// Example:
//   auto z = seedkit::fraction_split_sizes(15, 0.8, 0.1, 0.1);  // 13, 1, 1
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
inline split_sizes fraction_split_sizes(std::size_t n, double train, double validation,
                                        double test) {
  constexpr const char* who = "split_by_fractions";
  detail::check_fraction(train, who, "train");
  detail::check_fraction(validation, who, "validation");
  detail::check_fraction(test, who, "test");
  const double sum = (train + validation) + test;
  if (!(sum - 1.0 <= split_fraction_tolerance && 1.0 - sum <= split_fraction_tolerance)) {
    detail::data_error(who, "train + validation + test = " + detail::format_real(train) + " + " +
                                detail::format_real(validation) + " + " +
                                detail::format_real(test) + " = " + detail::format_real(sum) +
                                "; the fractions must add up to 1 within 1e-6");
  }
  if (static_cast<std::uint64_t>(n) > (std::uint64_t{1} << 53)) {
    detail::data_error(who, "n = " + std::to_string(n) +
                                " exceeds 2^53; split by fractions needs n <= 2^53 "
                                "(use split_by_counts)");
  }
  const auto nd = static_cast<double>(n);
  // Each product is one rounded multiplication in [0, n]; the conversion
  // truncates, which is floor for these non-negative values.
  const auto n_validation = static_cast<std::size_t>(validation * nd);
  auto n_test = static_cast<std::size_t>(test * nd);
  if (n_validation + n_test > n) n_test = n - n_validation;
  return {n - n_validation - n_test, n_validation, n_test};
}

// A train/validation/test split of 0 .. n-1 by fractions.
// Sizes: n_validation = floor(validation * n) and n_test = floor(test * n),
// each a double product (n converted exactly); if they add up to more than
// n (possible only within the tolerance), n_test = n - n_validation;
// n_train = n - n_validation - n_test takes the rounding remainder (at most
// 2 items when the fractions add up to exactly 1; it goes to train even when
// train = 0).
// Order: p = seedkit::permutation(n) on seedkit::stream(k / "seedkit/split");
// train = p[0, n_train), validation = the next n_validation, test = the rest,
// so split_by_counts with the same sizes gives the same sets.
// Throws seedkit::error if a fraction is NaN or outside [0, 1], if
// |(train + validation) + test - 1| > split_fraction_tolerance (1e-6), or if
// n > 2^53.
// Example:
//   auto s = seedkit::split_by_fractions(seedkit::key(7) / "data", 1000, 0.8, 0.1, 0.1);
//   // s.train.size() == 800, s.validation.size() == 100, s.test.size() == 100
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
inline split_indices split_by_fractions(const key& k, std::size_t n, double train,
                                        double validation, double test) {
  const split_sizes z = fraction_split_sizes(n, train, validation, test);
  return detail::split_permutation(k, n, z.train, z.validation);
}

// split_by_fractions(seedkit::key(seed), ...).
inline split_indices split_by_fractions(std::uint64_t seed, std::size_t n, double train,
                                        double validation, double test) {
  return split_by_fractions(key(seed), n, train, validation, test);
}

// A train/validation/test split of 0 .. n-1 with the given sizes (any integer
// types): the first `train` entries of seedkit::permutation(n) on
// seedkit::stream(k / "seedkit/split"), then `validation`, then `test`.
// Throws seedkit::error if a count is negative or train + validation + test
// differs from n.
// Example:
//   auto s = seedkit::split_by_counts(key, 1000, 800, 150, 50);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
template <class TrainInt, class ValidationInt, class TestInt>
split_indices split_by_counts(const key& k, std::size_t n, TrainInt train, ValidationInt validation,
                              TestInt test) {
  constexpr const char* who = "split_by_counts";
  const std::uint64_t a = detail::checked_count(train, who, "train");
  const std::uint64_t b = detail::checked_count(validation, who, "validation");
  const std::uint64_t c = detail::checked_count(test, who, "test");
  const std::uint64_t nn = n;
  // Compared without a + b + c, which could wrap around 2^64.
  if (a > nn || b > nn - a || c != nn - a - b) {
    detail::data_error(who, "train + validation + test = " + std::to_string(a) + " + " +
                                std::to_string(b) + " + " + std::to_string(c) +
                                " does not equal n = " + std::to_string(n) +
                                "; the counts must add up to n");
  }
  return detail::split_permutation(k, n, static_cast<std::size_t>(a), static_cast<std::size_t>(b));
}

// split_by_counts(seedkit::key(seed), ...).
template <class TrainInt, class ValidationInt, class TestInt>
split_indices split_by_counts(std::uint64_t seed, std::size_t n, TrainInt train,
                              ValidationInt validation, TestInt test) {
  return split_by_counts(key(seed), n, train, validation, test);
}

// k-fold cross-validation indices for n items.
// Algorithm: p = seedkit::permutation(n) on seedkit::stream(k / "seedkit/k_fold");
// the item p[j] is in fold j mod k (so folds 0 .. (n mod k) - 1 hold
// floor(n / k) + 1 items, the others floor(n / k)). Fold f's validation set
// is its items, its train set all others, both in increasing index order.
// The validation sets partition 0 .. n-1.
// Throws seedkit::error if folds < 2 or folds > n.
// Example:
//   for (const auto& fold : seedkit::k_fold(key, n, 5)) train_and_score(fold.train,
//   fold.validation);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
inline std::vector<fold_indices> k_fold(const key& k, std::size_t n, std::size_t folds) {
  if (folds < 2 || folds > n) {
    detail::data_error("k_fold",
                       "folds = " + std::to_string(folds) + " with n = " + std::to_string(n) +
                           " items; folds must be at least 2 and " + "at most the number of items");
  }
  return detail::guard_alloc("seedkit::k_fold", n, (folds + 2) * sizeof(std::size_t), [&] {
    stream g(k / "seedkit/k_fold");
    const std::vector<std::size_t> p = permutation(n, g);
    std::vector<std::size_t> fold_of(n);
    for (std::size_t j = 0; j < n; ++j) fold_of[p[j]] = j % folds;
    return detail::folds_from_assignment(fold_of, folds);
  });
}

// k_fold(seedkit::key(seed), n, folds).
inline std::vector<fold_indices> k_fold(std::uint64_t seed, std::size_t n, std::size_t folds) {
  return k_fold(key(seed), n, folds);
}

// Stratified k-fold: each class (items with equal labels[i]) is spread over
// the folds as evenly as possible, and the fold sizes differ by at most 1.
// Algorithm: the classes in increasing label order; class c with members
// m[0] < m[1] < ... < m[size-1] is put in the order
// m[q[0]], m[q[1]], ... with q = seedkit::permutation(size) on
// seedkit::stream(k / "seedkit/stratified_k_fold" / c) (the label as an
// index, modulo 2^64); these orders are concatenated class after class and
// the item at position j of the whole list is in fold j mod folds. Fold f's
// validation and train sets are in increasing index order.
// Labels: any integer type but bool.
// Throws seedkit::error if folds < 2, or if a class has fewer items than
// folds (the message names the class and its count); hence also for
// empty labels.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
template <class Label>
std::vector<fold_indices> stratified_k_fold(const key& k, const std::vector<Label>& labels,
                                            std::size_t folds) {
  constexpr const char* who = "stratified_k_fold";
  if (folds < 2) {
    detail::data_error(who, "folds = " + std::to_string(folds) + "; folds must be at least 2");
  }
  if (labels.size() < folds) {
    detail::data_error(who, "folds = " + std::to_string(folds) + " with " +
                                std::to_string(labels.size()) +
                                " items; folds must be at most the number of items");
  }
  const auto classes = detail::members_by_class(labels);
  for (const auto& [label, members] : classes) {
    if (members.size() < folds) {
      detail::data_error(who, "class " + detail::label_string(label) + " has " +
                                  std::to_string(members.size()) +
                                  " items, fewer than folds = " + std::to_string(folds) +
                                  "; every class needs at least as many items as folds");
    }
  }
  const key base = k / "seedkit/stratified_k_fold";
  std::vector<std::size_t> fold_of(labels.size());
  std::size_t j = 0;
  for (const auto& [label, members] : classes) {
    stream g(base / label);
    for (std::size_t q : permutation(members.size(), g)) fold_of[members[q]] = j++ % folds;
  }
  return detail::folds_from_assignment(fold_of, folds);
}

// stratified_k_fold(seedkit::key(seed), labels, folds).
template <class Label>
std::vector<fold_indices> stratified_k_fold(std::uint64_t seed, const std::vector<Label>& labels,
                                            std::size_t folds) {
  return stratified_k_fold(key(seed), labels, folds);
}

// A bootstrap sample: m indices drawn uniformly with replacement from
// 0 .. n-1, and the out-of-bag indices (those never drawn).
// Algorithm: g = seedkit::stream(k / "seedkit/bootstrap"); draw i is
// seedkit::uniform_int<std::uint64_t>(0, n - 1)(g) (Lemire's method on g's
// 64-bit outputs: one output plus one per rejection). sample is in draw
// order; out_of_bag is the complement of its set, in increasing order.
// Throws seedkit::error if n = 0 and m > 0.
// Example:
//   auto b = seedkit::bootstrap(key / "tree" / t, n);   // b.sample.size() == n
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
inline bootstrap_indices bootstrap(const key& k, std::size_t n, std::size_t m) {
  if (n == 0 && m > 0) {
    detail::data_error("bootstrap", "n = 0 with sample size m = " + std::to_string(m) +
                                        "; drawing a non-empty sample needs n >= 1");
  }
  stream g(k / "seedkit/bootstrap");
  bootstrap_indices b;
  detail::resize(b.sample, m, "seedkit::bootstrap");
  std::vector<char> drawn = detail::make_vector<char>(n, "seedkit::bootstrap", 0);
  for (auto& x : b.sample) {
    x = static_cast<std::size_t>(detail::uniform_below_or_equal(g, n - 1));
    drawn[x] = 1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!drawn[i]) {
      detail::guard_alloc("seedkit::bootstrap", n, sizeof(std::size_t),
                          [&] { b.out_of_bag.push_back(i); });
    }
  }
  return b;
}

// bootstrap(k, n, n): a sample as large as the data.
inline bootstrap_indices bootstrap(const key& k, std::size_t n) { return bootstrap(k, n, n); }

// bootstrap(seedkit::key(seed), ...).
inline bootstrap_indices bootstrap(std::uint64_t seed, std::size_t n, std::size_t m) {
  return bootstrap(key(seed), n, m);
}
inline bootstrap_indices bootstrap(std::uint64_t seed, std::size_t n) {
  return bootstrap(key(seed), n, n);
}

// Random over-sampling: the indices of a class-balanced data set, every
// class brought up to the size M of the largest class by drawing extra
// items of that class uniformly with replacement.
// Algorithm: the result starts with 0 .. labels.size()-1; then, for each
// class c in increasing label order with members m[0] < ... < m[size-1] and
// size < M, M - size draws m[uniform_int<std::uint64_t>(0, size - 1)(g)] on
// g = seedkit::stream(k / "seedkit/random_oversample" / c) (the label as an
// index, modulo 2^64), appended in draw order. Classes of size M draw
// nothing. Empty labels give an empty result. Labels: any integer type but
// bool.
// Example:
//   auto idx = seedkit::random_oversample(key, labels);  // train on x[idx[0]], x[idx[1]], ...
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
template <class Label>
std::vector<std::size_t> random_oversample(const key& k, const std::vector<Label>& labels) {
  const auto classes = detail::members_by_class(labels);
  std::size_t largest = 0;
  for (const auto& c : classes) largest = std::max(largest, c.second.size());
  std::vector<std::size_t> out =
      detail::make_vector<std::size_t>(labels.size(), "seedkit::random_oversample");
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = i;
  detail::reserve(out, largest * classes.size(), "seedkit::random_oversample");
  const key base = k / "seedkit/random_oversample";
  for (const auto& [label, members] : classes) {
    if (members.size() == largest) continue;
    stream g(base / label);
    for (std::size_t t = members.size(); t < largest; ++t) {
      out.push_back(
          members[static_cast<std::size_t>(detail::uniform_below_or_equal(g, members.size() - 1))]);
    }
  }
  return out;
}

// random_oversample(seedkit::key(seed), labels).
template <class Label>
std::vector<std::size_t> random_oversample(std::uint64_t seed, const std::vector<Label>& labels) {
  return random_oversample(key(seed), labels);
}

// The order of 0 .. n-1 for one epoch, computed from (k, epoch, n) alone,
// without the permutations of earlier epochs:
// seedkit::permutation(n) on seedkit::stream(k / "seedkit/epoch_permutation" / epoch).
// Example:
//   for (std::size_t i : seedkit::epoch_permutation(key / "loader", epoch, n)) visit(data[i]);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
inline std::vector<std::size_t> epoch_permutation(const key& k, std::uint64_t epoch,
                                                  std::size_t n) {
  stream g(k / "seedkit/epoch_permutation" / epoch);
  return permutation(n, g);
}

// epoch_permutation(seedkit::key(seed), epoch, n).
inline std::vector<std::size_t> epoch_permutation(std::uint64_t seed, std::uint64_t epoch,
                                                  std::size_t n) {
  return epoch_permutation(key(seed), epoch, n);
}

// How many items each of `world` ranks gets from shard over n items:
// ceil(n / world) with shard_tail::pad, floor(n / world) with
// shard_tail::drop. Throws seedkit::error if world = 0.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
inline std::size_t shard_size(std::size_t n, std::size_t world, shard_tail tail) {
  if (world == 0) {
    detail::data_error("shard", "world = 0; the number of ranks must be at least 1");
  }
  return tail == shard_tail::pad ? n / world + (n % world != 0 ? 1 : 0) : n / world;
}

// Rank `rank`'s share of `order` among `world` ranks, as PyTorch's
// DistributedSampler deals it: with s = shard_size(n, world, tail) and
// T = s * world, the list L is order truncated to T items (drop), or order
// followed by order[0], order[1], ... repeated cyclically up to T items
// (pad: wrap-around); rank r gets L[r], L[r + world], L[r + 2 world], ...
// (s items). Under drop the shares are disjoint and miss n - T items; under
// pad they cover order and repeat only its first T - n entries (T - n <
// world). Throws seedkit::error if world = 0 or rank >= world.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
inline std::vector<std::size_t> shard(const std::vector<std::size_t>& order, std::size_t rank,
                                      std::size_t world, shard_tail tail) {
  detail::check_rank(rank, world);
  const std::size_t s = shard_size(order.size(), world, tail);
  std::vector<std::size_t> out = detail::make_vector<std::size_t>(s, "seedkit::shard");
  for (std::size_t t = 0; t < s; ++t) out[t] = order[(rank + t * world) % order.size()];
  return out;
}

// Rank `rank`'s share of epoch `epoch`: shard(epoch_permutation(k, epoch, n),
// rank, world, tail). Every rank computes the same permutation and takes its
// own items, so the ranks need no communication.
// Example:
//   auto mine = seedkit::epoch_shard(key / "loader", epoch, n, rank, world,
//   seedkit::shard_tail::pad);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/data.md).
inline std::vector<std::size_t> epoch_shard(const key& k, std::uint64_t epoch, std::size_t n,
                                            std::size_t rank, std::size_t world, shard_tail tail) {
  detail::check_rank(rank, world);  // before the O(n) permutation
  return shard(epoch_permutation(k, epoch, n), rank, world, tail);
}

// epoch_shard(seedkit::key(seed), ...).
inline std::vector<std::size_t> epoch_shard(std::uint64_t seed, std::uint64_t epoch, std::size_t n,
                                            std::size_t rank, std::size_t world, shard_tail tail) {
  return epoch_shard(key(seed), epoch, n, rank, world, tail);
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DATA_HPP

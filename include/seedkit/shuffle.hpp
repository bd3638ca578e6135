// seedkit/shuffle.hpp: shuffles, permutations and sampling, specified to the bit.
//
// std::shuffle and std::sample are specified only up to their complexity, so
// the same generator gives different orders under libstdc++, libc++ and MSVC.
// The algorithms here fix every draw (docs/distributions.md). shuffle,
// permutation and sample take their words from the generator's 32-bit word
// stream: the calls of a 32-bit generator, or both halves of each call of a
// 64-bit generator, high half first (half the calls of uniform_int's rule).
//   shuffle      forward Fisher-Yates: for i = 0, 1, ..., n-2, swap element i
//                with element i + uniform_int over [0, n-1-i];
//   permutation  shuffle of 0, 1, ..., n-1;
//   sample       the first k entries of permutation(n), consuming only the
//                words of the first min(k, n-1) steps, so a sample is a
//                prefix of the permutation the same generator state would
//                give (train/validation splits and epoch orders build on it);
//   weighted sampling with replacement: k draws of seedkit::discrete;
//   weighted sampling without replacement: exponential clocks (Efraimidis and
//                Spirakis 2006), one 64-bit word per item.
// They work with the same generators as seedkit/distributions.hpp, take the
// generator last like the standard algorithms, and never touch global state.
// Bad arguments (k > n, bad weights) throw seedkit::error.
#ifndef SEEDKIT_SHUFFLE_HPP
#define SEEDKIT_SHUFFLE_HPP

#include <algorithm>      // partial_sort
#include <cstddef>        // size_t, ptrdiff_t
#include <cstdint>        // uint32_t, uint64_t
#include <new>            // bad_alloc
#include <stdexcept>      // length_error
#include <string>         // to_string
#include <unordered_map>  // unordered_map
#include <utility>        // swap
#include <vector>         // vector

#include "seedkit/config.hpp"
#include "seedkit/detail/alloc.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE

namespace detail {

// The 32-bit word stream the range algorithms draw from, itself a 32-bit
// UniformRandomBitGenerator: the calls of a 32-bit generator; for a 64-bit
// generator each call gives two words, its high half first, then its low
// half. A half left over when the algorithm returns is discarded.
template <class G>
class word32_stream {
 public:
  using result_type = std::uint32_t;
  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return 0xffffffffu; }

  explicit word32_stream(G& g) noexcept : g_(g) {}

  result_type operator()() {
    if constexpr (urbg_word_bits<G>::value == 32) {
      return static_cast<std::uint32_t>(g_());
    } else {
      if (has_low_) {
        has_low_ = false;
        return low_;
      }
      const auto w = static_cast<std::uint64_t>(g_());
      low_ = static_cast<std::uint32_t>(w);
      has_low_ = true;
      return static_cast<std::uint32_t>(w >> 32);
    }
  }

 private:
  G& g_;
  std::uint32_t low_ = 0;
  bool has_low_ = false;
};

template <class G>
word32_stream<G> words_of(G& g) noexcept {
  return word32_stream<G>(g);
}

// Partial forward Fisher-Yates over the virtual array 0..n-1, the first
// `steps` swaps, on a dense array. Returns the array.
template <class G>
std::vector<std::size_t> fisher_yates_dense(std::size_t n, std::size_t k, G& gen,
                                            const char* who = "seedkit::permutation") {
  auto g = words_of(gen);
  std::vector<std::size_t> a = make_vector<std::size_t>(n, who);
  for (std::size_t i = 0; i < n; ++i) a[i] = i;
  const std::size_t steps = k < n ? k : (n == 0 ? 0 : n - 1);
  for (std::size_t i = 0; i < steps; ++i) {
    const auto j = i + static_cast<std::size_t>(uniform_below_or_equal(g, n - 1 - i));
    std::swap(a[i], a[j]);
  }
  a.resize(k);
  return a;
}

// The same swaps on a sparse array (a hash map holding the displaced
// entries): O(k) memory, the same result as fisher_yates_dense.
template <class G>
std::vector<std::size_t> fisher_yates_sparse(std::size_t n, std::size_t k, G& gen,
                                             const char* who = "seedkit::sample") {
  auto g = words_of(gen);
  std::unordered_map<std::size_t, std::size_t> moved;
  try {
    moved.reserve(k);  // at most k entries are displaced (k <= n / 16 here)
  } catch (const std::bad_alloc&) {
    throw_too_large(who, k, 2 * sizeof(std::size_t));
  } catch (const std::length_error&) {
    throw_too_large(who, k, 2 * sizeof(std::size_t));
  }
  auto at = [&](std::size_t i) {
    const auto it = moved.find(i);
    return it == moved.end() ? i : it->second;
  };
  std::vector<std::size_t> out;
  reserve(out, k, who);
  const std::size_t steps = k < n ? k : (n == 0 ? 0 : n - 1);
  for (std::size_t i = 0; i < steps; ++i) {
    const auto j = i + static_cast<std::size_t>(uniform_below_or_equal(g, n - 1 - i));
    const std::size_t ai = at(i);
    const std::size_t aj = at(j);
    out.push_back(aj);
    moved[j] = ai;
  }
  if (out.size() < k) out.push_back(at(n - 1));  // k == n: the last one is left
  return out;
}

}  // namespace detail

// Shuffles [first, last) by forward Fisher-Yates: for i = 0 .. n-2,
// j = i + uniform_int over [0, n-1-i], swap(first[i], first[j]) (swap found
// by ADL). Every step draws, even when j == i: n - 1 draws of Lemire's
// method (detail::uniform_below_or_equal) on the generator's 32-bit word
// stream (detail::word32_stream: a 64-bit generator call gives two words,
// high half first), one word plus one per rejection while n - i <= 2^32,
// two words (high first) per try above.
// Example:
//   std::vector<int> v = {0, 1, 2, 3, 4};
//   seedkit::shuffle(v.begin(), v.end(), engine);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class RandomIt, class G>
void shuffle(RandomIt first, RandomIt last, G&& gen) {
  using std::swap;
  const auto n = static_cast<std::size_t>(last - first);
  if (n < 2) return;
  auto g = detail::words_of(gen);
  // The indices of a block of steps are drawn first (they do not depend on
  // the elements), then the swaps done in order: the same result as one
  // step at a time, with the memory accesses of a block in flight together.
  constexpr std::size_t block = 32;
  std::size_t js[block];
  for (std::size_t i = 0; i + 1 < n;) {
    const std::size_t count = (n - 1 - i) < block ? (n - 1 - i) : block;
    for (std::size_t b = 0; b < count; ++b) {
      js[b] = i + b + static_cast<std::size_t>(detail::uniform_below_or_equal(g, n - 1 - i - b));
#if SEEDKIT_GNU_EXTENSIONS
      __builtin_prefetch(&first[static_cast<std::ptrdiff_t>(js[b])]);
#endif
    }
    for (std::size_t b = 0; b < count; ++b, ++i) {
      swap(first[static_cast<std::ptrdiff_t>(i)], first[static_cast<std::ptrdiff_t>(js[b])]);
    }
  }
}

// A uniformly random permutation of 0, 1, ..., n-1: shuffle applied to
// the identity.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class G>
std::vector<std::size_t> permutation(std::size_t n, G&& g) {
  return detail::fisher_yates_dense(n, n, g, "seedkit::permutation");
}

// k distinct indices from [0, n), uniformly, in the order drawn: exactly the
// first k entries of permutation(n, g), consuming the words of only the
// first min(k, n-1) Fisher-Yates steps. O(n) time and memory when k is a
// sizeable part of n, O(k) otherwise (a sparse Fisher-Yates; same values).
// Throws seedkit::error if k > n.
// Example:
//   auto idx = seedkit::sample(1000000, 10, engine);  // 10 distinct indices
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class G>
std::vector<std::size_t> sample(std::size_t n, std::size_t k, G&& g) {
  if (k > n) {
    detail::throw_error("seedkit::sample: k = " + std::to_string(k) + " exceeds n = " +
                        std::to_string(n) + "; sampling without replacement needs k <= n");
  }
  if (k <= n / 16) return detail::fisher_yates_sparse(n, k, g, "seedkit::sample");
  return detail::fisher_yates_dense(n, k, g, "seedkit::sample");
}

// Copies k distinct elements of [first, last) to out, in the order of
// sample(last - first, k, g). Returns the end of the output.
// Throws seedkit::error if k > last - first.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class RandomIt, class OutputIt, class G>
OutputIt sample(RandomIt first, RandomIt last, OutputIt out, std::size_t k, G&& g) {
  const auto n = static_cast<std::size_t>(last - first);
  for (std::size_t i : sample(n, k, g)) *out++ = first[static_cast<std::ptrdiff_t>(i)];
  return out;
}

// k indices drawn with replacement, index i with probability
// weights[i] / sum: k draws of seedkit::discrete(weights), in order.
// Throws seedkit::error for the weights discrete rejects.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class G>
std::vector<std::size_t> weighted_sample_with_replacement(const std::vector<double>& weights,
                                                          std::size_t k, G&& g) {
  const discrete d(weights);
  std::vector<std::size_t> out =
      detail::make_vector<std::size_t>(k, "seedkit::weighted_sample_with_replacement");
  for (auto& x : out) x = d(g);
  return out;
}

// k distinct indices drawn without replacement, each successive draw
// choosing among the remaining indices with probability proportional to
// its weight, in the order drawn.
// Algorithm (exponential clocks): for i = 0 .. n-1 one 64-bit word w_i;
// u_i = ((w_i >> 11) + 1) * 2^-53 in (0, 1]; key_i = -log(u_i) / weights[i]
// (seedkit's portable log; a word is consumed for weight 0 too, and such an
// item is never chosen). The result lists the k items of smallest key in
// increasing (key, index) order, items of weight 0 after all others.
// Throws seedkit::error for the weights discrete rejects, or if k exceeds
// the number of positive weights.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/distributions.md).
template <class G>
std::vector<std::size_t> weighted_sample_without_replacement(const std::vector<double>& weights,
                                                             std::size_t k, G&& g) {
  detail::check_weights(weights, "seedkit::weighted_sample_without_replacement");
  const std::size_t n = weights.size();
  std::size_t positive = 0;
  for (double w : weights) positive += (w > 0.0) ? 1 : 0;
  if (k > positive) {
    detail::throw_error("seedkit::weighted_sample_without_replacement: k = " + std::to_string(k) +
                        " exceeds the " + std::to_string(positive) +
                        " items of positive weight; k must be at most that");
  }
  struct keyed {
    double key;
    std::size_t index;
  };
  std::vector<keyed> keys =
      detail::make_vector<keyed>(n, "seedkit::weighted_sample_without_replacement");
  for (std::size_t i = 0; i < n; ++i) {
    const double u = detail::unit_open_closed(detail::bits64(g));
    keys[i].index = i;
    keys[i].key = weights[i] > 0.0 ? -detail::portable_log(u) / weights[i] : 0.0;
  }
  const auto less = [&weights](const keyed& a, const keyed& b) {
    const bool za = !(weights[a.index] > 0.0), zb = !(weights[b.index] > 0.0);
    if (za != zb) return zb;
    if (a.key != b.key) return a.key < b.key;
    return a.index < b.index;
  };
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(k), keys.end(), less);
  std::vector<std::size_t> out =
      detail::make_vector<std::size_t>(k, "seedkit::weighted_sample_without_replacement");
  for (std::size_t i = 0; i < k; ++i) out[i] = keys[i].index;
  return out;
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_SHUFFLE_HPP

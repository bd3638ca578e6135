// seedkit/parallel.hpp: parallel_sum, sums on several threads with the bits
// of the serial sum.
//
// The input is cut into blocks of 65536 terms whose boundaries do not depend
// on the thread count, and their partials are combined in the tree of the
// serial function of the same mode (docs/reductions.md, "Parallel sums"), so
// for every thread count parallel_sum returns exactly what pairwise_sum,
// compensated_sum or exact_sum of the same range returns. The threads are
// std::threads, or the caller's executor. The serial sums are in
// seedkit/reduce.hpp, which does not bring <thread>.
#ifndef SEEDKIT_PARALLEL_HPP
#define SEEDKIT_PARALLEL_HPP

#include <cstddef>       // std::size_t
#include <iterator>      // std::data, std::size
#include <system_error>  // std::system_error (a thread that cannot start)
#include <thread>        // std::thread, std::thread::hardware_concurrency
#include <type_traits>   // std::enable_if_t, std::remove_cv_t, std::decay_t
#include <utility>       // std::declval
#include <vector>        // std::vector (threads, partials)

#include "seedkit/config.hpp"
#include "seedkit/detail/ranges.hpp"
#include "seedkit/detail/reduce_kernels.hpp"
#include "seedkit/error.hpp"
#include "seedkit/exact.hpp"
#include "seedkit/reduce.hpp"

SEEDKIT_BEGIN_NAMESPACE

// --- parallel sums ---------------------------------------------------------------

namespace detail {

// Runs tasks 0..count-1 on `threads` std::threads (the caller's thread is
// one of them), each thread a contiguous share. If a thread cannot be
// started its share runs on the caller: results do not depend on it.
struct thread_runner {
  unsigned threads;

  template <class Task>
  void operator()(std::size_t count, Task&& task) const {
    const std::size_t t = threads < count ? threads : count;
    auto share = [&](std::size_t k) {
      const std::size_t begin = k * count / t, end = (k + 1) * count / t;
      for (std::size_t i = begin; i < end; ++i) task(i);
    };
    if (t <= 1) {
      if (count > 0) share(0);
      return;
    }
    std::vector<std::thread> pool;
    pool.reserve(t - 1);
    for (std::size_t k = 1; k < t; ++k) {
      try {
        pool.emplace_back(share, k);
      } catch (...) {  // std::system_error: no more threads
        share(k);
      }
    }
    share(0);
    for (auto& th : pool) th.join();
  }
};

inline unsigned resolve_threads(unsigned threads) noexcept {
  if (threads != 0) return threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw != 0 ? hw : 1;
}

// Blocks per task of the executor form in exact mode.
constexpr std::size_t exact_task_blocks = 16;

// The parallel sum of p[0..n) with run(count, task) running tasks
// 0..count-1: pairwise and compensated task b reduces block b (terms
// [65536 b, 65536 (b + 1))); exact task k adds blocks [16 k, 16 (k + 1)).
template <class T, class Run>
T parallel_sum_blocks(const T* p, std::size_t n, reduce_mode mode, Run&& run) {
  if (n == 0) return T(0);
  const std::size_t blocks = (n + reduce_block_size - 1) / reduce_block_size;
  auto len = [&](std::size_t b) {
    const std::size_t begin = b * reduce_block_size;
    return n - begin < reduce_block_size ? n - begin : reduce_block_size;
  };
  switch (mode) {
    case reduce_mode::pairwise: {
      std::vector<T> part(blocks);
      run(blocks,
          [&](std::size_t b) { part[b] = pairwise_contiguous(p + b * reduce_block_size, len(b)); });
      pairwise_tree<T> tree;
      for (const T& v : part) tree.push(v);
      return canonical_nan_if_nan(tree.result());
    }
    case reduce_mode::compensated: {
      std::vector<compensated_pair<T>> part(blocks);
      run(blocks,
          [&](std::size_t b) { part[b] = compensated_block(p + b * reduce_block_size, len(b)); });
      compensated_tree<T> tree;
      for (const auto& v : part) tree.push(v);
      return compensated_finish(tree.result());
    }
    case reduce_mode::exact:
    default: {
      // Exact sums do not depend on the partition; tasks of 16 blocks keep
      // the binning tables' set-up cost small.
      const std::size_t group = exact_task_blocks * reduce_block_size;
      const std::size_t tasks = (n + group - 1) / group;
      std::vector<exact_accumulator> part(tasks);
      run(tasks, [&](std::size_t k) {
        const T* q = p + k * group;
        part[k].add(q, q + (n - k * group < group ? n - k * group : group));
      });
      exact_accumulator total;
      for (const auto& a : part) total.merge(a);
      return total.round<T>();
    }
  }
}

template <class T>
T parallel_sum_threads(const T* p, std::size_t n, reduce_mode mode, unsigned threads) {
  const unsigned t = resolve_threads(threads);
  if (mode == reduce_mode::exact && n > 0) {
    // Exact sums do not depend on the partition: one accumulator per
    // thread saves the per-block table set-up.
    const std::size_t blocks = (n + reduce_block_size - 1) / reduce_block_size;
    const std::size_t shares = t < blocks ? t : blocks;
    std::vector<exact_accumulator> part(shares);
    thread_runner{static_cast<unsigned>(shares)}(shares, [&](std::size_t k) {
      const std::size_t begin = k * blocks / shares * reduce_block_size;
      std::size_t end = (k + 1) * blocks / shares * reduce_block_size;
      if (end > n) end = n;
      part[k].add(p + begin, p + end);
    });
    exact_accumulator total;
    for (const auto& a : part) total.merge(a);
    return total.round<T>();
  }
  return parallel_sum_blocks(p, n, mode, thread_runner{t});
}

template <class R>
using contiguous_value_t =
    std::remove_cv_t<std::remove_pointer_t<decltype(std::data(std::declval<const R&>()))>>;

}  // namespace detail

// The sum of a contiguous range (anything with std::data and std::size) in
// the given mode on `threads` std::threads (0: hardware_concurrency). The
// range is cut into blocks of 65536 terms at fixed offsets and the block
// partials are joined in the serial function's tree, so the result is
// bit-identical to pairwise_sum / compensated_sum / exact_sum of the range
// for every thread count. Threads are started per call.
// Example: seedkit::parallel_sum(v, seedkit::reduce_mode::pairwise, 4)
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class Range, std::enable_if_t<detail::is_contiguous_range<Range>::value, int> = 0>
detail::contiguous_value_t<Range> parallel_sum(const Range& r, reduce_mode mode,
                                               unsigned threads = 0) {
  using T = detail::contiguous_value_t<Range>;
  detail::check_value_type<T>();
  return detail::parallel_sum_threads<T>(std::data(r), std::size(r), mode, threads);
}
// The same for the pointer range [first, last).
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class T>
T parallel_sum(const T* first, const T* last, reduce_mode mode, unsigned threads = 0) {
  detail::check_value_type<T>();
  return detail::parallel_sum_threads<T>(first, static_cast<std::size_t>(last - first), mode,
                                         threads);
}

// The same with the caller's executor: executor(count, task) must call
// task(i) exactly once for every i in [0, count), on any threads in any
// order, and return when all calls have returned (task is callable as
// void(std::size_t); it does not throw). count is the number of 65536-term
// blocks (pairwise, compensated) or of 16-block groups (exact, whose result
// does not depend on the partition). OpenMP: [](std::size_t n, auto&& f) { _Pragma("omp parallel for")
// for (std::size_t i = 0; i < n; ++i) f(i); }.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/reductions.md).
template <class Range, class Executor,
          std::enable_if_t<detail::is_contiguous_range<Range>::value &&
                               !std::is_integral<std::decay_t<Executor>>::value,
                           int> = 0>
detail::contiguous_value_t<Range> parallel_sum(const Range& r, reduce_mode mode,
                                               Executor&& executor) {
  using T = detail::contiguous_value_t<Range>;
  detail::check_value_type<T>();
  return detail::parallel_sum_blocks<T>(
      std::data(r), std::size(r), mode,
      [&](std::size_t count, const auto& task) { executor(count, task); });
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_PARALLEL_HPP

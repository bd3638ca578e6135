// seedkit/detail/reduce_kernels.hpp: the fixed-order floating-point kernels
// behind seedkit's pairwise and compensated reductions (internal; the
// public face and the specification are reduce.hpp and docs/reductions.md).
//
// Every operation order here is part of the result's specification. The
// loops are written with independent lanes so that a compiler may map them
// onto vector registers of any width without reassociating anything, and
// they contain no a*b+c pattern that FMA contraction could fuse: products
// are computed into a buffer behind an optimization barrier before they are
// summed.
#ifndef SEEDKIT_DETAIL_REDUCE_KERNELS_HPP
#define SEEDKIT_DETAIL_REDUCE_KERNELS_HPP

#include <atomic>   // atomic_signal_fence
#include <cmath>    // isfinite
#include <cstddef>  // size_t
#include <cstdint>  // uint32_t, uint64_t
#include <cstring>  // memcpy

#include "seedkit/config.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

// The documented shape (docs/reductions.md; changing any of these changes
// results and is a major version).
constexpr std::size_t pairwise_lane_count = 16;    // lanes inside a leaf
constexpr std::size_t pairwise_leaf_size = 256;    // terms per leaf
constexpr std::size_t compensated_lane_count = 8;  // Neumaier lanes inside a block
constexpr std::size_t reduce_block_size = 65536;   // terms per block (= 256 leaves)

// Makes the compiler forget what it knows about the memory at p, so that
// values stored there (rounded products) cannot be fused with the additions
// that read them back.
template <class T>
SEEDKIT_FORCE_INLINE void forget_contents(T* p) noexcept {
#if SEEDKIT_GNU_EXTENSIONS
  __asm__ __volatile__("" : : "r"(p) : "memory");
#else
  (void)p;
  std::atomic_signal_fence(std::memory_order_seq_cst);
#endif
}

// NaN results are returned as the canonical quiet NaN (sign clear, payload
// 0: 0x7ff8000000000000 / 0x7fc00000): the NaN the hardware makes for
// Inf - Inf differs between platforms (x86 sets the sign bit).
template <class T>
SEEDKIT_HD inline T canonical_nan_if_nan(T x) noexcept {
  if (!(x != x)) return x;
  if constexpr (sizeof(T) == 8) {
    const std::uint64_t b = 0x7ff8000000000000u;
    std::memcpy(&x, &b, sizeof x);
  } else {
    const std::uint32_t b = 0x7fc00000u;
    std::memcpy(&x, &b, sizeof x);
  }
  return x;
}

// --- explicit vectors (host, g++ and clang) ----------------------------------
// Where SEEDKIT_REDUCE_VECTORS is 1 (config.hpp) the host kernels below hold
// their lanes in GNU vector-extension registers: 16 bytes, 32 with AVX, 64
// with AVX-512F. A vector of lanes is added lane by lane, exactly the scalar
// operations in the documented order, and the kernels contain additions and
// subtractions only (nothing to contract into an FMA), so both paths give
// the same bits.
#if SEEDKIT_REDUCE_VECTORS
#  if defined(__AVX512F__)
constexpr std::size_t reduce_vector_bytes = 64;
#  elif defined(__AVX__)
constexpr std::size_t reduce_vector_bytes = 32;
#  else
constexpr std::size_t reduce_vector_bytes = 16;
#  endif
template <class T, std::size_t Bytes>
struct reduce_vector_of {
  typedef T type __attribute__((vector_size(Bytes)));
};
// A vector of min(Lanes, reduce_vector_bytes / sizeof(T)) lanes of T.
template <class T, std::size_t Lanes>
struct reduce_vector {
  static constexpr std::size_t width =
      Lanes * sizeof(T) < reduce_vector_bytes ? Lanes : reduce_vector_bytes / sizeof(T);
  static constexpr std::size_t count = Lanes / width;  // vectors per Lanes lanes
  using type = typename reduce_vector_of<T, width * sizeof(T)>::type;
  static SEEDKIT_FORCE_INLINE type load(const T* p) noexcept {
    type v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static SEEDKIT_FORCE_INLINE void store(T* p, type v) noexcept { std::memcpy(p, &v, sizeof v); }
};
#endif

// --- pairwise --------------------------------------------------------------
// One implementation for host and device (SEEDKIT_HD): the kernels take the
// addition as a policy. Host code uses plus_op (IEEE addition, which a
// compiler may vectorize lane by lane); the CUDA add-on's device sum passes
// an addition that nvcc's -ftz and -prec flags cannot change.

struct plus_op {
  template <class T>
  SEEDKIT_HD T operator()(T a, T b) const noexcept {
    return a + b;
  }
};

// The 16 lanes combined as a perfect binary tree, left before right.
template <class T, class Add = plus_op>
SEEDKIT_HD SEEDKIT_FORCE_INLINE T pairwise_lane_tree(const T* a, Add add = Add()) noexcept {
  const T b0 = add(add(a[0], a[1]), add(a[2], a[3]));
  const T b1 = add(add(a[4], a[5]), add(a[6], a[7]));
  const T b2 = add(add(a[8], a[9]), add(a[10], a[11]));
  const T b3 = add(add(a[12], a[13]), add(a[14], a[15]));
  return add(add(b0, b1), add(b2, b3));
}

// A full leaf: lane j sums p[j], p[j+16], ..., p[j+240] in order.
template <class T, class Add = plus_op>
SEEDKIT_HD inline T pairwise_full_leaf(const T* p, Add add = Add()) noexcept {
  T a[pairwise_lane_count];
  for (std::size_t j = 0; j < pairwise_lane_count; ++j) a[j] = p[j];
  for (std::size_t i = pairwise_lane_count; i < pairwise_leaf_size; i += pairwise_lane_count) {
    for (std::size_t j = 0; j < pairwise_lane_count; ++j) a[j] = add(a[j], p[i + j]);
  }
  return pairwise_lane_tree(a, add);
}

// pairwise_full_leaf for host code: the same operations with the lanes in
// vector registers.
template <class T>
inline T pairwise_full_leaf_host(const T* p) noexcept {
#if SEEDKIT_REDUCE_VECTORS
  using vec = reduce_vector<T, pairwise_lane_count>;
  constexpr std::size_t w = vec::width;
  typename vec::type a[vec::count];
  SEEDKIT_UNROLL
  for (std::size_t k = 0; k < vec::count; ++k) a[k] = vec::load(p + k * w);
  for (std::size_t i = pairwise_lane_count; i < pairwise_leaf_size; i += pairwise_lane_count) {
    SEEDKIT_UNROLL
    for (std::size_t k = 0; k < vec::count; ++k) a[k] = a[k] + vec::load(p + i + k * w);
  }
  T lanes[pairwise_lane_count];
  SEEDKIT_UNROLL
  for (std::size_t k = 0; k < vec::count; ++k) vec::store(lanes + k * w, a[k]);
  return pairwise_lane_tree(lanes);
#else
  return pairwise_full_leaf(p);
#endif
}

// Any leaf of 1..256 terms: term i goes to lane i % 16; every lane starts
// at -0.0, the exact identity of IEEE addition, so empty lanes change
// nothing.
template <class T, class Add = plus_op>
SEEDKIT_HD inline T pairwise_leaf_sum(const T* p, std::size_t m, Add add = Add()) noexcept {
  if (m == pairwise_leaf_size) return pairwise_full_leaf(p, add);
  T a[pairwise_lane_count];
  for (std::size_t j = 0; j < pairwise_lane_count; ++j) a[j] = T(-0.0);
  const std::size_t full = m - m % pairwise_lane_count;
  for (std::size_t i = 0; i < full; i += pairwise_lane_count) {
    for (std::size_t j = 0; j < pairwise_lane_count; ++j) a[j] = add(a[j], p[i + j]);
  }
  for (std::size_t j = 0; j < m - full; ++j) a[j] = add(a[j], p[full + j]);
  return pairwise_lane_tree(a, add);
}

// The combine tree over a sequence of partials, built online like a binary
// counter: T(lo, hi) = T(lo, lo + P) + T(lo + P, hi) with P the largest
// power of two below hi - lo. Subtrees of 2^k leaves are perfect, so a block
// of 256 leaves is a subtree, and a tree over block partials equals the tree
// over all leaves.
template <class P, class Combine>
class counter_tree {
 public:
  SEEDKIT_HD explicit counter_tree(Combine combine = Combine()) noexcept : combine_(combine) {}

  SEEDKIT_HD void push(P v) noexcept {
    ++count_;
    for (std::uint64_t c = count_; (c & 1u) == 0; c >>= 1) v = combine_(stack_[--depth_], v);
    stack_[depth_++] = v;
  }
  SEEDKIT_HD bool empty() const noexcept { return depth_ == 0; }
  // Folds the pending perfect subtrees right to left. Requires !empty().
  SEEDKIT_HD P result() const noexcept {
    P r = stack_[depth_ - 1];
    for (std::size_t i = depth_ - 1; i-- > 0;) r = combine_(stack_[i], r);
    return r;
  }

 private:
  P stack_[65];
  std::size_t depth_ = 0;
  std::uint64_t count_ = 0;
  Combine combine_;
};

template <class T, class Add = plus_op>
using pairwise_tree = counter_tree<T, Add>;

// The pairwise sum of leaf partials leaves[0..count), count >= 1, by the
// counter tree, NaN canonical: the last step of pairwise_contiguous, for
// code that computes the leaves elsewhere (the CUDA add-on's device sum).
template <class T, class Add = plus_op>
SEEDKIT_HD inline T pairwise_of_leaves(const T* leaves, std::size_t count,
                                       Add add = Add()) noexcept {
  pairwise_tree<T, Add> tree(add);
  for (std::size_t i = 0; i < count; ++i) tree.push(leaves[i]);
  return canonical_nan_if_nan(tree.result());
}

// Pairwise sum of p[0..n), n >= 1, as one tree.
template <class T>
inline T pairwise_contiguous(const T* p, std::size_t n) noexcept {
  pairwise_tree<T> tree;
  std::size_t i = 0;
  for (; i + pairwise_leaf_size <= n; i += pairwise_leaf_size) {
    tree.push(pairwise_full_leaf_host(p + i));
  }
  if (i < n) tree.push(pairwise_leaf_sum(p + i, n - i));
  return canonical_nan_if_nan(tree.result());
}

// Pairwise sum of terms produced leaf by leaf: fill(buf, max) writes up to
// max terms to buf and returns how many (fewer than max only at the end).
// No terms: +0.0.
template <class T, class Fill>
inline T pairwise_filled(Fill&& fill) {
  pairwise_tree<T> tree;
  T buf[pairwise_leaf_size];
  for (;;) {
    const std::size_t m = fill(buf, pairwise_leaf_size);
    if (m == 0) break;
    forget_contents(buf);
    tree.push(m == pairwise_leaf_size ? pairwise_full_leaf_host(buf) : pairwise_leaf_sum(buf, m));
    if (m < pairwise_leaf_size) break;
  }
  return tree.empty() ? T(0) : canonical_nan_if_nan(tree.result());
}

// --- compensated (Neumaier) ------------------------------------------------

// The 8-lane loops below stay loops (SEEDKIT_KEEP_LOOP): g++ -O3 would
// unroll them completely before vectorizing and then leave the lanes scalar
// (about 3x slower than -O2). Performance only: the lanes are independent,
// so the bits are the same either way.

// A running sum and its accumulated rounding errors.
template <class T>
struct compensated_pair {
  T s;
  T c;
};

// (s1, c1) (+) (s2, c2) = (h, (c1 + c2) + l), where h + l = s1 + s2 exactly.
// The error l is Knuth's branch-free TwoSum, which equals Neumaier's
// branch (|a| >= |b| ? (a - h) + b : (b - h) + a) whenever h is finite.
struct compensated_op {
  template <class T>
  compensated_pair<T> operator()(compensated_pair<T> a, compensated_pair<T> b) const noexcept {
    const T h = a.s + b.s;
    const T z = h - a.s;
    const T l = (a.s - (h - z)) + (b.s - z);
    return {h, (a.c + b.c) + l};
  }
};

template <class T>
using compensated_tree = counter_tree<compensated_pair<T>, compensated_op>;

// Eight Neumaier accumulators; term i of a block goes to lane i % 8.
template <class T>
class compensated_lanes {
 public:
  compensated_lanes() noexcept {
    for (std::size_t j = 0; j < compensated_lane_count; ++j) {
      s_[j] = T(-0.0);
      c_[j] = T(-0.0);
    }
  }

  // Adds m terms p[i] (and, for products, their exact errors e[i] into the
  // compensation). Every call but a block's last must pass a multiple of 8.
  void add(const T* p, const T* e, std::size_t m) noexcept {
    // Local copies keep the lanes in registers (vectorized, no store
    // forwarding through the members).
    T s[compensated_lane_count];
    T c[compensated_lane_count];
    for (std::size_t j = 0; j < compensated_lane_count; ++j) {
      s[j] = s_[j];
      c[j] = c_[j];
    }
    const std::size_t full = m - m % compensated_lane_count;
#if SEEDKIT_REDUCE_VECTORS
    add_vectors(s, c, p, e, full);
#else
    if (e == nullptr) {
      for (std::size_t i = 0; i < full; i += compensated_lane_count) {
        SEEDKIT_KEEP_LOOP
        for (std::size_t j = 0; j < compensated_lane_count; ++j)
          step(s[j], c[j], p[i + j], T(0), false);
      }
    } else {
      for (std::size_t i = 0; i < full; i += compensated_lane_count) {
        SEEDKIT_KEEP_LOOP
        for (std::size_t j = 0; j < compensated_lane_count; ++j)
          step(s[j], c[j], p[i + j], e[i + j], true);
      }
    }
#endif
    if (e == nullptr) {
      for (std::size_t j = 0; j < m - full; ++j) step(s[j], c[j], p[full + j], T(0), false);
    } else {
      for (std::size_t j = 0; j < m - full; ++j) step(s[j], c[j], p[full + j], e[full + j], true);
    }
    for (std::size_t j = 0; j < compensated_lane_count; ++j) {
      s_[j] = s[j];
      c_[j] = c[j];
    }
  }

  // The lanes combined as ((0+1)+(2+3))+((4+5)+(6+7)) with compensated_op.
  compensated_pair<T> finish() const noexcept {
    const compensated_op op;
    compensated_pair<T> l[compensated_lane_count];
    for (std::size_t j = 0; j < compensated_lane_count; ++j) l[j] = {s_[j], c_[j]};
    return op(op(op(l[0], l[1]), op(l[2], l[3])), op(op(l[4], l[5]), op(l[6], l[7])));
  }

 private:
#if SEEDKIT_REDUCE_VECTORS
  // The full rows p[0..full) (full a multiple of 8): step() on every lane,
  // the lanes in vector registers.
  static void add_vectors(T* s, T* c, const T* p, const T* e, std::size_t full) noexcept {
    using vec = reduce_vector<T, compensated_lane_count>;
    using V = typename vec::type;
    constexpr std::size_t w = vec::width;
    V vs[vec::count], vc[vec::count];
    SEEDKIT_UNROLL
    for (std::size_t k = 0; k < vec::count; ++k) {
      vs[k] = vec::load(s + k * w);
      vc[k] = vec::load(c + k * w);
    }
    if (e == nullptr) {
      for (std::size_t i = 0; i < full; i += compensated_lane_count) {
        SEEDKIT_UNROLL
        for (std::size_t k = 0; k < vec::count; ++k) {
          const V x = vec::load(p + i + k * w);
          const V t = vs[k] + x;
          const V z = t - vs[k];
          const V err = (vs[k] - (t - z)) + (x - z);
          vs[k] = t;
          vc[k] = vc[k] + err;
        }
      }
    } else {
      for (std::size_t i = 0; i < full; i += compensated_lane_count) {
        SEEDKIT_UNROLL
        for (std::size_t k = 0; k < vec::count; ++k) {
          const V x = vec::load(p + i + k * w);
          const V t = vs[k] + x;
          const V z = t - vs[k];
          const V err = (vs[k] - (t - z)) + (x - z);
          vs[k] = t;
          vc[k] = vc[k] + (err + vec::load(e + i + k * w));
        }
      }
    }
    SEEDKIT_UNROLL
    for (std::size_t k = 0; k < vec::count; ++k) {
      vec::store(s + k * w, vs[k]);
      vec::store(c + k * w, vc[k]);
    }
  }
#endif

  // One TwoSum step; with_error adds the term's exact product error too.
  static SEEDKIT_FORCE_INLINE void step(T& s, T& c, T x, T e, bool with_error) noexcept {
    const T t = s + x;
    const T z = t - s;
    const T err = (s - (t - z)) + (x - z);
    s = t;
    c += with_error ? err + e : err;
  }

  T s_[compensated_lane_count];
  T c_[compensated_lane_count];
};

// The final rounding of a compensated pair: s when s is not finite (an
// infinity, an overflow or a NaN) or when there is nothing to add; s + c
// otherwise.
template <class T>
inline T compensated_finish(compensated_pair<T> r) noexcept {
  if (!std::isfinite(r.s)) return canonical_nan_if_nan(r.s);
  if (r.c == T(0)) return r.s;
  return r.s + r.c;
}

// One block (at most reduce_block_size terms) of a compensated sum.
template <class T>
inline compensated_pair<T> compensated_block(const T* p, std::size_t m) noexcept {
  compensated_lanes<T> lanes;
  lanes.add(p, nullptr, m);
  return lanes.finish();
}

// Compensated sum of p[0..n): blocks of 65536 terms, their pairs combined
// by the counter tree. No terms: +0.0.
template <class T>
inline T compensated_contiguous(const T* p, std::size_t n) noexcept {
  if (n == 0) return T(0);
  compensated_tree<T> tree;
  for (std::size_t i = 0; i < n; i += reduce_block_size) {
    tree.push(compensated_block(p + i, n - i < reduce_block_size ? n - i : reduce_block_size));
  }
  return compensated_finish(tree.result());
}

// Compensated sum of terms produced 256 at a time: fill(p, e, max) writes up
// to max terms to p (and, when e is not null, the exact rounding errors of
// those terms, which are products, to e) and returns how many.
template <class T, class Fill>
inline T compensated_filled(bool with_errors, Fill&& fill) {
  compensated_tree<T> tree;
  compensated_lanes<T> lanes;
  T p[pairwise_leaf_size];
  T e[pairwise_leaf_size];
  T* const ep = with_errors ? e : nullptr;
  std::size_t in_block = 0;
  for (;;) {
    const std::size_t m = fill(p, ep, pairwise_leaf_size);
    if (m == 0) break;
    forget_contents(p);
    forget_contents(e);
    lanes.add(p, ep, m);
    in_block += m;
    if (in_block == reduce_block_size) {
      tree.push(lanes.finish());
      lanes = compensated_lanes<T>();
      in_block = 0;
    }
    if (m < pairwise_leaf_size) break;
  }
  if (in_block > 0) tree.push(lanes.finish());
  return tree.empty() ? T(0) : compensated_finish(tree.result());
}

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_REDUCE_KERNELS_HPP

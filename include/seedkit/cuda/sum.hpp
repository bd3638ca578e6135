// seedkit/cuda/sum.hpp: sums on the GPU whose bits do not depend on the
// grid or block size (part of the seedkit::cuda add-on): device_sum /
// device_sum_to (chunk partials in a fixed tree, combined by
// seedkit::pairwise_sum's own kernels on the device) and device_exact_sum /
// device_exact_accumulate (an integer accumulator with the layout of
// seedkit::exact_accumulator: exact_sum's bits). Their host references
// compile with any C++17 compiler; the kernels only with nvcc. The order
// is specified in docs/cuda.md.
#ifndef SEEDKIT_CUDA_SUM_HPP
#define SEEDKIT_CUDA_SUM_HPP

#include <cstddef>  // std::size_t
#include <cstdint>  // std::int64_t, std::uint8_t, std::uint64_t
#include <cstring>  // std::memcpy (bit patterns on the host)
#include <vector>   // std::vector (host reference partials)

#include "seedkit/config.hpp"
#include "seedkit/cuda/errors.hpp"
#include "seedkit/detail/reduce_exact.hpp"
#include "seedkit/detail/reduce_kernels.hpp"
#include "seedkit/error.hpp"
#include "seedkit/exact.hpp"
#include "seedkit/reduce.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace cuda {

// --- the deterministic device sum: its order, and its host reference ---------

// The deterministic device sum. The input is cut into chunks of
// sum_chunk = 4096 terms (boundaries fixed by the input, not the grid).
// Chunk c's partial is the sum over 256 lanes, lane l adding terms
// l, l + 256, ... of the chunk in order starting from -0.0; then, for
// stride = 128, 64, ..., 1 in turn, lane[l] = lane[l] + lane[l + stride] for
// every l < stride; the partial is lane[0]. Any grid
// and block size computes the same partials; sum_chunk_partial_host does the
// same on the host. The partials are then combined by
// seedkit::pairwise_sum (on the device, by combine_partials_kernel), so the
// result's bits depend only on the input.
constexpr std::size_t sum_chunk = 4096;
constexpr unsigned sum_lanes = 256;

// The host reference of one chunk partial of the device sum (see
// sum_chunks_kernel): `x` points at the chunk's first term, n <= 4096.
template <class T>
T sum_chunk_partial_host(const T* x, std::size_t n) noexcept {
  T lane[sum_lanes];
  for (unsigned l = 0; l < sum_lanes; ++l) {
    T acc = T(-0.0);
    for (std::size_t i = l; i < n; i += sum_lanes) acc = acc + x[i];
    lane[l] = acc;
  }
  for (unsigned stride = sum_lanes / 2; stride > 0; stride /= 2) {
    for (unsigned l = 0; l < stride; ++l) lane[l] = lane[l] + lane[l + stride];
  }
  return lane[0];
}

// The device sum's result computed on the host: the chunk partials of
// sum_chunk_partial_host combined by seedkit::pairwise_sum. device_sum
// returns these bits for any grid and block size.
template <class T>
T device_sum_reference(const T* x, std::size_t n) {
  std::vector<T> partials;
  for (std::size_t begin = 0; begin < n; begin += sum_chunk) {
    partials.push_back(
        sum_chunk_partial_host(x + begin, n - begin < sum_chunk ? n - begin : sum_chunk));
  }
  return pairwise_sum(partials.begin(), partials.end());
}

// --- the exact device sum: shared pieces -------------------------------------

// The exact device sum. Each block adds the terms of its segments (the
// input cut into exact_segment = 2^20 terms; block b takes segments b,
// b + grid, ...) as integers into a fixed-point accumulator in shared
// memory with the layout of seedkit's exact_accumulator (68 signed chunks,
// chunk i weighing 2^(32 i - 1074)), normalizes it, and adds it into one
// accumulator in global memory; the host turns that into an
// exact_accumulator. Every step is integer addition, which is associative
// and commutative, so neither the grid, the block size nor the order of
// the atomic additions can change the value: it is exactly the sum of the
// input, and rounding it gives exact_sum's bits (docs/cuda.md).
// A thread adds runs of consecutive terms (of its own) with the same sign
// and exponent field in a register (at most exact_run_limit mantissas below
// 2^53, so the sum stays below 2^64) and flushes a run as three 32-bit
// pieces: in typical data the shared accumulator sees one flush per run,
// not three atomics per term.
constexpr std::size_t exact_segment = std::size_t{1} << 20;
constexpr unsigned exact_chunks = ::seedkit::detail::sum_superacc::chunk_count;
constexpr unsigned exact_run_limit = 2048;
static_assert(::seedkit::detail::sum_superacc::lsb_exponent == -1074,
              "the device accumulator must have the exact_accumulator's layout");

namespace detail {

// The exact_accumulator's flag bits (detail::special_flags), as plain
// constants usable in device code.
constexpr unsigned exact_nan = 1, exact_pos_inf = 2, exact_neg_inf = 4, exact_has_terms = 8,
                   exact_not_neg_zero = 16;
static_assert(exact_nan == ::seedkit::detail::special_flags::nan &&
                  exact_pos_inf == ::seedkit::detail::special_flags::pos_inf &&
                  exact_neg_inf == ::seedkit::detail::special_flags::neg_inf &&
                  exact_has_terms == ::seedkit::detail::special_flags::has_terms &&
                  exact_not_neg_zero == ::seedkit::detail::special_flags::not_neg_zero,
              "flag bits must match the exact_accumulator's");

SEEDKIT_HD inline unsigned long long double_bits(double x) noexcept {
#if defined(__CUDA_ARCH__)
  return static_cast<unsigned long long>(__double_as_longlong(x));
#else
  unsigned long long b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
#endif
}

SEEDKIT_HD inline unsigned float_bits(float x) noexcept {
#if defined(__CUDA_ARCH__)
  return __float_as_uint(x);
#else
  unsigned b = 0;
  std::memcpy(&b, &x, sizeof b);
  return b;
#endif
}

// The bits of the double equal to the float with bits `f`, built with
// integer operations only: a float-to-double conversion would flush
// subnormal floats to zero under nvcc -ftz=true (or --use_fast_math), which
// the user's flags decide for this header. NaN payloads are kept.
SEEDKIT_HD inline unsigned long long float_to_double_bits(unsigned f) noexcept {
  const unsigned long long sign = static_cast<unsigned long long>(f >> 31) << 63;
  const unsigned e = (f >> 23) & 0xffu;
  const unsigned long long frac = f & 0x7fffffu;
  if (e == 0xffu) return sign | (0x7ffull << 52) | (frac << 29);
  if (e != 0) return sign | (static_cast<unsigned long long>(e + 896u) << 52) | (frac << 29);
  if (frac == 0) return sign;
  // Subnormal: frac * 2^-149 with its top bit at position p (0..22).
  unsigned p = 22;
  while (((frac >> p) & 1u) == 0) --p;
  return sign | (static_cast<unsigned long long>(p + 874u) << 52) |
         ((frac << (52u - p)) & 0x000fffffffffffffull);
}

// The double bits of a term of the exact device sum.
SEEDKIT_HD inline unsigned long long term_bits(double x) noexcept { return double_bits(x); }
SEEDKIT_HD inline unsigned long long term_bits(float x) noexcept {
  return float_to_double_bits(float_bits(x));
}

// a + b rounded to nearest even, never flushing subnormals: plain `+` for
// double (PTX add.f64 has no flush-to-zero mode); for float on the device
// an explicit add.rn.f32, since nvcc -ftz=true would turn `+` into
// add.rn.ftz.f32.
SEEDKIT_HD inline double add_rn(double a, double b) noexcept { return a + b; }
SEEDKIT_HD inline float add_rn(float a, float b) noexcept {
#if defined(__CUDA_ARCH__)
  float r;
  asm("add.rn.f32 %0, %1, %2;" : "=f"(r) : "f"(a), "f"(b));
  return r;
#else
  return a + b;
#endif
}

// The addition of every device sum: add_rn as a policy for the pairwise
// kernels of seedkit/detail/reduce_kernels.hpp, which the device sum's last
// step runs (the same code as seedkit::pairwise_sum on the host).
struct add_rn_op {
  template <class T>
  SEEDKIT_HD T operator()(T a, T b) const noexcept {
    return add_rn(a, b);
  }
};

// One thread's current run: terms with the same sign and exponent field
// (key = the top 12 bits of the double), their mantissas summed.
struct exact_run {
  unsigned key = 0xffffffffu;  // no run yet
  unsigned count = 0;
  unsigned long long sum = 0;
};

// Adds (-1)^negative * m * 2^(offset - 1074) to the chunks through
// add(i, piece), piece being a 32-bit piece or its two's complement
// negation (chunks hold two's complement integers in unsigned words).
template <class Add>
SEEDKIT_HD void exact_add_scaled(Add& add, unsigned long long m, unsigned offset, bool negative) {
  const unsigned i = offset >> 5;
  const unsigned sh = offset & 31u;
  const unsigned long long w0 = m << sh;
  const unsigned long long w1 = (m >> 1) >> (63u - sh);  // m >> (64 - sh), 0 for sh == 0
  const unsigned long long pieces[3] = {w0 & 0xffffffffull, w0 >> 32, w1};
  for (unsigned j = 0; j < 3; ++j) {
    if (pieces[j] != 0) add(i + j, negative ? 0ull - pieces[j] : pieces[j]);
  }
}

template <class Add>
SEEDKIT_HD void exact_flush(Add& add, exact_run& run) {
  if (run.count != 0) {
    const unsigned field = run.key & 0x7ffu;
    exact_add_scaled(add, run.sum, field != 0 ? field - 1 : 0, (run.key >> 11) != 0);
  }
  run.count = 0;
  run.sum = 0;
}

// Adds the double with bits `b` to `run` (flushing it first when the key
// changes or it is full) and returns the flag bits the term sets.
template <class Add>
SEEDKIT_HD unsigned exact_term(Add& add, exact_run& run, unsigned long long b) {
  const unsigned field = static_cast<unsigned>((b >> 52) & 0x7ffu);
  if (field == 0x7ffu) {
    const bool nan = (b & 0x000fffffffffffffull) != 0;
    return exact_has_terms | exact_not_neg_zero |
           (nan ? exact_nan : ((b >> 63) != 0 ? exact_neg_inf : exact_pos_inf));
  }
  if ((b << 1) == 0) return b == 0 ? exact_has_terms | exact_not_neg_zero : exact_has_terms;
  const unsigned key = static_cast<unsigned>(b >> 52);
  if (key != run.key || run.count == exact_run_limit) {
    exact_flush(add, run);
    run.key = key;
  }
  run.sum += (b & 0x000fffffffffffffull) | (field != 0 ? 0x0010000000000000ull : 0ull);
  ++run.count;
  return exact_has_terms | exact_not_neg_zero;
}

// Propagates carries through exact_chunks two's complement chunks:
// afterwards chunks 0..66 lie in [0, 2^32) and the top one is signed.
SEEDKIT_HD inline void exact_normalize(unsigned long long* chunk) noexcept {
  for (unsigned i = 0; i + 1 < exact_chunks; ++i) {
    const long long v = static_cast<long long>(chunk[i]);
    const long long low = static_cast<long long>(chunk[i] & 0xffffffffull);
    const long long carry = (v - low) / (1ll << 32);  // exact: v - low is a multiple of 2^32
    chunk[i] = static_cast<unsigned long long>(low);
    chunk[i + 1] += static_cast<unsigned long long>(carry);
  }
}

}  // namespace detail

// The exact_accumulator holding the value of exact_chunks two's complement
// chunks (any carry form; chunk i weighs 2^(32 i - 1074)) and the flag
// bits, as the exact device sum leaves them.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/cuda.md).
inline exact_accumulator exact_accumulator_from_chunks(const unsigned long long* chunks,
                                                       unsigned flags) {
  ::seedkit::detail::sum_superacc a;
  for (unsigned i = 0; i < exact_chunks; ++i) a.set_chunk(i, static_cast<std::int64_t>(chunks[i]));
  a.normalize();
  return ::seedkit::detail::exact_accumulator_access::make(a,
                                                           static_cast<std::uint8_t>(flags & 31u));
}

#if SEEDKIT_CUDA

// The chunk partials of the deterministic device sum (see sum_chunk), one
// per chunk. With a block size that is a multiple of 256 (256, 512, 768,
// 1024), each group of 256 threads takes a chunk, thread l being lane l;
// the tree's strides 128, 64 and 32 go through shared memory and 16..1
// through warp shuffles, which compute the same additions. Other block
// sizes take the general path: the block's threads share the 256 lanes.
template <class T>
__global__ void __launch_bounds__(1024)
    sum_chunks_kernel(const T* __restrict__ x, std::size_t n, T* __restrict__ partials) {
  __shared__ T lane[4 * sum_lanes];
  const std::size_t chunks = (n + sum_chunk - 1) / sum_chunk;
  if (blockDim.x % sum_lanes == 0 && blockDim.x <= 4 * sum_lanes) {
    const unsigned groups = blockDim.x / sum_lanes;
    const unsigned l = threadIdx.x % sum_lanes;
    T* mine = lane + (threadIdx.x / sum_lanes) * sum_lanes;
    for (std::size_t base = static_cast<std::size_t>(blockIdx.x) * groups; base < chunks;
         base += static_cast<std::size_t>(gridDim.x) * groups) {
      const std::size_t c = base + threadIdx.x / sum_lanes;
      const bool active = c < chunks;
      if (active) {
        const std::size_t begin = c * sum_chunk;
        T acc = T(-0.0);
        if (n - begin >= sum_chunk) {
#  pragma unroll
          for (unsigned k = 0; k < sum_chunk / sum_lanes; ++k) {
            acc = detail::add_rn(acc, x[begin + l + k * sum_lanes]);
          }
        } else {
          for (std::size_t i = begin + l; i < n; i += sum_lanes) acc = detail::add_rn(acc, x[i]);
        }
        mine[l] = acc;
      }
      __syncthreads();
      for (unsigned stride = sum_lanes / 2; stride >= 32; stride /= 2) {
        if (active && l < stride) mine[l] = detail::add_rn(mine[l], mine[l + stride]);
        __syncthreads();
      }
      if (active && l < 32) {  // one whole warp
        T v = mine[l];
        for (unsigned stride = 16; stride > 0; stride /= 2) {
          v = detail::add_rn(v, __shfl_down_sync(0xffffffffu, v, stride));
        }
        if (l == 0) partials[c] = v;
      }
      __syncthreads();
    }
    return;
  }
  for (std::size_t c = blockIdx.x; c < chunks; c += gridDim.x) {
    const std::size_t begin = c * sum_chunk;
    const std::size_t end = begin + sum_chunk < n ? begin + sum_chunk : n;
    for (unsigned l = threadIdx.x; l < sum_lanes; l += blockDim.x) {
      T acc = T(-0.0);
      for (std::size_t i = begin + l; i < end; i += sum_lanes) acc = detail::add_rn(acc, x[i]);
      lane[l] = acc;
    }
    __syncthreads();
    for (unsigned stride = sum_lanes / 2; stride > 0; stride /= 2) {
      for (unsigned l = threadIdx.x; l < stride; l += blockDim.x) {
        lane[l] = detail::add_rn(lane[l], lane[l + stride]);
      }
      __syncthreads();
    }
    if (threadIdx.x == 0) partials[c] = lane[0];
    __syncthreads();
  }
}

// The device sum's last step, on one block: leaf i of the partials (256
// each) by thread i % blockDim, then the counter tree by thread 0; *out is
// pairwise_sum(partials, partials + m), bit for bit. m >= 1.
template <class T>
__global__ void __launch_bounds__(1024)
    combine_partials_kernel(const T* __restrict__ partials, std::size_t m, T* __restrict__ leaves,
                            T* __restrict__ out) {
  const std::size_t count = (m + 255) / 256;
  for (std::size_t i = threadIdx.x; i < count; i += blockDim.x) {
    const std::size_t begin = i * 256;
    leaves[i] = ::seedkit::detail::pairwise_leaf_sum(
        partials + begin, m - begin < 256 ? m - begin : 256, detail::add_rn_op{});
  }
  __syncthreads();
  if (threadIdx.x == 0)
    *out = ::seedkit::detail::pairwise_of_leaves(leaves, count, detail::add_rn_op{});
}

// The deterministic sum of n terms in device memory (float or double),
// left in device memory at *device_result: sum_chunks_kernel on `grid` x
// `block` threads (any sizes, block <= 1024; multiples of 256 take the fast
// path), then pairwise_sum of the chunk partials on the device
// (combine_partials_kernel). Asynchronous on `stream`, no host
// synchronization: the value is device_sum_reference's bits (n == 0: +0.0).
// Throws seedkit::error naming a bad launch shape or the CUDA error of an
// allocation or launch.
// Example: seedkit::cuda::device_sum_to(d_loss_terms, n, d_loss);  // stays on the GPU
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/cuda.md).
template <class T>
void device_sum_to(const T* device_x, std::size_t n, T* device_result, unsigned grid = 1024,
                   unsigned block = 256, cudaStream_t stream = nullptr) {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "seedkit::cuda::device_sum sums float or double");
  detail::check_launch("device_sum", grid, block);
  const std::size_t chunks = (n + sum_chunk - 1) / sum_chunk;
  if (chunks == 0) {  // the empty sum is +0.0, whose bits are all zero
    detail::cuda_ok(cudaMemsetAsync(device_result, 0, sizeof(T), stream), "device_sum",
                    "cudaMemsetAsync");
    return;
  }
  const std::size_t leaves = (chunks + 255) / 256;
  const detail::device_buffer<T> scratch(chunks + leaves, stream, "device_sum");
  sum_chunks_kernel<T><<<grid, block, 0, stream>>>(device_x, n, scratch.ptr);
  detail::cuda_ok(cudaGetLastError(), "device_sum", "the sum_chunks_kernel launch");
  combine_partials_kernel<T>
      <<<1, 256, 0, stream>>>(scratch.ptr, chunks, scratch.ptr + chunks, device_result);
  detail::cuda_ok(cudaGetLastError(), "device_sum", "the combine_partials_kernel launch");
}

// The same sum returned to the host: device_sum_to, then a copy of the one
// value; synchronizes `stream`. Equal to device_sum_reference.
// Example: double s = seedkit::cuda::device_sum(d_x, n);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/cuda.md).
template <class T>
T device_sum(const T* device_x, std::size_t n, unsigned grid = 1024, unsigned block = 256,
             cudaStream_t stream = nullptr) {
  detail::check_launch("device_sum", grid, block);
  const detail::device_buffer<T> result(1, stream, "device_sum");
  device_sum_to(device_x, n, result.ptr, grid, block, stream);
  T host{};
  detail::cuda_ok(cudaMemcpyAsync(&host, result.ptr, sizeof(T), cudaMemcpyDeviceToHost, stream),
                  "device_sum", "cudaMemcpyAsync");
  detail::cuda_ok(cudaStreamSynchronize(stream), "device_sum", "cudaStreamSynchronize");
  return host;
}

namespace detail {

// Adds a piece to a chunk of the block's shared accumulator.
struct shared_chunk_adder {
  unsigned long long* chunk;
  __device__ void operator()(unsigned i, unsigned long long piece) const {
    atomicAdd(chunk + i, piece);
  }
};

}  // namespace detail

// The exact device sum's kernel (see exact_segment): total[0..67] receives
// the chunks and total[68] the flag bits; the caller zeroes them first.
template <class T>
__global__ void __launch_bounds__(1024)
    exact_sum_kernel(const T* __restrict__ x, std::size_t n, unsigned long long* total) {
  __shared__ unsigned long long acc[exact_chunks];
  __shared__ unsigned flags;
  const std::size_t segments = (n + exact_segment - 1) / exact_segment;
  for (std::size_t s = blockIdx.x; s < segments; s += gridDim.x) {
    for (unsigned i = threadIdx.x; i < exact_chunks; i += blockDim.x) acc[i] = 0;
    if (threadIdx.x == 0) flags = 0;
    __syncthreads();
    const std::size_t begin = s * exact_segment;
    const std::size_t end = n - begin < exact_segment ? n : begin + exact_segment;
    detail::shared_chunk_adder add{acc};
    detail::exact_run run;
    unsigned f = 0;
    for (std::size_t i = begin + threadIdx.x; i < end; i += blockDim.x) {
      f |= detail::exact_term(add, run, detail::term_bits(x[i]));
    }
    detail::exact_flush(add, run);
    if (f != 0) atomicOr(&flags, f);
    __syncthreads();
    if (threadIdx.x == 0) detail::exact_normalize(acc);
    __syncthreads();
    for (unsigned i = threadIdx.x; i < exact_chunks; i += blockDim.x) {
      if (acc[i] != 0) atomicAdd(total + i, acc[i]);
    }
    if (threadIdx.x == 0 && flags != 0)
      atomicOr(total + exact_chunks, static_cast<unsigned long long>(flags));
    __syncthreads();
  }
}

// The exact sum of n terms in device memory (float or double) as an
// exact_accumulator, by exact_sum_kernel on `grid` x `block` threads (any
// sizes, block <= 1024): the same value for every launch shape, exactly
// the sum of the terms, so it can be merged with host or other ranks'
// accumulators. Synchronizes `stream`; throws seedkit::error naming the
// CUDA error on failure.
// Example: seedkit::exact_accumulator a = seedkit::cuda::device_exact_accumulate(d_x, n);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/cuda.md).
template <class T>
exact_accumulator device_exact_accumulate(const T* device_x, std::size_t n, unsigned grid = 1024,
                                          unsigned block = 256, cudaStream_t stream = nullptr) {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "seedkit::cuda::device_exact_accumulate sums float or double");
  detail::check_launch("device_exact_sum", grid, block);
  if (n == 0) return exact_accumulator();
  constexpr std::size_t words = exact_chunks + 1;
  const detail::device_buffer<unsigned long long> total(words, stream, "device_exact_sum");
  detail::cuda_ok(cudaMemsetAsync(total.ptr, 0, words * sizeof(unsigned long long), stream),
                  "device_exact_sum", "cudaMemsetAsync");
  exact_sum_kernel<T><<<grid, block, 0, stream>>>(device_x, n, total.ptr);
  detail::cuda_ok(cudaGetLastError(), "device_exact_sum", "the exact_sum_kernel launch");
  unsigned long long host[words] = {};
  detail::cuda_ok(cudaMemcpyAsync(host, total.ptr, sizeof host, cudaMemcpyDeviceToHost, stream),
                  "device_exact_sum", "cudaMemcpyAsync");
  detail::cuda_ok(cudaStreamSynchronize(stream), "device_exact_sum", "cudaStreamSynchronize");
  return exact_accumulator_from_chunks(host, static_cast<unsigned>(host[exact_chunks]));
}

// The exact sum of n device terms rounded to T: the bits of
// seedkit::exact_sum over the same terms, for any grid and block size.
// Example: double s = seedkit::cuda::device_exact_sum(d_x, n);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/cuda.md).
template <class T>
T device_exact_sum(const T* device_x, std::size_t n, unsigned grid = 1024, unsigned block = 256,
                   cudaStream_t stream = nullptr) {
  return device_exact_accumulate(device_x, n, grid, block, stream).template round<T>();
}

#endif  // SEEDKIT_CUDA

}  // namespace cuda
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDA_SUM_HPP

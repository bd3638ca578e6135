// seedkit/cuda/stream_fill.hpp: stream_fill, seedkit streams written by a
// kernel (part of the seedkit::cuda add-on; nvcc only): output i of a
// stream at index i, bit-identical to seedkit::stream on the host. Device
// code can also use seedkit::stream and seedkit::compact_stream directly
// (they are SEEDKIT_HD).
#ifndef SEEDKIT_CUDA_STREAM_FILL_HPP
#define SEEDKIT_CUDA_STREAM_FILL_HPP

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint64_t
#include <string>   // std::to_string (error messages)

#include "seedkit/config.hpp"
#include "seedkit/cuda/errors.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/error.hpp"
#include "seedkit/stream.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace cuda {

#if SEEDKIT_CUDA

// out[i] = compact_stream(k)[first + i] for i < n, the 64-bit output
// first + i of k's stream: exactly what the host computes. Each thread
// (grid-stride) computes one Philox block and writes the two outputs it
// holds, so no block is computed twice. (A template only so that the kernel
// can live in a header.)
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/cuda.md).
template <int = 0>
__global__ void __launch_bounds__(1024)
    stream_fill_kernel(key k, std::uint64_t first, std::uint64_t* out, std::size_t n) {
  if (n == 0) return;
  const compact_stream s(k);
  const std::uint64_t b0 = first / 2;  // the block holding output `first`
  const std::uint64_t blocks = (first + n - 1) / 2 - b0 + 1;
  const std::uint64_t stride = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
  for (std::uint64_t t = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
       t < blocks; t += stride) {
    const philox4x32_ctr w = s.block(b0 + t);
    const std::uint64_t j = 2 * (b0 + t);  // the output index of the block's low half
    if (j >= first) out[j - first] = w[0] | std::uint64_t{w[1]} << 32;
    if (j + 1 < first + n) out[j + 1 - first] = w[2] | std::uint64_t{w[3]} << 32;
  }
}

// Launches stream_fill_kernel on `stream` with `block` threads per block:
// device_out[i] = output first + i of k's stream for i < n (asynchronous,
// like any launch; first + n must not exceed 2^63, the stream's length in
// 64-bit outputs). Throws seedkit::error naming the problem for block 0 or
// above 1024, or the CUDA error when the launch fails.
// Example: seedkit::cuda::stream_fill(seedkit::key_for("dropout"), 0, d_words, n);
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/cuda.md).
inline void stream_fill(const key& k, std::uint64_t first, std::uint64_t* device_out, std::size_t n,
                        cudaStream_t stream = nullptr, unsigned block = 256) {
  detail::check_launch("stream_fill", 1, block);
  if (n == 0) return;
  constexpr std::uint64_t outputs = std::uint64_t{1}
                                    << 63;  // the stream's length in 64-bit outputs
  if (first >= outputs || n > outputs - first) {
    throw error("seedkit::cuda::stream_fill: first + n = " + std::to_string(first) + " + " +
                std::to_string(n) + " passes the end of the stream; accepted: first + n <= 2^63");
  }
  const std::uint64_t blocks = (first + n - 1) / 2 - first / 2 + 1;
  const std::uint64_t needed = (blocks + block - 1) / block;
  const unsigned grid = static_cast<unsigned>(needed < 65535 ? needed : 65535);
  stream_fill_kernel<><<<grid, block, 0, stream>>>(k, first, device_out, n);
  detail::cuda_ok(cudaGetLastError(), "stream_fill", "the kernel launch");
}

#endif  // SEEDKIT_CUDA

}  // namespace cuda
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDA_STREAM_FILL_HPP

// seedkit/cuda/errors.hpp: cuRAND, cuBLAS and CUDA runtime failures as
// seedkit::error (part of the seedkit::cuda add-on): status names, checks,
// and, under nvcc, the launch-shape check and stream-ordered device buffers
// the kernels share.
#ifndef SEEDKIT_CUDA_ERRORS_HPP
#define SEEDKIT_CUDA_ERRORS_HPP

#include <cstddef>  // std::size_t
#include <string>   // std::string, std::to_string

#include <cublas_v2.h>
#include <curand.h>
#if SEEDKIT_CUDA
#  include <cuda_runtime.h>
#endif

#include "seedkit/config.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace cuda {

// --- errors --------------------------------------------------------------------

// The enumerator name of a cuRAND status, e.g. "CURAND_STATUS_NOT_INITIALIZED"
// ("CURAND_STATUS_<number>" for a value this header does not know).
// Stability: api: the interface is stable within a major version.
inline std::string curand_status_name(curandStatus_t status) {
  switch (status) {
    case CURAND_STATUS_SUCCESS:
      return "CURAND_STATUS_SUCCESS";
    case CURAND_STATUS_VERSION_MISMATCH:
      return "CURAND_STATUS_VERSION_MISMATCH";
    case CURAND_STATUS_NOT_INITIALIZED:
      return "CURAND_STATUS_NOT_INITIALIZED";
    case CURAND_STATUS_ALLOCATION_FAILED:
      return "CURAND_STATUS_ALLOCATION_FAILED";
    case CURAND_STATUS_TYPE_ERROR:
      return "CURAND_STATUS_TYPE_ERROR";
    case CURAND_STATUS_OUT_OF_RANGE:
      return "CURAND_STATUS_OUT_OF_RANGE";
    case CURAND_STATUS_LENGTH_NOT_MULTIPLE:
      return "CURAND_STATUS_LENGTH_NOT_MULTIPLE";
    case CURAND_STATUS_DOUBLE_PRECISION_REQUIRED:
      return "CURAND_STATUS_DOUBLE_PRECISION_REQUIRED";
    case CURAND_STATUS_LAUNCH_FAILURE:
      return "CURAND_STATUS_LAUNCH_FAILURE";
    case CURAND_STATUS_PREEXISTING_FAILURE:
      return "CURAND_STATUS_PREEXISTING_FAILURE";
    case CURAND_STATUS_INITIALIZATION_FAILED:
      return "CURAND_STATUS_INITIALIZATION_FAILED";
    case CURAND_STATUS_ARCH_MISMATCH:
      return "CURAND_STATUS_ARCH_MISMATCH";
    case CURAND_STATUS_INTERNAL_ERROR:
      return "CURAND_STATUS_INTERNAL_ERROR";
  }
  return "CURAND_STATUS_" + std::to_string(static_cast<int>(status));
}

// Throws seedkit::error unless `status` is CURAND_STATUS_SUCCESS. The message
// names the call, the status and that only success is accepted.
// Example: seedkit::cuda::check(curandSetStream(g.get(), s), "curandSetStream");
inline void check(curandStatus_t status, const char* call) {
  if (status == CURAND_STATUS_SUCCESS) return;
  throw error(std::string("seedkit::cuda: ") + call + " returned " + curand_status_name(status) +
              " (expected CURAND_STATUS_SUCCESS)");
}

// The same for cuBLAS; the name comes from cublasGetStatusName.
inline void check(cublasStatus_t status, const char* call) {
  if (status == CUBLAS_STATUS_SUCCESS) return;
  const char* name = cublasGetStatusName(status);
  throw error(std::string("seedkit::cuda: ") + call + " returned " +
              (name != nullptr ? name : "an unknown cuBLAS status") + " (" +
              std::to_string(static_cast<int>(status)) + "; expected CUBLAS_STATUS_SUCCESS)");
}

#if SEEDKIT_CUDA

namespace detail {

// Turns a failed CUDA runtime call into seedkit::error naming `who`, the
// call and the error.
inline void cuda_ok(cudaError_t e, const char* who, const char* call) {
  if (e != cudaSuccess) {
    throw error(std::string("seedkit::cuda::") + who + ": " + call + " returned " +
                cudaGetErrorName(e) + " (expected cudaSuccess)");
  }
}

// Stream-ordered device memory (cudaMallocAsync / cudaFreeAsync on
// `stream`), released on scope exit: no device-wide synchronization.
template <class T>
struct device_buffer {
  T* ptr = nullptr;
  cudaStream_t stream = nullptr;
  device_buffer(std::size_t count, cudaStream_t s, const char* who) : stream(s) {
    void* p = nullptr;
    cuda_ok(cudaMallocAsync(&p, count * sizeof(T), s), who, "cudaMallocAsync");
    ptr = static_cast<T*>(p);
  }
  device_buffer(const device_buffer&) = delete;
  device_buffer& operator=(const device_buffer&) = delete;
  ~device_buffer() { cudaFreeAsync(ptr, stream); }
};

// Rejects a launch shape the kernels cannot take, naming the parameter.
inline void check_launch(const char* who, unsigned grid, unsigned block) {
  if (grid == 0 || grid > 0x7fffffffu) {
    throw error(std::string("seedkit::cuda::") + who + ": grid is " + std::to_string(grid) +
                "; accepted: 1 to 2^31 - 1 blocks");
  }
  if (block == 0 || block > 1024) {
    throw error(std::string("seedkit::cuda::") + who + ": block is " + std::to_string(block) +
                "; accepted: 1 to 1024 threads");
  }
}

}  // namespace detail

#endif  // SEEDKIT_CUDA

}  // namespace cuda
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDA_ERRORS_HPP

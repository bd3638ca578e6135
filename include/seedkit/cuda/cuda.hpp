// seedkit/cuda/cuda.hpp: the CUDA add-on, in one include (target seedkit::cuda, CMake option
// SEEDKIT_ENABLE_CUDA).
//
// Reproducibility on NVIDIA GPUs: a cuRAND host-API generator seeded from a
// seedkit key with a release-stable ordering (curand_generator); the
// environment checks of seedkit/cuda/environment.hpp plus a cuBLAS handle's
// math mode (check_handle, check_environment(handle)); an RAII guard that
// forbids cuBLAS atomics and TF32 on request (cublas_determinism_guard);
// and, under nvcc, device code: stream_fill (output i of a stream at index
// i), device_sum / device_sum_to (bits independent of the grid and block
// size) and device_exact_sum / device_exact_accumulate (exact_sum's bits).
// The host parts compile with any C++17 compiler given the CUDA headers and
// link cudart, curand and cublas; the device parts are compiled only by
// nvcc. The cuDNN helpers are seedkit/cudnn/cudnn.hpp. docs/cuda.md says what is
// verified where. Nothing in seedkit's core includes this header.
#ifndef SEEDKIT_CUDA_CUDA_HPP
#define SEEDKIT_CUDA_CUDA_HPP

#include "seedkit/cuda/cublas.hpp"
#include "seedkit/cuda/curand.hpp"
#include "seedkit/cuda/environment.hpp"
#include "seedkit/cuda/errors.hpp"
#include "seedkit/cuda/stream_fill.hpp"
#include "seedkit/cuda/sum.hpp"

#endif  // SEEDKIT_CUDA_CUDA_HPP

// seedkit/cuda/cublas.hpp: cuBLAS without silent non-determinism (part of
// the seedkit::cuda add-on): a handle's math mode checked beside the
// environment checks of seedkit/cuda/environment.hpp (check_handle,
// check_environment(handle)), and cublas_determinism_guard, an RAII guard
// that forbids cuBLAS atomics and, on request, TF32 and the other
// reduced-precision math modes.
#ifndef SEEDKIT_CUDA_CUBLAS_HPP
#define SEEDKIT_CUDA_CUBLAS_HPP

#include <string>   // std::string
#include <utility>  // std::move
#include <vector>   // std::vector (problem lists)

#include <cublas_v2.h>

#include "seedkit/config.hpp"
#include "seedkit/cuda/environment.hpp"
#include "seedkit/cuda/errors.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace cuda {

// --- cuBLAS: math mode and atomics --------------------------------------------

// What cublas_determinism_guard does when the handle's math mode lets
// cuBLAS trade precision for speed (TF32 and the other modes listed at
// check_handle): report it as a problem under the guard's policy, or
// disable it for the guard's lifetime (restored on destruction).
// Stability: api: the interface is stable within a major version.
enum class tf32_policy { report, disable };

namespace detail {

// The low four bits of cublasMath_t select the mode; higher bits are flags.
constexpr int math_mode_mask = 0xf;

// Whether a math mode lets FP32 or FP64 routines compute in lower
// precision or by emulation: everything but CUBLAS_DEFAULT_MATH and
// CUBLAS_PEDANTIC_MATH (TENSOR_OP = FP16 inputs, TF32_TENSOR_OP, and in
// CUDA 13 the BF16x9 and FP64 fixed-point emulations).
inline bool reduced_precision_math(cublasMath_t mode) noexcept {
  const int base = static_cast<int>(mode) & math_mode_mask;
  return base != CUBLAS_DEFAULT_MATH && base != CUBLAS_PEDANTIC_MATH;
}

inline std::string math_mode_name(cublasMath_t mode) {
  const int m = static_cast<int>(mode);
  std::string name;
  switch (m & math_mode_mask) {
    case 0:
      name = "CUBLAS_DEFAULT_MATH";
      break;
    case 1:
      name = "CUBLAS_TENSOR_OP_MATH";
      break;
    case 2:
      name = "CUBLAS_PEDANTIC_MATH";
      break;
    case 3:
      name = "CUBLAS_TF32_TENSOR_OP_MATH";
      break;
    case 4:
      name = "CUBLAS_FP32_EMULATED_BF16X9_MATH";
      break;
    case 8:
      name = "CUBLAS_FP64_EMULATED_FIXEDPOINT_MATH";
      break;
    default:
      name = "math mode " + std::to_string(m & math_mode_mask);
      break;
  }
  if ((m & 16) != 0) name += " | CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION";
  if ((m & ~(math_mode_mask | 16)) != 0)
    name += " | flags " + std::to_string(m & ~(math_mode_mask | 16));
  return name;
}

inline environment_problem math_mode_problem(cublasMath_t mode) {
  const std::string name = math_mode_name(mode);
  return {"cublasMathMode", true, name,
          "the cuBLAS handle's math mode is " + name +
              ", which lets FP32/FP64 routines compute in reduced precision (TF32, FP16 or "
              "emulation), so results differ from full precision; set CUBLAS_DEFAULT_MATH or "
              "CUBLAS_PEDANTIC_MATH (or use tf32_policy::disable)"};
}

}  // namespace detail

// The problems of a cuBLAS handle: reported when its math mode
// (cublasGetMathMode) is a reduced-precision one: CUBLAS_TF32_TENSOR_OP_MATH,
// CUBLAS_TENSOR_OP_MATH, CUBLAS_FP32_EMULATED_BF16X9_MATH or
// CUBLAS_FP64_EMULATED_FIXEDPOINT_MATH; CUBLAS_DEFAULT_MATH and
// CUBLAS_PEDANTIC_MATH are accepted, with or without
// CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION. Problems found are noted
// (note_problems) so the environment fingerprint records them; then
// `policy` applies. Throws seedkit::error with the status name when
// cublasGetMathMode fails.
// Stability: api: the interface is stable within a major version.
inline std::vector<environment_problem> check_handle(
    cublasHandle_t handle, environment_policy policy = environment_policy::report) {
  cublasMath_t mode = CUBLAS_DEFAULT_MATH;
  check(cublasGetMathMode(handle, &mode), "cublasGetMathMode");
  std::vector<environment_problem> problems;
  if (detail::reduced_precision_math(mode)) problems.push_back(detail::math_mode_problem(mode));
  note_problems(problems);
  apply_policy(problems, policy, "seedkit::cuda::check_handle");
  return problems;
}

// check_environment() and check_handle(handle) together: the process
// environment's problems, then the handle's, with `policy` applied once to
// all of them.
// Example:
//   seedkit::cuda::check_environment(handle, seedkit::cuda::environment_policy::throw_error);
// Stability: api: the interface is stable within a major version.
inline std::vector<environment_problem> check_environment(
    cublasHandle_t handle, environment_policy policy = environment_policy::report) {
  std::vector<environment_problem> problems = check_environment(environment_policy::report);
  for (environment_problem& p : check_handle(handle)) problems.push_back(std::move(p));
  apply_policy(problems, policy, "seedkit::cuda::check_environment");
  return problems;
}

// While alive, the cuBLAS handle runs with CUBLAS_ATOMICS_NOT_ALLOWED, so
// routines that have an atomics-based (order-unstable) variant use the
// deterministic one. The constructor, in this order: reads the atomics mode
// (cublasGetAtomicsMode) and the math mode (cublasGetMathMode), sets
// CUBLAS_ATOMICS_NOT_ALLOWED; if the math mode is a reduced-precision one
// (see check_handle), either sets CUBLAS_DEFAULT_MATH keeping the flag bits
// (tf32_policy::disable) or reports it (tf32_policy::report, the default);
// then checks CUBLAS_WORKSPACE_CONFIG, and applies `policy` to what it
// found. The destructor restores the math mode (if it changed it) and then
// the atomics mode it found. A failing cuBLAS call throws seedkit::error
// with the status name (CUBLAS_STATUS_NOT_INITIALIZED for a null handle);
// whatever the constructor changed before throwing is restored first.
// Example:
//   seedkit::cuda::cublas_determinism_guard guard(handle);
//   cublasSgemm(handle, ...);
// Stability: api: the interface is stable within a major version.
class cublas_determinism_guard {
 public:
  explicit cublas_determinism_guard(cublasHandle_t handle,
                                    environment_policy policy = environment_policy::warn,
                                    tf32_policy tf32 = tf32_policy::report)
      : handle_(handle) {
    check(cublasGetAtomicsMode(handle, &previous_atomics_), "cublasGetAtomicsMode");
    check(cublasGetMathMode(handle, &previous_math_), "cublasGetMathMode");
    check(cublasSetAtomicsMode(handle, CUBLAS_ATOMICS_NOT_ALLOWED), "cublasSetAtomicsMode");
    try {
      std::vector<environment_problem> problems;
      if (detail::reduced_precision_math(previous_math_)) {
        if (tf32 == tf32_policy::disable) {
          const int flags = static_cast<int>(previous_math_) & ~detail::math_mode_mask;
          check(cublasSetMathMode(handle, static_cast<cublasMath_t>(flags | CUBLAS_DEFAULT_MATH)),
                "cublasSetMathMode");
          math_changed_ = true;
        } else {
          problems.push_back(detail::math_mode_problem(previous_math_));
          note_problems(problems);
        }
      }
      for (environment_problem& p : check_environment(environment_policy::report)) {
        if (p.variable == "CUBLAS_WORKSPACE_CONFIG") problems.push_back(std::move(p));
      }
      apply_policy(problems, policy, "seedkit::cuda::cublas_determinism_guard");
    } catch (...) {
      restore();
      throw;
    }
  }
  cublas_determinism_guard(const cublas_determinism_guard&) = delete;
  cublas_determinism_guard& operator=(const cublas_determinism_guard&) = delete;
  ~cublas_determinism_guard() { restore(); }

  // The atomics mode found at construction (restored on destruction).
  cublasAtomicsMode_t previous_mode() const noexcept { return previous_atomics_; }
  // The math mode found at construction.
  cublasMath_t previous_math_mode() const noexcept { return previous_math_; }
  // Whether the guard changed the math mode (tf32_policy::disable on a
  // reduced-precision mode); it restores it on destruction.
  bool changed_math_mode() const noexcept { return math_changed_; }

 private:
  void restore() noexcept {
    if (math_changed_) cublasSetMathMode(handle_, previous_math_);
    cublasSetAtomicsMode(handle_, previous_atomics_);
  }

  cublasHandle_t handle_;
  cublasAtomicsMode_t previous_atomics_ = CUBLAS_ATOMICS_NOT_ALLOWED;
  cublasMath_t previous_math_ = CUBLAS_DEFAULT_MATH;
  bool math_changed_ = false;
};

}  // namespace cuda
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDA_CUBLAS_HPP

// seedkit/cuda.hpp: the CUDA add-on (target seedkit::cuda, CMake option
// SEEDKIT_ENABLE_CUDA).
//
// Reproducibility on NVIDIA GPUs: a cuRAND host-API generator seeded from a
// seedkit key with a release-stable ordering (curand_generator); the
// environment checks of seedkit/cuda_environment.hpp plus a cuBLAS handle's
// math mode (check_handle, check_environment(handle)); an RAII guard that
// forbids cuBLAS atomics and TF32 on request (cublas_determinism_guard);
// and, under nvcc, device code: stream_fill (output i of a stream at index
// i), device_sum / device_sum_to (bits independent of the grid and block
// size) and device_exact_sum / device_exact_accumulate (exact_sum's bits).
// The host parts compile with any C++17 compiler given the CUDA headers and
// link cudart, curand and cublas; the device parts are compiled only by
// nvcc. The cuDNN helpers are seedkit/cudnn.hpp. docs/cuda.md says what is
// verified where. Nothing in seedkit's core includes this header.
#ifndef SEEDKIT_CUDA_HPP
#define SEEDKIT_CUDA_HPP

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <cublas_v2.h>
#include <curand.h>

#include "seedkit/config.hpp"
#include "seedkit/cuda_environment.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/error.hpp"
#include "seedkit/global.hpp"
#include "seedkit/stream.hpp"

#include "seedkit/reduce.hpp"

#if SEEDKIT_CUDA
#  include <cuda_runtime.h>
#endif

SEEDKIT_BEGIN_NAMESPACE

namespace cuda {

// --- errors --------------------------------------------------------------------

// The enumerator name of a cuRAND status, e.g. "CURAND_STATUS_NOT_INITIALIZED"
// ("CURAND_STATUS_<number>" for a value this header does not know).
// Stability: stable.
inline std::string curand_status_name(curandStatus_t status) {
  switch (status) {
    case CURAND_STATUS_SUCCESS: return "CURAND_STATUS_SUCCESS";
    case CURAND_STATUS_VERSION_MISMATCH: return "CURAND_STATUS_VERSION_MISMATCH";
    case CURAND_STATUS_NOT_INITIALIZED: return "CURAND_STATUS_NOT_INITIALIZED";
    case CURAND_STATUS_ALLOCATION_FAILED: return "CURAND_STATUS_ALLOCATION_FAILED";
    case CURAND_STATUS_TYPE_ERROR: return "CURAND_STATUS_TYPE_ERROR";
    case CURAND_STATUS_OUT_OF_RANGE: return "CURAND_STATUS_OUT_OF_RANGE";
    case CURAND_STATUS_LENGTH_NOT_MULTIPLE: return "CURAND_STATUS_LENGTH_NOT_MULTIPLE";
    case CURAND_STATUS_DOUBLE_PRECISION_REQUIRED: return "CURAND_STATUS_DOUBLE_PRECISION_REQUIRED";
    case CURAND_STATUS_LAUNCH_FAILURE: return "CURAND_STATUS_LAUNCH_FAILURE";
    case CURAND_STATUS_PREEXISTING_FAILURE: return "CURAND_STATUS_PREEXISTING_FAILURE";
    case CURAND_STATUS_INITIALIZATION_FAILED: return "CURAND_STATUS_INITIALIZATION_FAILED";
    case CURAND_STATUS_ARCH_MISMATCH: return "CURAND_STATUS_ARCH_MISMATCH";
    case CURAND_STATUS_INTERNAL_ERROR: return "CURAND_STATUS_INTERNAL_ERROR";
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

// --- curand_generator ----------------------------------------------------------

// Where a curand_generator runs: device (curandCreateGenerator, output in
// device memory, needs a GPU) or host (curandCreateGeneratorHost, output in
// host memory, works without a GPU).
enum class curand_location { device, host };

// An owning handle to a cuRAND host-API generator of type
// CURAND_RNG_PSEUDO_PHILOX4_32_10, seeded from a seedkit key.
//
// Seed: the generator's 64-bit cuRAND seed is
//   g = (k / "seedkit" / "curand_generator").seed()
// for the key k (seed_for_key(k)), so the generator never replays k's own
// stream and both words of k matter. Offset: 0 at construction;
// set_offset(o) is curandSetGeneratorOffset(o). Ordering:
// CURAND_ORDERING_PSEUDO_LEGACY, which curand.h documents as "guaranteed to
// remain the same for all cuRAND release[s]"; the default ordering is
// PSEUDO_BEST, which cuRAND may retune, and PSEUDO_DYNAMIC adapts to the
// device. With this seed and ordering, the generator's word n (counting
// from offset 0, across successive generate calls) is
//   seedkit::stream(key::from_words(g, (n / 4) % 65536)).word(4 * (n / 262144) + n % 4),
// i.e. 65536 cuRAND subsequences interleaved four words at a time. This is
// measured for the host generator (tests/cuda_addon); that a device
// generator gives the same words must be checked on a GPU (docs/cuda.md).
//
// Example:
//   seedkit::cuda::curand_generator gen(seedkit::key(2026) / "dropout");
//   check(curandGenerate(gen.get(), device_ptr, n), "curandGenerate");
// Stability: the seed derivation and ordering are fixed within a major
// version; the word layout is cuRAND's (see above).
class curand_generator {
 public:
  // A generator for key `k`. Throws seedkit::error naming the cuRAND call
  // and status when cuRAND refuses (for example
  // CURAND_STATUS_INITIALIZATION_FAILED for `device` without a GPU).
  explicit curand_generator(const key& k, curand_location where = curand_location::device)
      : seed_(seed_for_key(k)), where_(where) {
    curandGenerator_t g = nullptr;
    if (where == curand_location::device) {
      check(curandCreateGenerator(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10), "curandCreateGenerator");
    } else {
      check(curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10),
            "curandCreateGeneratorHost");
    }
    handle_ = g;
    try {
      check(curandSetPseudoRandomGeneratorSeed(g, static_cast<unsigned long long>(seed_)),
            "curandSetPseudoRandomGeneratorSeed");
      check(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_LEGACY),
            "curandSetGeneratorOrdering");
      check(curandSetGeneratorOffset(g, 0), "curandSetGeneratorOffset");
    } catch (...) {
      curandDestroyGenerator(g);
      throw;
    }
  }

  // The generator for the named stream: curand_generator(key_for(path)).
  // Throws seedkit::error before seedkit::init().
  explicit curand_generator(std::string_view path, curand_location where = curand_location::device)
      : curand_generator(key_for(path), where) {}

  // A host generator for `k` (works without a GPU).
  static curand_generator host(const key& k) { return curand_generator(k, curand_location::host); }

  // The cuRAND seed used for key `k` (see the class comment).
  static constexpr std::uint64_t seed_for_key(const key& k) noexcept {
    return k.derive("seedkit/curand_generator").seed();
  }

  curand_generator(curand_generator&& other) noexcept
      : handle_(std::exchange(other.handle_, nullptr)), seed_(other.seed_), where_(other.where_) {}
  curand_generator& operator=(curand_generator&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
      seed_ = other.seed_;
      where_ = other.where_;
    }
    return *this;
  }
  curand_generator(const curand_generator&) = delete;
  curand_generator& operator=(const curand_generator&) = delete;
  ~curand_generator() { reset(); }

  // The raw handle, for any other cuRAND call (null after a move).
  curandGenerator_t get() const noexcept { return handle_; }
  std::uint64_t seed() const noexcept { return seed_; }
  curand_location location() const noexcept { return where_; }

  // Moves to absolute word position `offset` (curandSetGeneratorOffset).
  void set_offset(std::uint64_t offset) {
    check(curandSetGeneratorOffset(require(), static_cast<unsigned long long>(offset)),
          "curandSetGeneratorOffset");
  }

  // The next n 32-bit words (curandGenerate): into host memory for a host
  // generator, device memory for a device one.
  void generate(unsigned int* out, std::size_t n) {
    check(curandGenerate(require(), out, n), "curandGenerate");
  }

 private:
  curandGenerator_t require() const {
    if (handle_ == nullptr) {
      throw error("seedkit::cuda::curand_generator: used after being moved from "
                  "(only assignment and destruction are valid then)");
    }
    return handle_;
  }
  void reset() noexcept {
    if (handle_ != nullptr) curandDestroyGenerator(handle_);
    handle_ = nullptr;
  }

  curandGenerator_t handle_ = nullptr;
  std::uint64_t seed_ = 0;
  curand_location where_ = curand_location::device;
};

// --- cuBLAS: math mode and atomics --------------------------------------------

// What cublas_determinism_guard does when the handle's math mode lets
// cuBLAS trade precision for speed (TF32 and the other modes listed at
// check_handle): report it as a problem under the guard's policy, or
// disable it for the guard's lifetime (restored on destruction).
// Stability: stable.
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
    case 0: name = "CUBLAS_DEFAULT_MATH"; break;
    case 1: name = "CUBLAS_TENSOR_OP_MATH"; break;
    case 2: name = "CUBLAS_PEDANTIC_MATH"; break;
    case 3: name = "CUBLAS_TF32_TENSOR_OP_MATH"; break;
    case 4: name = "CUBLAS_FP32_EMULATED_BF16X9_MATH"; break;
    case 8: name = "CUBLAS_FP64_EMULATED_FIXEDPOINT_MATH"; break;
    default: name = "math mode " + std::to_string(m & math_mode_mask); break;
  }
  if ((m & 16) != 0) name += " | CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION";
  if ((m & ~(math_mode_mask | 16)) != 0) name += " | flags " + std::to_string(m & ~(math_mode_mask | 16));
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
// Stability: checks may be added in minor versions.
inline std::vector<environment_problem> check_handle(cublasHandle_t handle,
                                                     environment_policy policy = environment_policy::report) {
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
// Stability: as check_environment.
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
// Stability: stable.
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
    partials.push_back(sum_chunk_partial_host(x + begin, n - begin < sum_chunk ? n - begin : sum_chunk));
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
constexpr unsigned exact_chunks = 68;
constexpr unsigned exact_run_limit = 2048;
static_assert(exact_chunks == ::seedkit::detail::sum_superacc::chunk_count,
              "the device accumulator must have the exact_accumulator's layout");
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
SEEDKIT_HD inline unsigned long long term_bits(float x) noexcept { return float_to_double_bits(float_bits(x)); }

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

// seedkit::pairwise_sum (docs/reductions.md) in SEEDKIT_HD form, for the
// device sum's last step: the same leaves (256 terms; term i to lane
// i % 16, lanes from -0.0, joined as a perfect binary tree), the same
// counter tree over the leaves, the same canonical NaN. test_cuda_host
// checks these against pairwise_sum on the host.
template <class T>
SEEDKIT_HD T pairwise_leaf_hd(const T* p, std::size_t m) noexcept {
  T a[16];
  for (unsigned j = 0; j < 16; ++j) a[j] = T(-0.0);
  for (std::size_t i = 0; i < m; ++i) a[i % 16] = add_rn(a[i % 16], p[i]);
  for (unsigned width = 1; width < 16; width *= 2) {  // ((a0 + a1) + (a2 + a3)) + ...
    for (unsigned j = 0; j < 16; j += 2 * width) a[j] = add_rn(a[j], a[j + width]);
  }
  return a[0];
}

template <class T>
SEEDKIT_HD T canonical_nan_hd(T x) noexcept {
  if (!(x != x)) return x;
  return sizeof(T) == 8 ? T(__builtin_nan("")) : T(__builtin_nanf(""));
}

// The counter tree over leaves[0..count), count >= 1: T(lo, hi) =
// T(lo, lo + P) + T(lo + P, hi), P the largest power of two below hi - lo.
template <class T>
SEEDKIT_HD T pairwise_tree_hd(const T* leaves, std::size_t count) noexcept {
  T stack[65];
  unsigned depth = 0;
  for (std::size_t i = 0; i < count; ++i) {
    T v = leaves[i];
    for (std::size_t c = i + 1; (c & 1u) == 0; c >>= 1) v = add_rn(stack[--depth], v);
    stack[depth++] = v;
  }
  T r = stack[depth - 1];
  for (unsigned i = depth - 1; i-- > 0;) r = add_rn(stack[i], r);
  return canonical_nan_hd(r);
}

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
// Stability: internal layout; stable within a major version.
inline exact_accumulator exact_accumulator_from_chunks(const unsigned long long* chunks,
                                                       unsigned flags) {
  ::seedkit::detail::sum_superacc a;
  for (unsigned i = 0; i < exact_chunks; ++i) a.set_chunk(i, static_cast<std::int64_t>(chunks[i]));
  a.normalize();
  return ::seedkit::detail::exact_accumulator_access::make(a, static_cast<std::uint8_t>(flags & 31u));
}

// --- device-side helpers (nvcc only) -------------------------------------------

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

// out[i] = compact_stream(k)[first + i] for i < n, the 64-bit output
// first + i of k's stream: exactly what the host computes. Each thread
// (grid-stride) computes one Philox block and writes the two outputs it
// holds, so no block is computed twice. (A template only so that the kernel
// can live in a header.)
// Stability: bit-identical to seedkit::stream.
template <int = 0>
__global__ void __launch_bounds__(1024) stream_fill_kernel(key k, std::uint64_t first,
                                                           std::uint64_t* out, std::size_t n) {
  if (n == 0) return;
  const compact_stream s(k);
  const std::uint64_t b0 = first / 2;                  // the block holding output `first`
  const std::uint64_t blocks = (first + n - 1) / 2 - b0 + 1;
  const std::uint64_t stride = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
  for (std::uint64_t t = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x; t < blocks;
       t += stride) {
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
// Stability: bit-identical to seedkit::stream.
inline void stream_fill(const key& k, std::uint64_t first, std::uint64_t* device_out,
                        std::size_t n, cudaStream_t stream = nullptr, unsigned block = 256) {
  detail::check_launch("stream_fill", 1, block);
  if (n == 0) return;
  constexpr std::uint64_t outputs = std::uint64_t{1} << 63;  // the stream's length in 64-bit outputs
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
#pragma unroll
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
    leaves[i] = detail::pairwise_leaf_hd(partials + begin, m - begin < 256 ? m - begin : 256);
  }
  __syncthreads();
  if (threadIdx.x == 0) *out = detail::pairwise_tree_hd(leaves, count);
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
// Stability: the order of additions is fixed within a major version.
template <class T>
void device_sum_to(const T* device_x, std::size_t n, T* device_result, unsigned grid = 1024,
                   unsigned block = 256, cudaStream_t stream = nullptr) {
  static_assert(std::is_same<T, float>::value || std::is_same<T, double>::value,
                "seedkit::cuda::device_sum sums float or double");
  detail::check_launch("device_sum", grid, block);
  const std::size_t chunks = (n + sum_chunk - 1) / sum_chunk;
  if (chunks == 0) {  // the empty sum is +0.0, whose bits are all zero
    detail::cuda_ok(cudaMemsetAsync(device_result, 0, sizeof(T), stream), "device_sum", "cudaMemsetAsync");
    return;
  }
  const std::size_t leaves = (chunks + 255) / 256;
  const detail::device_buffer<T> scratch(chunks + leaves, stream, "device_sum");
  sum_chunks_kernel<T><<<grid, block, 0, stream>>>(device_x, n, scratch.ptr);
  detail::cuda_ok(cudaGetLastError(), "device_sum", "the sum_chunks_kernel launch");
  combine_partials_kernel<T><<<1, 256, 0, stream>>>(scratch.ptr, chunks, scratch.ptr + chunks, device_result);
  detail::cuda_ok(cudaGetLastError(), "device_sum", "the combine_partials_kernel launch");
}

// The same sum returned to the host: device_sum_to, then a copy of the one
// value; synchronizes `stream`. Equal to device_sum_reference.
// Example: double s = seedkit::cuda::device_sum(d_x, n);
// Stability: the order of additions is fixed within a major version.
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
  __device__ void operator()(unsigned i, unsigned long long piece) const { atomicAdd(chunk + i, piece); }
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
    if (threadIdx.x == 0 && flags != 0) atomicOr(total + exact_chunks, static_cast<unsigned long long>(flags));
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
// Stability: the value is exact; to_double/to_float follow exact_accumulator.
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
// Stability: bit-identical to seedkit::exact_sum.
template <class T>
T device_exact_sum(const T* device_x, std::size_t n, unsigned grid = 1024, unsigned block = 256,
                   cudaStream_t stream = nullptr) {
  return device_exact_accumulate(device_x, n, grid, block, stream).template round<T>();
}

#endif  // SEEDKIT_CUDA

}  // namespace cuda

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDA_HPP

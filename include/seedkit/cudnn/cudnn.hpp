// seedkit/cudnn/cudnn.hpp: cuDNN determinism helpers (target seedkit::cudnn,
// CMake option SEEDKIT_ENABLE_CUDA when cuDNN is found).
//
// cuDNN picks among several implementations of each operation, and some of
// them (split-K reductions, atomics) give different bits from run to run.
// These helpers keep only the ones cuDNN itself declares deterministic, in
// the order cuDNN ranked them: for the backend (graph) API, the engine
// configurations whose engine lacks the numerical note
// CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC (keep_deterministic,
// require_deterministic); for the legacy convolution API, the algorithm
// perf results marked CUDNN_DETERMINISTIC (keep_deterministic_algos). A
// check() overload turns a cudnnStatus_t into seedkit::error. The header
// needs cuDNN 9's headers and, at link time, libcudnn; it does not include
// seedkit/cuda/cuda.hpp (no cuBLAS or cuRAND needed) and coexists with it.
// docs/cudnn.md says what is verified where. Nothing in seedkit's core
// includes this header.
#ifndef SEEDKIT_CUDNN_CUDNN_HPP
#define SEEDKIT_CUDNN_CUDNN_HPP

#include <algorithm>    // find
#include <cstddef>      // size_t
#include <cstdint>      // int64_t
#include <string>       // string, to_string
#include <type_traits>  // is_same
#include <vector>       // vector

#include <cudnn.h>

#include "seedkit/config.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE

namespace cuda {

// --- errors --------------------------------------------------------------------

// The enumerator name of a cuDNN status, e.g. "CUDNN_STATUS_BAD_PARAM", as
// cudnnGetErrorString gives it; "CUDNN_STATUS_<number>" for a value the
// loaded cuDNN does not know (for which cudnnGetErrorString answers
// "CUDNN_UNKNOWN_STATUS").
// Stability: api: the interface is stable within a major version.
inline std::string cudnn_status_name(cudnnStatus_t status) {
  const char* name = cudnnGetErrorString(status);
  const std::string prefix = "CUDNN_STATUS_";
  if (name != nullptr && std::string(name).compare(0, prefix.size(), prefix) == 0) return name;
  return prefix + std::to_string(static_cast<int>(status));
}

// Throws seedkit::error unless `status` is CUDNN_STATUS_SUCCESS. The message
// is "seedkit::cuda: <call> returned <name> (expected CUDNN_STATUS_SUCCESS)"
// with the name from cudnn_status_name. An overload of seedkit/cuda/cuda.hpp's
// check() for cuRAND and cuBLAS statuses; both headers may be included.
// Example: seedkit::cuda::check(cudnnCreate(&handle), "cudnnCreate");
// Stability: api: the interface is stable within a major version.
inline void check(cudnnStatus_t status, const char* call) {
  if (status == CUDNN_STATUS_SUCCESS) return;
  throw error(std::string("seedkit::cuda: ") + call + " returned " + cudnn_status_name(status) +
              " (expected CUDNN_STATUS_SUCCESS)");
}

namespace detail {

// Owns one backend descriptor of a given type: created by the constructor
// (throws seedkit::error when cuDNN refuses), destroyed by the destructor.
class cudnn_owned_descriptor {
 public:
  cudnn_owned_descriptor(cudnnBackendDescriptorType_t type, const char* call) {
    cudnnBackendDescriptor_t d = nullptr;
    check(cudnnBackendCreateDescriptor(type, &d), call);
    handle_ = d;
  }
  cudnn_owned_descriptor(const cudnn_owned_descriptor&) = delete;
  cudnn_owned_descriptor& operator=(const cudnn_owned_descriptor&) = delete;
  ~cudnn_owned_descriptor() {
    if (handle_ != nullptr) cudnnBackendDestroyDescriptor(handle_);
  }
  cudnnBackendDescriptor_t get() const noexcept { return handle_; }

 private:
  cudnnBackendDescriptor_t handle_ = nullptr;
};

// An element count cuDNN reported for `attribute` (how many elements the
// attribute has, which may exceed the number requested), as a size;
// throws seedkit::error when it is negative.
inline std::size_t cudnn_checked_count(std::int64_t count, const char* attribute) {
  if (count < 0) {
    throw error(std::string("seedkit::cuda: cudnnBackendGetAttribute(") + attribute +
                ") reported " + std::to_string(count) + " elements (expected 0 or more)");
  }
  return static_cast<std::size_t>(count);
}

}  // namespace detail

// --- backend (graph) API: engine configurations ---------------------------------

// The numerical notes of the engine of a finalized engine configuration
// (a CUDNN_BACKEND_ENGINECFG_DESCRIPTOR, e.g. one of the heuristics'
// CUDNN_ATTR_ENGINEHEUR_RESULTS), in the order cuDNN reports them. Reads
// CUDNN_ATTR_ENGINECFG_ENGINE into a CUDNN_BACKEND_ENGINE_DESCRIPTOR it
// creates, then that engine's CUDNN_ATTR_ENGINE_NUMERICAL_NOTE (asking for
// CUDNN_NUMERICAL_NOTE_TYPE_COUNT entries, and again for all of them when a
// newer cuDNN reports more). The engine descriptor is destroyed on every
// path; `engine_config` is only read, never destroyed. Throws
// seedkit::error naming the cuDNN call and its status when a query fails,
// and when `engine_config` is null.
// Stability: api: the interface is stable within a major version.
inline std::vector<cudnnBackendNumericalNote_t> numerical_notes(
    cudnnBackendDescriptor_t engine_config) {
  if (engine_config == nullptr) {
    throw error(
        "seedkit::cuda::numerical_notes: the engine config is null (expected a "
        "finalized CUDNN_BACKEND_ENGINECFG_DESCRIPTOR)");
  }
  const detail::cudnn_owned_descriptor engine(
      CUDNN_BACKEND_ENGINE_DESCRIPTOR,
      "cudnnBackendCreateDescriptor(CUDNN_BACKEND_ENGINE_DESCRIPTOR)");
  cudnnBackendDescriptor_t engine_handle = engine.get();
  std::int64_t engines = 0;
  check(cudnnBackendGetAttribute(engine_config, CUDNN_ATTR_ENGINECFG_ENGINE,
                                 CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &engines, &engine_handle),
        "cudnnBackendGetAttribute(CUDNN_ATTR_ENGINECFG_ENGINE)");
  if (engines != 1) {
    throw error("seedkit::cuda: cudnnBackendGetAttribute(CUDNN_ATTR_ENGINECFG_ENGINE) reported " +
                std::to_string(engines) + " engines (expected 1)");
  }

  const char* const notes_call = "cudnnBackendGetAttribute(CUDNN_ATTR_ENGINE_NUMERICAL_NOTE)";
  std::vector<cudnnBackendNumericalNote_t> notes(CUDNN_NUMERICAL_NOTE_TYPE_COUNT);
  std::int64_t count = 0;
  check(cudnnBackendGetAttribute(engine.get(), CUDNN_ATTR_ENGINE_NUMERICAL_NOTE,
                                 CUDNN_TYPE_NUMERICAL_NOTE, static_cast<std::int64_t>(notes.size()),
                                 &count, notes.data()),
        notes_call);
  std::size_t n = detail::cudnn_checked_count(count, "CUDNN_ATTR_ENGINE_NUMERICAL_NOTE");
  if (n > notes.size()) {
    // A cuDNN newer than these headers may know more notes: ask for all.
    notes.resize(n);
    check(cudnnBackendGetAttribute(engine.get(), CUDNN_ATTR_ENGINE_NUMERICAL_NOTE,
                                   CUDNN_TYPE_NUMERICAL_NOTE,
                                   static_cast<std::int64_t>(notes.size()), &count, notes.data()),
          notes_call);
    n = detail::cudnn_checked_count(count, "CUDNN_ATTR_ENGINE_NUMERICAL_NOTE");
    if (n > notes.size()) {
      throw error(std::string("seedkit::cuda: ") + notes_call + " reported " +
                  std::to_string(notes.size()) + " notes, then " + std::to_string(n) +
                  " (expected the same count twice)");
    }
  }
  notes.resize(n);
  return notes;
}

// Whether the engine of a finalized engine configuration is deterministic:
// false when CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC is among its numerical
// notes (anywhere among them), true otherwise, including when it has no
// notes at all. This is cuDNN's own declaration; it says nothing about
// other sources of run-to-run differences (the environment checks of
// seedkit/cuda/cuda.hpp cover some). Creates and destroys one engine descriptor;
// `engine_config` stays the caller's. Throws as numerical_notes does.
// Stability: api: the interface is stable within a major version.
inline bool is_deterministic(cudnnBackendDescriptor_t engine_config) {
  const std::vector<cudnnBackendNumericalNote_t> notes = numerical_notes(engine_config);
  return std::find(notes.begin(), notes.end(), CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC) ==
         notes.end();
}

// The deterministic engine configurations among `count` of them at
// `engine_configs` (count is an int64_t like the heuristics' element
// count), in the given order, so the heuristics' ranking is kept: the
// first element is the best-ranked deterministic one.
//
// Ownership: the result holds copies of the handles. Nothing is destroyed
// and no ownership is taken: the caller still owns (and must destroy)
// every descriptor, kept or not, and must keep the kept ones alive while
// using the result.
//
// Empty result: when no configuration is deterministic (or none is given),
// the result is empty; check empty() before using front(), or call
// require_deterministic, which throws instead.
//
// Errors: throws seedkit::error when a cuDNN query fails, with the call,
// the status name and the index, e.g. "seedkit::cuda:
// cudnnBackendGetAttribute(CUDNN_ATTR_ENGINECFG_ENGINE) returned
// CUDNN_STATUS_BAD_PARAM (expected CUDNN_STATUS_SUCCESS); in
// seedkit::cuda::keep_deterministic at engine_configs[2] (of 5)"; also when
// count is negative, or engine_configs is null while count > 0, or an
// element is null.
// Stability: api: the interface is stable within a major version.
inline std::vector<cudnnBackendDescriptor_t> keep_deterministic(
    const cudnnBackendDescriptor_t* engine_configs, std::int64_t count) {
  if (count < 0 || (engine_configs == nullptr && count > 0)) {
    throw error("seedkit::cuda::keep_deterministic: got " + std::to_string(count) +
                " engine configs at " + (engine_configs == nullptr ? "null" : "a pointer") +
                " (expected a count of 0 or more, and a non-null pointer when it is above 0)");
  }
  std::vector<cudnnBackendDescriptor_t> kept;
  const std::size_t n = static_cast<std::size_t>(count);
  for (std::size_t i = 0; i < n; ++i) {
    bool deterministic = false;
    try {
      deterministic = is_deterministic(engine_configs[i]);
    } catch (const error& e) {
      throw error(std::string(e.what()) +
                  "; in seedkit::cuda::keep_deterministic at engine_configs[" + std::to_string(i) +
                  "] (of " + std::to_string(n) + ")");
    }
    if (deterministic) kept.push_back(engine_configs[i]);
  }
  return kept;
}

// The same for a vector of engine configurations (see above: order kept,
// nothing destroyed or owned, empty when none is deterministic).
// Example:
//   std::vector<cudnnBackendDescriptor_t> ranked = ...;  // heuristics' results
//   auto ok = seedkit::cuda::keep_deterministic(ranked);
//   if (ok.empty()) { /* no deterministic engine for this graph */ }
// Stability: api: the interface is stable within a major version.
inline std::vector<cudnnBackendDescriptor_t> keep_deterministic(
    const std::vector<cudnnBackendDescriptor_t>& engine_configs) {
  return keep_deterministic(engine_configs.data(),
                            static_cast<std::int64_t>(engine_configs.size()));
}

// keep_deterministic, but an empty result is an error: throws
// seedkit::error saying that none of the N configurations is deterministic
// (or that none was given). Use it where falling back to a
// non-deterministic engine is not acceptable. Ownership and order as for
// keep_deterministic.
// Stability: api: the interface is stable within a major version.
inline std::vector<cudnnBackendDescriptor_t> require_deterministic(
    const cudnnBackendDescriptor_t* engine_configs, std::int64_t count) {
  std::vector<cudnnBackendDescriptor_t> kept = keep_deterministic(engine_configs, count);
  if (kept.empty()) {
    throw error(count == 0
                    ? std::string("seedkit::cuda::require_deterministic: no engine configs were "
                                  "given (the heuristics found none for this graph)")
                    : "seedkit::cuda::require_deterministic: none of the " + std::to_string(count) +
                          " engine configs is deterministic (each engine has "
                          "CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC); change the graph or "
                          "allow non-deterministic engines");
  }
  return kept;
}

// The same for a vector.
// Stability: api: the interface is stable within a major version.
inline std::vector<cudnnBackendDescriptor_t> require_deterministic(
    const std::vector<cudnnBackendDescriptor_t>& engine_configs) {
  return require_deterministic(engine_configs.data(),
                               static_cast<std::int64_t>(engine_configs.size()));
}

// --- legacy convolution API: algorithm perf results -----------------------------

namespace detail {

template <class Perf>
std::vector<Perf> cudnn_keep_deterministic_algos(const Perf* results, std::size_t count) {
  static_assert(std::is_same<decltype(Perf::status), cudnnStatus_t>::value,
                "keep_deterministic_algos: Perf needs a cudnnStatus_t member `status` "
                "(a cudnnConvolution*AlgoPerf_t)");
  static_assert(std::is_same<decltype(Perf::determinism), cudnnDeterminism_t>::value,
                "keep_deterministic_algos: Perf needs a cudnnDeterminism_t member `determinism` "
                "(a cudnnConvolution*AlgoPerf_t)");
  std::vector<Perf> kept;
  for (std::size_t i = 0; i < count; ++i) {
    if (results[i].status == CUDNN_STATUS_SUCCESS &&
        results[i].determinism == CUDNN_DETERMINISTIC) {
      kept.push_back(results[i]);
    }
  }
  return kept;
}

}  // namespace detail

// The perf results (cudnnConvolutionFwdAlgoPerf_t,
// cudnnConvolutionBwdDataAlgoPerf_t or cudnnConvolutionBwdFilterAlgoPerf_t,
// from cudnnFind*/cudnnGet*Algorithm_v7) whose status is
// CUDNN_STATUS_SUCCESS and whose determinism is CUDNN_DETERMINISTIC, in
// the given order (cuDNN's ranking). `count` is an int like cuDNN's
// returnedAlgoCount. Empty when none qualifies. Pure filtering: no cuDNN
// call is made. Throws seedkit::error when count is negative, or results
// is null while count > 0.
// Example:
//   cudnnConvolutionFwdAlgoPerf_t perf[8]; int n = 0;
//   check(cudnnFindConvolutionForwardAlgorithm(h, x, w, conv, y, 8, &n, perf), "...");
//   auto ok = seedkit::cuda::keep_deterministic_algos(perf, n);
// Stability: api: the interface is stable within a major version.
template <class Perf>
std::vector<Perf> keep_deterministic_algos(const Perf* results, int count) {
  if (count < 0 || (results == nullptr && count > 0)) {
    throw error("seedkit::cuda::keep_deterministic_algos: got " + std::to_string(count) +
                " perf results at " + (results == nullptr ? "null" : "a pointer") +
                " (expected a count of 0 or more, and a non-null pointer when it is above 0)");
  }
  return detail::cudnn_keep_deterministic_algos(results, static_cast<std::size_t>(count));
}

// The same for a vector of perf results (only its size() entries are
// looked at: resize it to cuDNN's returnedAlgoCount first).
// Stability: api: the interface is stable within a major version.
template <class Perf>
std::vector<Perf> keep_deterministic_algos(const std::vector<Perf>& results) {
  return detail::cudnn_keep_deterministic_algos(results.data(), results.size());
}

}  // namespace cuda

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDNN_CUDNN_HPP

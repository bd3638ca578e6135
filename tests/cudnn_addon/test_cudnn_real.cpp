// seedkit/cudnn/cudnn.hpp against the real libcudnn, on a machine that may have
// no GPU: check() maps real statuses through the real cudnnGetErrorString,
// the header's check() overloads coexist with seedkit/cuda/cuda.hpp's, and, when
// this cuDNN creates backend descriptors without a GPU, the helpers'
// descriptor handling and error path run against the real library. Parts
// that cannot run here say so with WARN instead of failing.
#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>

#include <catch2/catch.hpp>

#include "../support/errors.hpp"

#include "seedkit/cuda/cuda.hpp"
#include "seedkit/cudnn/cudnn.hpp"

namespace sc = seedkit::cuda;

namespace {

using seedkit_test::message_of;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

// The three check() overloads resolve by status type (unevaluated: this
// executable links cuDNN and cudart only, not cuBLAS or cuRAND).
static_assert(std::is_void<decltype(sc::check(CUDNN_STATUS_SUCCESS, ""))>::value, "");
static_assert(std::is_void<decltype(sc::check(CUBLAS_STATUS_SUCCESS, ""))>::value, "");
static_assert(std::is_void<decltype(sc::check(CURAND_STATUS_SUCCESS, ""))>::value, "");
static_assert(CUDNN_MAJOR >= 9, "seedkit/cudnn/cudnn.hpp is written against cuDNN 9");

TEST_CASE("the loaded cuDNN is the major version the headers declare", "[cudnn][real]") {
  const std::size_t version = cudnnGetVersion();
  INFO("cudnnGetVersion() = " << version << ", headers CUDNN_VERSION = " << CUDNN_VERSION);
  CHECK(version / 10000 == CUDNN_MAJOR);
}

TEST_CASE("check() maps real statuses through the real cudnnGetErrorString", "[cudnn][real]") {
  CHECK_NOTHROW(sc::check(CUDNN_STATUS_SUCCESS, "cudnnCreate"));
  CHECK(sc::cudnn_status_name(CUDNN_STATUS_SUCCESS) == "CUDNN_STATUS_SUCCESS");
  for (const cudnnStatus_t status :
       {CUDNN_STATUS_NOT_INITIALIZED, CUDNN_STATUS_BAD_PARAM, CUDNN_STATUS_BAD_PARAM_NULL_POINTER,
        CUDNN_STATUS_NOT_SUPPORTED, CUDNN_STATUS_INTERNAL_ERROR, CUDNN_STATUS_EXECUTION_FAILED}) {
    const std::string name = cudnnGetErrorString(status);
    INFO("status " << static_cast<int>(status) << " is " << name);
    CHECK(name.rfind("CUDNN_STATUS_", 0) == 0);
    CHECK(sc::cudnn_status_name(status) == name);
    CHECK(message_of([&] { sc::check(status, "cudnnSomething"); }) ==
          "seedkit::cuda: cudnnSomething returned " + name + " (expected CUDNN_STATUS_SUCCESS)");
  }
  CHECK(sc::cudnn_status_name(CUDNN_STATUS_BAD_PARAM) == "CUDNN_STATUS_BAD_PARAM");
  // A value the library does not know keeps its number.
  CHECK(sc::cudnn_status_name(static_cast<cudnnStatus_t>(1234)) == "CUDNN_STATUS_1234");
}

TEST_CASE("backend descriptors from the real library", "[cudnn][real]") {
  cudnnBackendDescriptor_t cfg = nullptr;
  const cudnnStatus_t created =
      cudnnBackendCreateDescriptor(CUDNN_BACKEND_ENGINECFG_DESCRIPTOR, &cfg);
  if (created != CUDNN_STATUS_SUCCESS) {
    WARN("skipped: this cuDNN does not create backend descriptors here: "
         << sc::cudnn_status_name(created));
    return;
  }
  // A config that was never finalized has no engine: the helpers must turn
  // cuDNN's refusal into seedkit::error and leave the config to the caller.
  const std::string message = message_of([&] { sc::keep_deterministic({cfg}); });
  INFO(message);
  CHECK(contains(message,
                 "seedkit::cuda: cudnnBackendGetAttribute(CUDNN_ATTR_ENGINECFG_ENGINE) "
                 "returned CUDNN_STATUS_"));
  CHECK(contains(message, "engine_configs[0] (of 1)"));
  CHECK(sc::keep_deterministic(std::vector<cudnnBackendDescriptor_t>{}).empty());
  CHECK(cudnnBackendDestroyDescriptor(cfg) == CUDNN_STATUS_SUCCESS);
}

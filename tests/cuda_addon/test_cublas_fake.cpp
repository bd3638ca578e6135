// The cuBLAS determinism guard and check_handle against a fake cuBLAS: this
// executable does not link libcublas; it defines the five cuBLAS functions
// seedkit/cuda/cuda.hpp calls (with the declarations of cublas_api.h), keeps a
// handle's atomics and math modes, records every call, and fails the call
// it is told to. So the guard's exact sequence of CUDA API calls, what it
// restores, and its behaviour on every failure are tested without a GPU.
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/errors.hpp"

#include "seedkit/cuda/cuda.hpp"

namespace sc = seedkit::cuda;

namespace {

struct fake_cublas {
  cublasAtomicsMode_t atomics = CUBLAS_ATOMICS_ALLOWED;
  cublasMath_t math = CUBLAS_DEFAULT_MATH;
  std::vector<std::string> calls;
  std::string fail_call;  // the call (as recorded) that returns fail_status
  cublasStatus_t fail_status = CUBLAS_STATUS_INTERNAL_ERROR;

  cublasStatus_t record(cublasHandle_t handle, std::string call) {
    const bool fails = call == fail_call;
    calls.push_back(std::move(call));
    if (handle == nullptr) return CUBLAS_STATUS_NOT_INITIALIZED;
    return fails ? fail_status : CUBLAS_STATUS_SUCCESS;
  }
};

fake_cublas fake;

// A handle value the fake accepts (never dereferenced).
cublasHandle_t fake_handle() { return reinterpret_cast<cublasHandle_t>(&fake); }

void reset_fake(cublasAtomicsMode_t atomics, cublasMath_t math) {
  fake = fake_cublas{};
  fake.atomics = atomics;
  fake.math = math;
}

using seedkit_test::message_of;

// Sets CUBLAS_WORKSPACE_CONFIG for a scope (nullptr: unset), then restores it.
class workspace_env {
 public:
  explicit workspace_env(const char* value) {
    const char* old = std::getenv("CUBLAS_WORKSPACE_CONFIG");
    had_ = old != nullptr;
    if (had_) old_ = old;
    if (value != nullptr) {
      setenv("CUBLAS_WORKSPACE_CONFIG", value, 1);
    } else {
      unsetenv("CUBLAS_WORKSPACE_CONFIG");
    }
  }
  workspace_env(const workspace_env&) = delete;
  workspace_env& operator=(const workspace_env&) = delete;
  ~workspace_env() {
    if (had_) {
      setenv("CUBLAS_WORKSPACE_CONFIG", old_.c_str(), 1);
    } else {
      unsetenv("CUBLAS_WORKSPACE_CONFIG");
    }
  }

 private:
  bool had_ = false;
  std::string old_;
};

using calls = std::vector<std::string>;

}  // namespace

// --- the fake: cublas_api.h's declarations ---------------------------------------
extern "C" {
const char* CUBLASWINAPI cublasGetStatusName(cublasStatus_t status) {
  switch (status) {
    case CUBLAS_STATUS_SUCCESS:
      return "CUBLAS_STATUS_SUCCESS";
    case CUBLAS_STATUS_NOT_INITIALIZED:
      return "CUBLAS_STATUS_NOT_INITIALIZED";
    case CUBLAS_STATUS_INVALID_VALUE:
      return "CUBLAS_STATUS_INVALID_VALUE";
    case CUBLAS_STATUS_INTERNAL_ERROR:
      return "CUBLAS_STATUS_INTERNAL_ERROR";
    default:
      return "CUBLAS_STATUS_<fake: other>";
  }
}
cublasStatus_t CUBLASWINAPI cublasGetAtomicsMode(cublasHandle_t handle, cublasAtomicsMode_t* mode) {
  const cublasStatus_t s = fake.record(handle, "cublasGetAtomicsMode");
  if (s == CUBLAS_STATUS_SUCCESS) *mode = fake.atomics;
  return s;
}
cublasStatus_t CUBLASWINAPI cublasSetAtomicsMode(cublasHandle_t handle, cublasAtomicsMode_t mode) {
  const cublasStatus_t s =
      fake.record(handle, std::string("cublasSetAtomicsMode(") +
                              (mode == CUBLAS_ATOMICS_ALLOWED ? "ALLOWED" : "NOT_ALLOWED") + ")");
  if (s == CUBLAS_STATUS_SUCCESS) fake.atomics = mode;
  return s;
}
cublasStatus_t CUBLASWINAPI cublasGetMathMode(cublasHandle_t handle, cublasMath_t* mode) {
  const cublasStatus_t s = fake.record(handle, "cublasGetMathMode");
  if (s == CUBLAS_STATUS_SUCCESS) *mode = fake.math;
  return s;
}
cublasStatus_t CUBLASWINAPI cublasSetMathMode(cublasHandle_t handle, cublasMath_t mode) {
  const cublasStatus_t s =
      fake.record(handle, "cublasSetMathMode(" + std::to_string(static_cast<int>(mode)) + ")");
  if (s == CUBLAS_STATUS_SUCCESS) fake.math = mode;
  return s;
}
}  // extern "C"

TEST_CASE("guard: atomics forbidden while alive, the found mode restored", "[cuda][cublas][fake]") {
  const workspace_env ws(":4096:8");
  for (const cublasAtomicsMode_t before : {CUBLAS_ATOMICS_ALLOWED, CUBLAS_ATOMICS_NOT_ALLOWED}) {
    reset_fake(before, CUBLAS_DEFAULT_MATH);
    {
      const sc::cublas_determinism_guard guard(fake_handle(), sc::environment_policy::throw_error);
      CHECK(fake.atomics == CUBLAS_ATOMICS_NOT_ALLOWED);
      CHECK(guard.previous_mode() == before);
      CHECK(guard.previous_math_mode() == CUBLAS_DEFAULT_MATH);
      CHECK_FALSE(guard.changed_math_mode());
      CHECK(fake.calls == calls{"cublasGetAtomicsMode", "cublasGetMathMode",
                                "cublasSetAtomicsMode(NOT_ALLOWED)"});
    }
    CHECK(fake.atomics == before);
    CHECK(fake.math == CUBLAS_DEFAULT_MATH);
    CHECK(fake.calls.back() == std::string("cublasSetAtomicsMode(") +
                                   (before == CUBLAS_ATOMICS_ALLOWED ? "ALLOWED" : "NOT_ALLOWED") +
                                   ")");
    CHECK(fake.calls.size() == 4);
  }
}

TEST_CASE("guard: pedantic math and the reduction flag are accepted as they are",
          "[cuda][cublas][fake]") {
  const workspace_env ws(":16:8");
  // PEDANTIC; DEFAULT with DISALLOW_REDUCED_PRECISION_REDUCTION.
  for (const int mode : {2, 0 | 16}) {
    reset_fake(CUBLAS_ATOMICS_ALLOWED, static_cast<cublasMath_t>(mode));
    {
      const sc::cublas_determinism_guard guard(fake_handle(), sc::environment_policy::throw_error,
                                               sc::tf32_policy::disable);
      CHECK_FALSE(guard.changed_math_mode());
    }
    CHECK(static_cast<int>(fake.math) == mode);
    CHECK(sc::check_handle(fake_handle()).empty());
  }
}

TEST_CASE("guard: TF32 and other reduced-precision modes are reported under the policy",
          "[cuda][cublas][fake]") {
  const workspace_env ws(":4096:8");
  for (const int mode :
       {3, 1, 4, 8, 3 | 16}) {  // TF32, FAST_16F, BF16x9, FP64 emulation, TF32 + flag
    reset_fake(CUBLAS_ATOMICS_ALLOWED, static_cast<cublasMath_t>(mode));
    {
      const sc::cublas_determinism_guard guard(fake_handle(), sc::environment_policy::report);
      CHECK_FALSE(guard.changed_math_mode());
      CHECK(static_cast<int>(fake.math) == mode);  // report leaves it alone
    }
    CHECK(fake.atomics == CUBLAS_ATOMICS_ALLOWED);
    // throw_error: the message names the mode and what is accepted, and
    // nothing stays changed.
    reset_fake(CUBLAS_ATOMICS_ALLOWED, static_cast<cublasMath_t>(mode));
    const std::string m = message_of(
        [] { sc::cublas_determinism_guard g(fake_handle(), sc::environment_policy::throw_error); });
    CHECK_THAT(m, Catch::StartsWith("seedkit::cuda::cublas_determinism_guard found 1 problem(s):"));
    CHECK_THAT(m, Catch::Contains("CUBLAS_DEFAULT_MATH or CUBLAS_PEDANTIC_MATH"));
    CHECK(fake.atomics == CUBLAS_ATOMICS_ALLOWED);
    CHECK(fake.calls.back() == "cublasSetAtomicsMode(ALLOWED)");
  }
  reset_fake(CUBLAS_ATOMICS_ALLOWED, CUBLAS_TF32_TENSOR_OP_MATH);
  const auto ps = sc::check_handle(fake_handle());
  REQUIRE(ps.size() == 1);
  CHECK(ps[0].variable == "cublasMathMode");
  CHECK(ps[0].value == "CUBLAS_TF32_TENSOR_OP_MATH");
  // Noted for the fingerprint.
  const auto noted = sc::noted_problem_names();
  CHECK(std::count(noted.begin(), noted.end(), "cublasMathMode=CUBLAS_TF32_TENSOR_OP_MATH") == 1);
  reset_fake(CUBLAS_ATOMICS_ALLOWED, static_cast<cublasMath_t>(3 | 16));
  CHECK(sc::check_handle(fake_handle())[0].value ==
        "CUBLAS_TF32_TENSOR_OP_MATH | CUBLAS_MATH_DISALLOW_REDUCED_PRECISION_REDUCTION");
}

TEST_CASE("guard: tf32_policy::disable sets default math, keeps flags, restores",
          "[cuda][cublas][fake]") {
  const workspace_env ws(":4096:8");
  reset_fake(CUBLAS_ATOMICS_ALLOWED, static_cast<cublasMath_t>(CUBLAS_TF32_TENSOR_OP_MATH | 16));
  {
    const sc::cublas_determinism_guard guard(fake_handle(), sc::environment_policy::throw_error,
                                             sc::tf32_policy::disable);
    CHECK(guard.changed_math_mode());
    CHECK(static_cast<int>(fake.math) == (CUBLAS_DEFAULT_MATH | 16));
    CHECK(fake.calls == calls{"cublasGetAtomicsMode", "cublasGetMathMode",
                              "cublasSetAtomicsMode(NOT_ALLOWED)", "cublasSetMathMode(16)"});
  }
  CHECK(fake.calls == calls{"cublasGetAtomicsMode", "cublasGetMathMode",
                            "cublasSetAtomicsMode(NOT_ALLOWED)", "cublasSetMathMode(16)",
                            "cublasSetMathMode(19)", "cublasSetAtomicsMode(ALLOWED)"});
  CHECK(static_cast<int>(fake.math) == (CUBLAS_TF32_TENSOR_OP_MATH | 16));
  CHECK(fake.atomics == CUBLAS_ATOMICS_ALLOWED);
}

TEST_CASE("guard: the workspace variable under each policy", "[cuda][cublas][fake]") {
  for (const char* bad : {static_cast<const char*>(nullptr), ":4096:2"}) {
    const workspace_env ws(bad);
    reset_fake(CUBLAS_ATOMICS_ALLOWED, CUBLAS_DEFAULT_MATH);
    { const sc::cublas_determinism_guard quiet(fake_handle(), sc::environment_policy::report); }
    { const sc::cublas_determinism_guard loud(fake_handle(), sc::environment_policy::warn); }
    CHECK(fake.atomics == CUBLAS_ATOMICS_ALLOWED);
    reset_fake(CUBLAS_ATOMICS_ALLOWED, CUBLAS_DEFAULT_MATH);
    const std::string m = message_of(
        [] { sc::cublas_determinism_guard g(fake_handle(), sc::environment_policy::throw_error); });
    CHECK_THAT(m, Catch::Contains("CUBLAS_WORKSPACE_CONFIG"));
    CHECK_THAT(m, Catch::Contains("\":4096:8\" or \":16:8\""));
    CHECK(fake.atomics == CUBLAS_ATOMICS_ALLOWED);  // restored before the throw
  }
}

TEST_CASE("guard: a failing call throws with its status and leaves the handle as found",
          "[cuda][cublas][fake]") {
  const workspace_env ws(":4096:8");
  struct failure {
    const char* call;
    const char* expected_call;
  };
  const failure failures[] = {
      {"cublasGetAtomicsMode", "cublasGetAtomicsMode"},
      {"cublasGetMathMode", "cublasGetMathMode"},
      {"cublasSetAtomicsMode(NOT_ALLOWED)", "cublasSetAtomicsMode"},
      {"cublasSetMathMode(0)", "cublasSetMathMode"},
  };
  for (const failure& f : failures) {
    reset_fake(CUBLAS_ATOMICS_ALLOWED, CUBLAS_TF32_TENSOR_OP_MATH);
    fake.fail_call = f.call;
    const std::string m = message_of([] {
      sc::cublas_determinism_guard g(fake_handle(), sc::environment_policy::report,
                                     sc::tf32_policy::disable);
    });
    CHECK(m == std::string("seedkit::cuda: ") + f.expected_call +
                   " returned CUBLAS_STATUS_INTERNAL_ERROR (14; expected CUBLAS_STATUS_SUCCESS)");
    CHECK(fake.atomics == CUBLAS_ATOMICS_ALLOWED);
    CHECK(fake.math == CUBLAS_TF32_TENSOR_OP_MATH);
  }
  // A null handle: the first call reports it.
  reset_fake(CUBLAS_ATOMICS_ALLOWED, CUBLAS_DEFAULT_MATH);
  CHECK(message_of([] { sc::cublas_determinism_guard g(nullptr); }) ==
        "seedkit::cuda: cublasGetAtomicsMode returned CUBLAS_STATUS_NOT_INITIALIZED "
        "(1; expected CUBLAS_STATUS_SUCCESS)");
  CHECK(fake.calls == calls{"cublasGetAtomicsMode"});
}

TEST_CASE("check_environment(handle): the environment's problems, then the handle's",
          "[cuda][cublas][fake]") {
  const workspace_env ws(nullptr);
  reset_fake(CUBLAS_ATOMICS_ALLOWED, CUBLAS_TF32_TENSOR_OP_MATH);
  const auto ps = sc::check_environment(fake_handle());
  REQUIRE(ps.size() >= 2);
  CHECK(ps.front().variable == "CUBLAS_WORKSPACE_CONFIG");
  CHECK(ps.back().variable == "cublasMathMode");
  const std::string m =
      message_of([] { sc::check_environment(fake_handle(), sc::environment_policy::throw_error); });
  CHECK_THAT(m, Catch::StartsWith("seedkit::cuda::check_environment found "));
  CHECK_THAT(m, Catch::Contains("CUBLAS_TF32_TENSOR_OP_MATH"));
  CHECK(fake.calls == calls{"cublasGetMathMode", "cublasGetMathMode"});
}

// seedkit/cuda/environment.hpp: the checks of the variables that change GPU
// results, judged from a fake environment and from the process's; the
// policies; and the problems noted for the fingerprint. No CUDA needed.
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "support/errors.hpp"

#include "seedkit/cuda/environment.hpp"

namespace sc = seedkit::cuda;

namespace {

using seedkit_test::message_of;

sc::environment_lookup lookup_in(const std::map<std::string, std::string>& env) {
  return [env](const char* name) -> const char* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
}

std::vector<std::string> variables(const std::vector<sc::environment_problem>& ps) {
  std::vector<std::string> v;
  for (const auto& p : ps) v.push_back(p.variable);
  return v;
}

const std::map<std::string, std::string> clean_env = {{"CUBLAS_WORKSPACE_CONFIG", ":4096:8"},
                                                      {"NCCL_ALGO", "Ring,Tree"}};

}  // namespace

TEST_CASE("check_environment: a clean environment has no problems", "[cuda][environment]") {
  CHECK(sc::check_environment(sc::environment_policy::report, lookup_in(clean_env)).empty());
  CHECK(sc::check_environment(sc::environment_policy::throw_error, lookup_in(clean_env)).empty());
  auto alt = clean_env;
  alt["CUBLAS_WORKSPACE_CONFIG"] = ":16:8";
  alt["CUDA_LAUNCH_BLOCKING"] = "0";
  alt["NVIDIA_TF32_OVERRIDE"] = "0";
  alt["NCCL_ALGO"] = "^NVLS,nvlstree";
  CHECK(sc::check_environment(sc::environment_policy::report, lookup_in(alt)).empty());
  alt.erase("NCCL_ALGO");
  alt["NCCL_NVLS_ENABLE"] = "0";
  CHECK(sc::check_environment(sc::environment_policy::report, lookup_in(alt)).empty());
}

TEST_CASE("check_environment: each problem is found", "[cuda][environment]") {
  const auto only = [](const std::string& var, const char* value) {
    auto env = clean_env;
    if (value == nullptr) {
      env.erase(var);
    } else {
      env[var] = value;
    }
    return sc::check_environment(sc::environment_policy::report, lookup_in(env));
  };
  for (const char* bad :
       {static_cast<const char*>(nullptr), "", ":4096:2", ":4096:8:16:8", "4096:8"}) {
    const auto ps = only("CUBLAS_WORKSPACE_CONFIG", bad);
    REQUIRE(variables(ps) == std::vector<std::string>{"CUBLAS_WORKSPACE_CONFIG"});
    CHECK(ps[0].set == (bad != nullptr));
    CHECK_THAT(ps[0].message, Catch::Contains("\":4096:8\" or \":16:8\""));
  }
  for (const char* bad : {static_cast<const char*>(nullptr), "NVLS", "Ring,nvlstree", "^NVLS",
                          "allreduce:ring;broadcast:NVLS", "^Ring"}) {
    CHECK(variables(only("NCCL_ALGO", bad)) == std::vector<std::string>{"NCCL_ALGO"});
  }
  CHECK(only("NCCL_ALGO", "allreduce:ring,tree;broadcast:ring").empty());
  CHECK(variables(only("CUDA_LAUNCH_BLOCKING", "1")) ==
        std::vector<std::string>{"CUDA_LAUNCH_BLOCKING"});
  CHECK(variables(only("NVIDIA_TF32_OVERRIDE", "1")) ==
        std::vector<std::string>{"NVIDIA_TF32_OVERRIDE"});
  CHECK(variables(only("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE", "1")) ==
        std::vector<std::string>{"TORCH_ALLOW_TF32_CUBLAS_OVERRIDE"});
  const auto p = only("CUDA_LAUNCH_BLOCKING", "1");
  CHECK(p[0].set);
  CHECK(p[0].value == "1");
  CHECK_THAT(p[0].message, Catch::StartsWith("CUDA_LAUNCH_BLOCKING=\"1\""));
}

TEST_CASE("check_environment: the throw policy lists every problem", "[cuda][environment]") {
  const std::map<std::string, std::string> bad = {{"CUDA_LAUNCH_BLOCKING", "1"}};
  const std::string m = message_of(
      [&] { sc::check_environment(sc::environment_policy::throw_error, lookup_in(bad)); });
  CHECK_THAT(m, Catch::StartsWith("seedkit::cuda::check_environment found 3 problem(s):"));
  CHECK_THAT(m, Catch::Contains("CUBLAS_WORKSPACE_CONFIG is unset"));
  CHECK_THAT(m, Catch::Contains("NCCL_ALGO is unset"));
  CHECK_THAT(m, Catch::Contains("CUDA_LAUNCH_BLOCKING=\"1\""));
  CHECK(sc::check_environment(sc::environment_policy::warn, lookup_in(bad)).size() == 3);
}

TEST_CASE("check_environment reads the process environment", "[cuda][environment]") {
  // Whatever the variable was, it is put back.
  const char* before = std::getenv("CUBLAS_WORKSPACE_CONFIG");
  const std::string saved = before != nullptr ? before : "";
  setenv("CUBLAS_WORKSPACE_CONFIG", ":16:8", 1);
  const auto good = variables(sc::check_environment());
  CHECK(std::find(good.begin(), good.end(), "CUBLAS_WORKSPACE_CONFIG") == good.end());
  setenv("CUBLAS_WORKSPACE_CONFIG", ":1:1", 1);
  const auto v = variables(sc::check_environment());
  CHECK(std::find(v.begin(), v.end(), "CUBLAS_WORKSPACE_CONFIG") != v.end());
  if (before != nullptr) {
    setenv("CUBLAS_WORKSPACE_CONFIG", saved.c_str(), 1);
  } else {
    unsetenv("CUBLAS_WORKSPACE_CONFIG");
  }
}

TEST_CASE("apply_policy: report is silent, throw_error lists the problems", "[cuda][environment]") {
  const std::vector<sc::environment_problem> none;
  CHECK_NOTHROW(sc::apply_policy(none, sc::environment_policy::throw_error, "who"));
  const std::vector<sc::environment_problem> two = {{"A", true, "1", "A is wrong"},
                                                    {"B", false, "", "B is missing"}};
  CHECK_NOTHROW(sc::apply_policy(two, sc::environment_policy::report, "who"));
  CHECK_NOTHROW(sc::apply_policy(two, sc::environment_policy::warn, "who"));
  CHECK(message_of([&] { sc::apply_policy(two, sc::environment_policy::throw_error, "who"); }) ==
        "who found 2 problem(s):\n  A is wrong\n  B is missing");
}

TEST_CASE("note_problems: noted once, listed sorted, safe from threads", "[cuda][environment]") {
  const auto has = [](const std::string& entry) {
    const auto v = sc::noted_problem_names();
    return std::count(v.begin(), v.end(), entry);
  };
  CHECK(has("test.zeta=2") == 0);
  sc::note_problems({{"test.zeta", true, "2", "m"}, {"test.alpha", false, "", "m"}});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 100; ++i) {
        sc::note_problems({{"test.thread", true, std::to_string(t), "m"}});
        (void)sc::noted_problem_names();
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(has("test.zeta=2") == 1);
  CHECK(has("test.alpha=(unset)") == 1);
  for (int t = 0; t < 4; ++t) CHECK(has("test.thread=" + std::to_string(t)) == 1);
  const auto v = sc::noted_problem_names();
  CHECK(std::is_sorted(v.begin(), v.end()));
}

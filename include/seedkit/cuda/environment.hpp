// seedkit/cuda/environment.hpp: the environment switches that change GPU
// results or their run-to-run determinism, checked without CUDA.
//
// check_environment() reads CUBLAS_WORKSPACE_CONFIG, NCCL_ALGO,
// CUDA_LAUNCH_BLOCKING and the TF32 overrides and returns one
// environment_problem per problem, then reports, warns or throws as asked.
// Problems found at run time on a cuBLAS handle (a TF32 math mode, see
// seedkit/cuda/cuda.hpp) are noted here too, so that the environment fingerprint
// (seedkit/record/fingerprint.hpp) can record every problem of the run without
// including a CUDA header. This header needs only the standard library: it
// belongs to the core, and the CUDA add-on builds on it.
#ifndef SEEDKIT_CUDA_ENVIRONMENT_HPP
#define SEEDKIT_CUDA_ENVIRONMENT_HPP

#include <algorithm>    // sort, find
#include <cstdio>       // fprintf, stderr
#include <cstdlib>      // getenv, size_t
#include <functional>   // function
#include <mutex>        // mutex, lock_guard
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <utility>      // move, pair
#include <vector>       // vector

#include "seedkit/config.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE

namespace cuda {

// What a check does with the problems it finds: return them (report), also
// print each to stderr (warn), or throw one seedkit::error listing them all
// (throw_error).
// Stability: api: the interface is stable within a major version.
enum class environment_policy { report, warn, throw_error };

// One setting whose value (or absence) can change GPU results or their
// run-to-run determinism: an environment variable, or a property of a
// library handle (then `variable` names it, e.g. "cublasMathMode").
// Stability: api: the interface is stable within a major version.
struct environment_problem {
  std::string variable;  // e.g. "CUBLAS_WORKSPACE_CONFIG"
  bool set = false;      // whether it is set at all
  std::string value;     // its value when set
  std::string message;   // a sentence: what is wrong and what is accepted
};

// Looks up an environment variable: the value, or nullptr when unset.
using environment_lookup = std::function<const char*(const char*)>;

namespace detail {

inline std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return r;
}

inline std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      std::string_view piece = s.substr(begin, i - begin);
      while (!piece.empty() && piece.front() == ' ') piece.remove_prefix(1);
      while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
      out.emplace_back(piece);
      begin = i + 1;
    }
  }
  return out;
}

// Whether an NCCL_ALGO value lets NCCL choose NVLS or NVLSTree. Forms: a
// list "Ring,Tree", an exclusion list "^NVLS,NVLSTree", or per-collective
// lists "allreduce:tree,ring;broadcast:ring" (each part judged alike).
inline bool nccl_algo_allows_nvls(std::string_view value) {
  for (const std::string& part : split(value, ';')) {
    std::string_view list = part;
    const std::size_t colon = list.find(':');
    if (colon != std::string_view::npos) list = list.substr(colon + 1);
    bool exclude = false;
    if (!list.empty() && list.front() == '^') {
      exclude = true;
      list.remove_prefix(1);
    }
    bool nvls = false, nvls_tree = false;
    for (const std::string& algo : split(list, ',')) {
      const std::string a = lower(algo);
      nvls = nvls || a == "nvls";
      nvls_tree = nvls_tree || a == "nvlstree";
    }
    if (exclude ? !(nvls && nvls_tree) : (nvls || nvls_tree)) return true;
  }
  return false;
}

// The problems noted during this run by checks of library handles
// (note_problems), by variable name and value; guarded for threads.
struct noted_problems {
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> entries;
};
inline noted_problems& noted() {
  static noted_problems n;
  return n;
}

}  // namespace detail

// Applies `policy` to `problems` found by `who` (a name for messages, e.g.
// "seedkit::cuda::check_environment"): report does nothing, warn prints
// each message to stderr, throw_error throws one seedkit::error listing
// them all when there is any.
// Stability: api: the interface is stable within a major version.
inline void apply_policy(const std::vector<environment_problem>& problems,
                         environment_policy policy, std::string_view who) {
  if (policy == environment_policy::warn) {
    for (const environment_problem& p : problems) {
      std::fprintf(stderr, "seedkit::cuda warning: %s\n", p.message.c_str());
    }
  } else if (policy == environment_policy::throw_error && !problems.empty()) {
    std::string all =
        std::string(who) + " found " + std::to_string(problems.size()) + " problem(s):";
    for (const environment_problem& p : problems) all += "\n  " + p.message;
    throw error(all);
  }
}

// Remembers `problems` for the rest of the process, so that
// noted_problem_names() (and with it the environment fingerprint) lists
// them. The cuBLAS checks of seedkit/cuda/cuda.hpp call it for what they find on
// a handle; call it for problems of your own. Thread-safe.
// Stability: api: the interface is stable within a major version.
inline void note_problems(const std::vector<environment_problem>& problems) {
  detail::noted_problems& n = detail::noted();
  const std::lock_guard<std::mutex> lock(n.mutex);
  for (const environment_problem& p : problems) {
    std::pair<std::string, std::string> e(p.variable, p.set ? p.value : "(unset)");
    if (std::find(n.entries.begin(), n.entries.end(), e) == n.entries.end()) {
      n.entries.push_back(std::move(e));
    }
  }
}

// The problems noted so far, as sorted "variable=value" strings.
// Stability: api: the interface is stable within a major version.
inline std::vector<std::string> noted_problem_names() {
  detail::noted_problems& n = detail::noted();
  std::vector<std::string> out;
  {
    const std::lock_guard<std::mutex> lock(n.mutex);
    for (const auto& e : n.entries) out.push_back(e.first + "=" + e.second);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The environment problems for reproducible GPU work, judged from `lookup`:
//   CUBLAS_WORKSPACE_CONFIG  must be ":4096:8" or ":16:8" (cuBLAS is
//                            deterministic per stream only with a pinned
//                            workspace); unset or any other value is reported.
//   NCCL_ALGO                reported when it allows NVLS or NVLSTree (unset
//                            allows them) unless NCCL_NVLS_ENABLE=0: NVLink
//                            SHARP reductions are not order-stable.
//   CUDA_LAUNCH_BLOCKING     reported when set to anything but "0": a
//                            debugging switch; results must not depend on it.
//   NVIDIA_TF32_OVERRIDE     reported when set to anything but "0" (only 0,
//                            which disables TF32, is defined).
//   TORCH_ALLOW_TF32_CUBLAS_OVERRIDE  reported when set to anything but "0":
//                            it forces TF32 in PyTorch's cuBLAS matmuls.
// Then applies `policy`. Pure logic: no CUDA call is made. (A cuBLAS
// handle's TF32 math mode is checked by the overload in seedkit/cuda/cuda.hpp.)
// Stability: api: the interface is stable within a major version.
inline std::vector<environment_problem> check_environment(environment_policy policy,
                                                          const environment_lookup& lookup) {
  std::vector<environment_problem> problems;
  const auto add = [&](const char* variable, const char* value, std::string message) {
    problems.push_back(
        {variable, value != nullptr, value != nullptr ? value : "", std::move(message)});
  };
  const auto shown = [](const char* variable, const char* value) {
    return value == nullptr ? std::string(variable) + " is unset"
                            : std::string(variable) + "=\"" + value + "\"";
  };

  if (const char* v = lookup("CUBLAS_WORKSPACE_CONFIG");
      v == nullptr || (std::string_view(v) != ":4096:8" && std::string_view(v) != ":16:8")) {
    add("CUBLAS_WORKSPACE_CONFIG", v,
        shown("CUBLAS_WORKSPACE_CONFIG", v) +
            ": cuBLAS results are run-to-run deterministic only with a pinned workspace; "
            "set it to \":4096:8\" or \":16:8\"");
  }
  const char* nvls_enable = lookup("NCCL_NVLS_ENABLE");
  const bool nvls_off = nvls_enable != nullptr && std::string_view(nvls_enable) == "0";
  if (const char* v = lookup("NCCL_ALGO");
      !nvls_off && (v == nullptr || detail::nccl_algo_allows_nvls(v))) {
    add("NCCL_ALGO", v,
        shown("NCCL_ALGO", v) +
            " allows NCCL's NVLS/NVLSTree algorithms, whose in-switch reductions are not "
            "order-stable; set NCCL_ALGO to a list without them (e.g. \"Ring,Tree\" or "
            "\"^NVLS,NVLSTree\") or NCCL_NVLS_ENABLE=0");
  }
  if (const char* v = lookup("CUDA_LAUNCH_BLOCKING"); v != nullptr && std::string_view(v) != "0") {
    add("CUDA_LAUNCH_BLOCKING", v,
        shown("CUDA_LAUNCH_BLOCKING", v) +
            " is a debugging switch that serializes kernel launches; unset it (or set \"0\") "
            "for runs meant to be reproduced");
  }
  for (const char* name : {"NVIDIA_TF32_OVERRIDE", "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE"}) {
    if (const char* v = lookup(name); v != nullptr && std::string_view(v) != "0") {
      add(name, v,
          shown(name, v) +
              " overrides the TF32 math mode; only \"0\" (TF32 off) or leaving it unset is "
              "accepted");
    }
  }
  apply_policy(problems, policy, "seedkit::cuda::check_environment");
  return problems;
}

// The same, judged from the process environment (std::getenv).
// Example: seedkit::cuda::check_environment(seedkit::cuda::environment_policy::throw_error);
// Stability: api: the interface is stable within a major version.
inline std::vector<environment_problem> check_environment(
    environment_policy policy = environment_policy::report) {
  return check_environment(policy,
                           [](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace cuda

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDA_ENVIRONMENT_HPP

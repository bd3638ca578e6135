// seedkit/record/fingerprint.hpp: what in the build and the environment decides the
// bits of a run.
//
// A seed alone does not reproduce a run: the compiler, -ffast-math, FMA
// contraction, the FTZ/DAZ state, thread-count variables and the CUDA
// libraries' switches matter too. fingerprint::current() records them as
// name/value entries, each tagged with what it can change: seedkit's streams,
// seedkit's reductions and distributions, or only other code (a BLAS, the
// standard library's distributions, a framework). diff() lists the entries
// that differ between two fingerprints. Part of the seedkit::record
// add-on (host-only; POSIX for the OS name).
#ifndef SEEDKIT_RECORD_FINGERPRINT_HPP
#define SEEDKIT_RECORD_FINGERPRINT_HPP

#include <algorithm>    // sort
#include <cfloat>       // DBL_MIN
#include <cstdlib>      // getenv, size_t
#include <fstream>      // ifstream
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <thread>       // thread
#include <vector>       // vector

#include "seedkit/config.hpp"
#include "seedkit/cuda/environment.hpp"
#include "seedkit/record/detail/json.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/version.hpp"

#if SEEDKIT_POSIX
#  include <sys/utsname.h>
extern "C" char** environ;  // POSIX: the process environment (C linkage, as <unistd.h> declares it)
#endif

SEEDKIT_BEGIN_NAMESPACE

// What a fingerprint entry can change (a bit set).
// Stability: informational: the information stays, the wording may change.
enum affects : unsigned {
  affects_nothing = 0,
  affects_streams = 1,  // seedkit's keys and streams
  affects_float = 2,    // seedkit's distributions and reductions (floating point)
  affects_other = 4,    // other code only: BLAS, std:: distributions, frameworks
};

// "streams", "float", "other", joined by '+'; "nothing" for 0.
inline std::string affects_names(unsigned a) {
  std::string out;
  const auto add = [&](unsigned bit, const char* name) {
    if (a & bit) out += (out.empty() ? "" : "+") + std::string(name);
  };
  add(affects_streams, "streams");
  add(affects_float, "float");
  add(affects_other, "other");
  return out.empty() ? "nothing" : out;
}

// The inverse of affects_names: "nothing", or one or more of "streams",
// "float", "other" joined by '+'. Throws seedkit::error naming the text for
// anything else (a substring such as "nostreams" is not "streams").
inline unsigned affects_from_names(std::string_view s) {
  if (s == "nothing") return affects_nothing;
  unsigned a = 0;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = s.find('+', begin);
    const std::string_view token =
        s.substr(begin, end == std::string_view::npos ? s.npos : end - begin);
    if (token == "streams") {
      a |= affects_streams;
    } else if (token == "float") {
      a |= affects_float;
    } else if (token == "other") {
      a |= affects_other;
    } else {
      throw error("seedkit: affects \"" + detail::utf8_or_hex(s) +
                  "\" is not accepted: \"nothing\", or \"streams\", \"float\" and \"other\" "
                  "joined by '+'");
    }
    if (end == std::string_view::npos) return a;
    begin = end + 1;
  }
}

// One recorded fact: e.g. {"compiler", "g++ 12.2.0", affects_other}.
struct fingerprint_entry {
  std::string name;
  std::string value;
  unsigned affects = affects_other;
};

// One entry that differs between two fingerprints ("" where absent).
struct fingerprint_difference {
  std::string name;
  std::string a;
  std::string b;
  unsigned affects = affects_other;
};

namespace detail {

// 1 when this translation unit's compiler fused a*b+c into an FMA. The
// operands come through volatile so nothing is folded at compile time;
// (1 + 2^-30)^2 - (1 + 2^-29) is exactly 2^-60 with one rounding and 0
// with two.
inline bool fp_contraction_probe() {
  volatile double va = 1.0 + 0x1p-30;
  volatile double vc = -(1.0 + 0x1p-29);
  const double a = va, c = vc;
  const double r = a * a + c;  // the expression under test: do not rewrite
  return r != 0.0;
}

inline bool ftz_probe() {  // results that would be subnormal come out as 0
  volatile double tiny = DBL_MIN;
  const double half = tiny / 2.0;
  return half == 0.0;
}

inline bool daz_probe() {  // subnormal inputs are read as 0
  volatile double sub = DBL_MIN / 4.0;
  volatile double big = 0x1p60;
  const double product = sub * big;
  return product == 0.0;
}

inline std::string compiler_name() { return SEEDKIT_COMPILER_NAME; }

inline std::string standard_library() { return SEEDKIT_STDLIB_NAME; }

inline std::string architecture() {
#if defined(__x86_64__) || defined(_M_X64)
  return "x86_64";
#elif defined(__aarch64__) || defined(_M_ARM64)
  return "aarch64";
#elif defined(__i386__) || defined(_M_IX86)
  return "x86";
#elif defined(__powerpc64__)
  return "ppc64";
#else
  return "unknown";
#endif
}

inline std::string isa_flags() {
  std::string f;
  const auto add = [&](bool on, const char* name) {
    if (on) f += (f.empty() ? "" : " ") + std::string(name);
  };
#if defined(__SSE2__)
  add(true, "sse2");
#endif
#if defined(__SSE4_2__)
  add(true, "sse4.2");
#endif
#if defined(__AVX__)
  add(true, "avx");
#endif
#if defined(__AVX2__)
  add(true, "avx2");
#endif
#if defined(__FMA__)
  add(true, "fma");
#endif
#if defined(__AVX512F__)
  add(true, "avx512f");
#endif
#if defined(__ARM_NEON)
  add(true, "neon");
#endif
#if defined(__ARM_FEATURE_FMA)
  add(true, "arm-fma");
#endif
  return f.empty() ? "none" : f;
}

inline std::string os_name() {
#if SEEDKIT_POSIX
  struct utsname u {};
  if (uname(&u) == 0) return std::string(u.sysname) + " " + u.release + " " + u.machine;
#endif
#if defined(_WIN32)
  return "windows";
#else
  return "unknown";
#endif
}

inline std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) {
        std::size_t b = colon + 1;
        while (b < line.size() && line[b] == ' ') ++b;
        return line.substr(b);
      }
    }
  }
  return "unknown";
}

// The GPU reproducibility problems of this process: the variables
// seedkit::cuda::check_environment reports, then the problems noted during
// the run (a cuBLAS handle in TF32 mode found by the CUDA add-on), as
// "name=value" joined by "; ", or "none".
inline std::string cuda_problems() {
  std::vector<std::string> names;
  for (const cuda::environment_problem& p :
       cuda::check_environment(cuda::environment_policy::report)) {
    names.push_back(p.variable + "=" + (p.set ? p.value : "(unset)"));
  }
  for (std::string& n : cuda::noted_problem_names()) names.push_back(std::move(n));
  if (names.empty()) return "none";
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : "; ") + n;
  return out;
}

}  // namespace detail

// The environment variables that can change results, as listed in the
// fingerprint (every SEEDKIT_* variable is added as well).
// Stability: informational: the information stays, the wording may change.
inline const std::vector<std::string>& fingerprint_variables() {
  static const std::vector<std::string> names = {"OMP_NUM_THREADS",
                                                 "MKL_NUM_THREADS",
                                                 "OPENBLAS_NUM_THREADS",
                                                 "CUBLAS_WORKSPACE_CONFIG",
                                                 "CUDA_VISIBLE_DEVICES",
                                                 "CUDA_LAUNCH_BLOCKING",
                                                 "NCCL_ALGO",
                                                 "NCCL_NVLS_ENABLE",
                                                 "NVIDIA_TF32_OVERRIDE",
                                                 "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE",
                                                 "TF_DETERMINISTIC_OPS",
                                                 "PYTHONHASHSEED"};
  return names;
}

// A set of entries, in a fixed order.
class fingerprint {
 public:
  std::vector<fingerprint_entry> entries;

  // The build and the environment of this process. Compiler-dependent
  // entries (compiler, isa, fast_math, fp_contraction) describe the flags
  // of the translation unit that first instantiates these inline functions:
  // call it from the code whose flags matter (normally main's).
  static fingerprint current() {
    fingerprint f;
    const unsigned all_seedkit = affects_streams | affects_float;
    f.add("seedkit.version", SEEDKIT_VERSION_STRING, all_seedkit);
    f.add("seedkit.stream_version", std::to_string(SEEDKIT_STREAM_VERSION), affects_streams);
    f.add("compiler", detail::compiler_name(), affects_other);
    f.add("standard_library", detail::standard_library(), affects_other);
    f.add("cplusplus", std::to_string(static_cast<long>(SEEDKIT_CPLUSPLUS)), affects_other);
    f.add("architecture", detail::architecture(), affects_other);
    f.add("isa", detail::isa_flags(), affects_other);
    f.add("fast_math", SEEDKIT_FAST_MATH ? "1" : "0", affects_float | affects_other);
    f.add("seedkit.float_bit_identical", distributions_bit_identical ? "1" : "0", affects_float);
    f.add("fp_contraction", detail::fp_contraction_probe() ? "1" : "0", affects_other);
    f.add("ftz", detail::ftz_probe() ? "1" : "0", affects_float | affects_other);
    f.add("daz", detail::daz_probe() ? "1" : "0", affects_float | affects_other);
    f.add("os", detail::utf8_or_hex(detail::os_name()), affects_other);
    f.add("cpu", detail::utf8_or_hex(detail::cpu_model()), affects_other);
    f.add("hardware_threads", std::to_string(std::thread::hardware_concurrency()), affects_other);
    for (const std::string& v : fingerprint_variables()) {
      const char* value = std::getenv(v.c_str());
      f.add("env." + v, value ? detail::utf8_or_hex(value) : "(unset)", affects_other);
    }
    f.add("cuda.problems", detail::cuda_problems(), affects_other);
    std::vector<std::string> seedkit_vars;
#if SEEDKIT_POSIX
    for (char** e = environ; e && *e; ++e) {
      const std::string_view kv(*e);
      if (kv.rfind("SEEDKIT_", 0) == 0) seedkit_vars.emplace_back(kv);
    }
#endif
    std::sort(seedkit_vars.begin(), seedkit_vars.end());
    for (const std::string& kv : seedkit_vars) {
      const auto eq = kv.find('=');
      const std::string name = kv.substr(0, eq);
      const unsigned a =
          (name == "SEEDKIT_SEED" || name == "SEEDKIT_REPLAY") ? affects_streams : affects_other;
      f.add("env." + detail::utf8_or_hex(name),
            eq == std::string::npos ? "" : detail::utf8_or_hex(kv.substr(eq + 1)), a);
    }
    return f;
  }

  void add(std::string name, std::string value, unsigned a) {
    entries.push_back({std::move(name), std::move(value), a});
  }

  // The entry called `name`, or nullptr.
  const fingerprint_entry* find(std::string_view name) const {
    for (const auto& e : entries) {
      if (e.name == name) return &e;
    }
    return nullptr;
  }
};

// The entries whose values differ, and those present in only one, in a's
// order then b's. An entry absent from one side shows "" there; environment
// variables recorded as "(unset)" compare like any value.
inline std::vector<fingerprint_difference> diff(const fingerprint& a, const fingerprint& b) {
  std::vector<fingerprint_difference> out;
  for (const auto& e : a.entries) {
    const fingerprint_entry* o = b.find(e.name);
    if (!o) {
      out.push_back({e.name, e.value, "", e.affects});
    } else if (o->value != e.value) {
      out.push_back({e.name, e.value, o->value, e.affects | o->affects});
    }
  }
  for (const auto& e : b.entries) {
    if (!a.find(e.name)) out.push_back({e.name, "", e.value, e.affects});
  }
  return out;
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_RECORD_FINGERPRINT_HPP

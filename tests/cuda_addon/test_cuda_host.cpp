// The CUDA add-on's host parts, on the CPU: the cuRAND host generator's words
// against the documented layout of seedkit streams, cuRAND/cuBLAS errors as
// seedkit::error with the status name, the environment checks, and the host
// reference of the deterministic device sum. No GPU is needed; where one is
// present the device-generator and cuBLAS tests also take their success path.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "seedkit/cuda.hpp"

namespace sc = seedkit::cuda;

namespace {

// The layout docs/cuda.md and the curand_generator comment promise.
std::uint32_t documented_word(std::uint64_t seed, std::uint64_t n) {
  const seedkit::stream s(seedkit::key::from_words(seed, (n / 4) % 65536));
  return s.word(4 * (n / 262144) + n % 4);
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const seedkit::error& e) {
    return e.what();
  }
  return "(no seedkit::error thrown)";
}

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

const std::map<std::string, std::string> clean_env = {
    {"CUBLAS_WORKSPACE_CONFIG", ":4096:8"}, {"NCCL_ALGO", "Ring,Tree"}};

}  // namespace

TEST_CASE("the generator's seed is derived from both words of the key", "[cuda][curand]") {
  const seedkit::key k = seedkit::key(2026) / "dropout";
  CHECK(sc::curand_generator::seed_for_key(k) == (k / "seedkit" / "curand_generator").seed());
  CHECK(sc::curand_generator::seed_for_key(k) != k.seed());
  const seedkit::key other = seedkit::key::from_words(k.seed(), k.subsequence() + 1);
  CHECK(sc::curand_generator::seed_for_key(other) != sc::curand_generator::seed_for_key(k));
  static_assert(sc::curand_generator::seed_for_key(seedkit::key(1)) ==
                    (seedkit::key(1) / "seedkit/curand_generator").seed(),
                "seed_for_key is constexpr");
}

TEST_CASE("legacy ordering on the host: 65536 subsequences, four words each in turn",
          "[cuda][curand]") {
  // dependencies.md section 6: seed 42 gives 4 words of subsequence 0, then 4
  // of subsequence 1 (Random123 philox4x32_10 key {42, 0}).
  auto gen = sc::curand_generator::host(seedkit::key(1));
  sc::check(curandSetPseudoRandomGeneratorSeed(gen.get(), 42), "curandSetPseudoRandomGeneratorSeed");
  sc::check(curandSetGeneratorOffset(gen.get(), 0), "curandSetGeneratorOffset");
  std::vector<unsigned> w(8);
  gen.generate(w.data(), w.size());
  CHECK(w == std::vector<unsigned>{2632642643u, 2012563771u, 314527917u, 1463989207u, 43202409u,
                                   542238995u, 996716600u, 3056353436u});
}

TEST_CASE("a host generator's words follow the documented layout", "[cuda][curand]") {
  for (const seedkit::key k : {seedkit::key(0), seedkit::key(12321) / "data/shuffle",
                               seedkit::key(7) / 3 / "x"}) {
    auto gen = sc::curand_generator::host(k);
    REQUIRE(gen.location() == sc::curand_location::host);
    REQUIRE(gen.seed() == sc::curand_generator::seed_for_key(k));
    // Successive calls continue the sequence; the first crosses into block 1
    // of every subsequence (word 262144 onward).
    std::uint64_t n = 0;
    int mismatches = 0;
    for (const std::size_t len : {std::size_t{1}, std::size_t{3}, std::size_t{10}, std::size_t{262144},
                                  std::size_t{1000}}) {
      std::vector<unsigned> w(len);
      gen.generate(w.data(), len);
      for (std::size_t i = 0; i < len; ++i) mismatches += w[i] != documented_word(gen.seed(), n + i);
      n += len;
    }
    CHECK(mismatches == 0);
    // set_offset is an absolute word position.
    for (const std::uint64_t offset : {std::uint64_t{0}, std::uint64_t{5}, std::uint64_t{262147},
                                       std::uint64_t{1} << 40}) {
      gen.set_offset(offset);
      std::vector<unsigned> w(9);
      gen.generate(w.data(), w.size());
      for (std::size_t i = 0; i < w.size(); ++i) {
        CHECK(w[i] == documented_word(gen.seed(), offset + i));
      }
    }
  }
}

TEST_CASE("a named stream's generator is the generator of key_for(path)", "[cuda][curand]") {
  seedkit::init(424242);
  auto a = sc::curand_generator(std::string_view("model/dropout"), sc::curand_location::host);
  auto b = sc::curand_generator::host(seedkit::key(424242) / "model/dropout");
  CHECK(a.seed() == b.seed());
  std::vector<unsigned> wa(16), wb(16);
  a.generate(wa.data(), wa.size());
  b.generate(wb.data(), wb.size());
  CHECK(wa == wb);
  seedkit::reset();
}

TEST_CASE("cuRAND failures are seedkit::error naming the call and status", "[cuda][curand]") {
  const std::string m = message_of([] { sc::check(CURAND_STATUS_OUT_OF_RANGE, "curandFoo"); });
  CHECK(m == "seedkit::cuda: curandFoo returned CURAND_STATUS_OUT_OF_RANGE (expected CURAND_STATUS_SUCCESS)");
  CHECK(sc::curand_status_name(CURAND_STATUS_NOT_INITIALIZED) == "CURAND_STATUS_NOT_INITIALIZED");
  CHECK(sc::curand_status_name(static_cast<curandStatus_t>(77)) == "CURAND_STATUS_77");
  CHECK_NOTHROW(sc::check(CURAND_STATUS_SUCCESS, "curandFoo"));

  // A real refusal: a quasirandom ordering on a pseudorandom generator.
  auto gen = sc::curand_generator::host(seedkit::key(3));
  const std::string real = message_of([&] {
    sc::check(curandSetGeneratorOrdering(gen.get(), CURAND_ORDERING_QUASI_DEFAULT),
              "curandSetGeneratorOrdering");
  });
  CHECK_THAT(real, Catch::Contains("curandSetGeneratorOrdering returned CURAND_STATUS_OUT_OF_RANGE"));

  // Moved-from generators refuse to generate.
  auto moved = std::move(gen);
  CHECK(gen.get() == nullptr);
  CHECK(moved.get() != nullptr);
  unsigned w = 0;
  CHECK_THAT(message_of([&] { gen.generate(&w, 1); }), Catch::Contains("moved from"));
}

TEST_CASE("a device generator needs a GPU; without one the error names the status",
          "[cuda][curand]") {
  int devices = 0;
  const bool gpu = cudaGetDeviceCount(&devices) == cudaSuccess && devices > 0;
  if (gpu) {
    sc::curand_generator gen(seedkit::key(5));
    CHECK(gen.location() == sc::curand_location::device);
  } else {
    const std::string m = message_of([] { sc::curand_generator gen(seedkit::key(5)); });
    CHECK_THAT(m, Catch::StartsWith("seedkit::cuda: curandCreateGenerator returned CURAND_STATUS_"));
  }
}

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
  for (const char* bad : {static_cast<const char*>(nullptr), "", ":4096:2", ":4096:8:16:8", "4096:8"}) {
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
  CHECK(variables(only("CUDA_LAUNCH_BLOCKING", "1")) == std::vector<std::string>{"CUDA_LAUNCH_BLOCKING"});
  CHECK(variables(only("NVIDIA_TF32_OVERRIDE", "1")) == std::vector<std::string>{"NVIDIA_TF32_OVERRIDE"});
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
  // ctest sets CUBLAS_WORKSPACE_CONFIG=:4096:8 for this executable.
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

TEST_CASE("the cuBLAS guard reports a null handle with the status name", "[cuda][cublas]") {
  const std::string m = message_of([] { sc::cublas_determinism_guard guard(nullptr); });
  CHECK(m == "seedkit::cuda: cublasGetAtomicsMode returned CUBLAS_STATUS_NOT_INITIALIZED "
             "(1; expected CUBLAS_STATUS_SUCCESS)");
  CHECK_THAT(message_of([] { sc::check(CUBLAS_STATUS_INVALID_VALUE, "cublasFoo"); }),
             Catch::Contains("cublasFoo returned CUBLAS_STATUS_INVALID_VALUE"));
}

TEST_CASE("the cuBLAS guard forbids atomics and restores the mode (GPU only)", "[cuda][cublas]") {
  cublasHandle_t h = nullptr;
  if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
    WARN("cuBLAS guard success path not run: cublasCreate failed (no CUDA device)");
    return;
  }
  sc::check(cublasSetAtomicsMode(h, CUBLAS_ATOMICS_ALLOWED), "cublasSetAtomicsMode");
  {
    sc::cublas_determinism_guard guard(h, sc::environment_policy::report);
    cublasAtomicsMode_t mode{};
    sc::check(cublasGetAtomicsMode(h, &mode), "cublasGetAtomicsMode");
    CHECK(mode == CUBLAS_ATOMICS_NOT_ALLOWED);
    CHECK(guard.previous_mode() == CUBLAS_ATOMICS_ALLOWED);
  }
  cublasAtomicsMode_t after{};
  sc::check(cublasGetAtomicsMode(h, &after), "cublasGetAtomicsMode");
  CHECK(after == CUBLAS_ATOMICS_ALLOWED);
  cublasDestroy(h);
}

namespace {
// An independent statement of the chunk order: lane sums, then the halving
// strides written as a recursion: join(start, step) combines the lanes
// congruent to start modulo step, evens before odds.
template <class T>
T tree(const std::vector<T>& lanes, std::size_t start, std::size_t step) {
  if (step == lanes.size()) return lanes[start];
  return tree(lanes, start, 2 * step) + tree(lanes, start + step, 2 * step);
}
template <class T>
T chunk_by_definition(const T* x, std::size_t n) {
  std::vector<T> lanes(256, T(-0.0));
  for (std::size_t i = 0; i < n; ++i) lanes[i % 256] = lanes[i % 256] + x[i];
  return tree(lanes, 0, 1);
}
template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}
}  // namespace

TEMPLATE_TEST_CASE("the device sum's host reference follows its documented order", "[cuda][sum]",
                   float, double) {
  seedkit::stream s(seedkit::key(99) / "cuda/sum");
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{255}, std::size_t{4096},
                              std::size_t{4097}, std::size_t{3 * 4096 + 17}, std::size_t{100000}}) {
    std::vector<TestType> x(n);
    for (auto& v : x) {
      // Mixed magnitudes and signs, so the order shows in the bits.
      const std::uint64_t w = s();
      v = static_cast<TestType>(std::ldexp(static_cast<double>(w >> 11) / 9007199254740992.0 - 0.5,
                                           static_cast<int>(w & 31) - 10));
    }
    std::vector<TestType> partials;
    for (std::size_t b = 0; b < n; b += 4096) {
      const std::size_t len = n - b < 4096 ? n - b : 4096;
      partials.push_back(chunk_by_definition(x.data() + b, len));
      CHECK(same_bits(sc::sum_chunk_partial_host(x.data() + b, len), partials.back()));
    }
    CHECK(same_bits(sc::device_sum_reference(x.data(), n), seedkit::pairwise_sum(partials)));
  }
  // Exact on integers; an empty sum is +0.0.
  std::vector<TestType> ints(10000);
  for (std::size_t i = 0; i < ints.size(); ++i) ints[i] = static_cast<TestType>(i % 100);
  CHECK(sc::device_sum_reference(ints.data(), ints.size()) == TestType(495000));
  CHECK(same_bits(sc::device_sum_reference(ints.data(), 0), TestType(0)));
}

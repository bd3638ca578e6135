// Tests for seedkit/record/fingerprint.hpp.
#include "seedkit/record/fingerprint.hpp"

#include <stdlib.h>

#include <string>

#include <catch2/catch.hpp>

TEST_CASE("the fingerprint records what decides the bits", "[fingerprint]") {
  ::setenv("OMP_NUM_THREADS", "3", 1);
  ::setenv("SEEDKIT_SOMETHING", "x", 1);
  const seedkit::fingerprint f = seedkit::fingerprint::current();
  for (const char* name :
       {"seedkit.version", "seedkit.stream_version", "compiler", "standard_library", "cplusplus",
        "architecture", "isa", "fast_math", "fp_contraction", "ftz", "daz", "os", "cpu",
        "hardware_threads", "env.CUBLAS_WORKSPACE_CONFIG", "env.PYTHONHASHSEED"}) {
    INFO(name);
    CHECK(f.find(name) != nullptr);
  }
  CHECK(f.find("env.OMP_NUM_THREADS")->value == "3");
  CHECK(f.find("env.SEEDKIT_SOMETHING")->value == "x");
  CHECK(f.find("fast_math")->value == (SEEDKIT_FAST_MATH ? "1" : "0"));
#if defined(__clang__)
  CHECK(f.find("compiler")->value.rfind("clang++ ", 0) == 0);
#elif defined(__GNUC__)
  CHECK(f.find("compiler")->value.rfind("g++ ", 0) == 0);
#endif
#if defined(_LIBCPP_VERSION)
  CHECK(f.find("standard_library")->value.rfind("libc++", 0) == 0);
#else
  CHECK(f.find("standard_library")->value.rfind("libstdc++", 0) == 0);
#endif
  CHECK(f.find("ftz")->value == "0");  // nothing in the test program sets FTZ
  ::unsetenv("OMP_NUM_THREADS");
  ::unsetenv("SEEDKIT_SOMETHING");
}

TEST_CASE("the fingerprint records the GPU reproducibility problems", "[fingerprint][cuda]") {
  ::setenv("CUBLAS_WORKSPACE_CONFIG", ":4096:8", 1);
  ::setenv("NCCL_ALGO", "Ring,Tree", 1);
  ::unsetenv("CUDA_LAUNCH_BLOCKING");
  ::unsetenv("NVIDIA_TF32_OVERRIDE");
  ::unsetenv("TORCH_ALLOW_TF32_CUBLAS_OVERRIDE");
  const seedkit::fingerprint clean = seedkit::fingerprint::current();
  REQUIRE(clean.find("cuda.problems") != nullptr);
  CHECK(clean.find("cuda.problems")->value == "none");
  CHECK(clean.find("env.NVIDIA_TF32_OVERRIDE")->value == "(unset)");

  ::setenv("NVIDIA_TF32_OVERRIDE", "1", 1);
  ::unsetenv("CUBLAS_WORKSPACE_CONFIG");
  const seedkit::fingerprint bad = seedkit::fingerprint::current();
  CHECK(bad.find("cuda.problems")->value ==
        "CUBLAS_WORKSPACE_CONFIG=(unset); NVIDIA_TF32_OVERRIDE=1");
  // A problem noted at run time (as the CUDA add-on does for a cuBLAS
  // handle in TF32 mode) joins the list.
  seedkit::cuda::note_problems({{"cublasMathMode", true, "CUBLAS_TF32_TENSOR_OP_MATH", "m"}});
  CHECK(seedkit::fingerprint::current().find("cuda.problems")->value ==
        "CUBLAS_WORKSPACE_CONFIG=(unset); NVIDIA_TF32_OVERRIDE=1; "
        "cublasMathMode=CUBLAS_TF32_TENSOR_OP_MATH");
  const auto d = seedkit::diff(clean, bad);
  bool listed = false;
  for (const auto& e : d) listed = listed || e.name == "cuda.problems";
  CHECK(listed);
  ::unsetenv("NVIDIA_TF32_OVERRIDE");
  ::unsetenv("NCCL_ALGO");
}

TEST_CASE("the contraction probe tells fused from separate rounding", "[fingerprint]") {
  // -ffp-contract=fast (the clang-libcxx preset) may fuse; off must not.
  const bool fused = seedkit::detail::fp_contraction_probe();
#if defined(__FP_FAST_FMA) && defined(SEEDKIT_TEST_EXPECT_CONTRACTION)
  CHECK(fused);
#endif
  volatile double a = 1.0 + 0x1p-30;
  const double exact = std::fma(static_cast<double>(a), static_cast<double>(a), -(1.0 + 0x1p-29));
  CHECK(exact == 0x1p-60);  // what a fused multiply-add gives
  CHECK((fused ? exact : 0.0) == (fused ? 0x1p-60 : 0.0));
}

TEST_CASE("diff lists changed, missing and added entries with their effect", "[fingerprint]") {
  seedkit::fingerprint a, b;
  a.add("compiler", "g++ 12", seedkit::affects_other);
  a.add("fast_math", "0", seedkit::affects_float | seedkit::affects_other);
  a.add("gone", "1", seedkit::affects_other);
  b.add("compiler", "g++ 12", seedkit::affects_other);
  b.add("fast_math", "1", seedkit::affects_float | seedkit::affects_other);
  b.add("new", "2", seedkit::affects_streams);
  const auto d = seedkit::diff(a, b);
  REQUIRE(d.size() == 3);
  CHECK(d[0].name == "fast_math");
  CHECK(d[0].a == "0");
  CHECK(d[0].b == "1");
  CHECK(seedkit::affects_names(d[0].affects) == "float+other");
  CHECK(d[1].name == "gone");
  CHECK(d[1].b.empty());
  CHECK(d[2].name == "new");
  CHECK(seedkit::affects_names(d[2].affects) == "streams");
  CHECK(seedkit::affects_from_names("streams+float") ==
        (seedkit::affects_streams | seedkit::affects_float));
  CHECK(seedkit::diff(a, a).empty());
}

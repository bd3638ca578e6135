// Tests for seedkit/math.hpp.
//
// 1. Golden values: tests/reference/math_golden.txt, written by the
//    independent Python reference tests/reference/math.py from the
//    specification in docs/math.md. Bit-exact for every function, double and
//    float, on special values, the branch boundaries and spread inputs; this
//    suite runs in every configuration of tools/check.sh (-O2, -O3
//    -march=native -ffp-contract=fast with libc++, sanitizers).
// 2. The special values of C11 Annex F.10, one by one.
// 3. Agreement with the exp and log the distributions use (their bits are
//    pinned by the distributions' own goldens).
// Accuracy against MPFR is tested in tests/math/test_math_mpfr.cpp.
#include "seedkit/math.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <string>

#include <catch2/catch.hpp>

#include "support/bits.hpp"
#include "support/golden.hpp"

namespace {

using seedkit_test::bits;
using seedkit_test::f32;
using seedkit_test::f64;

double apply(const std::string& name, double x) {
  if (name == "exp") return seedkit::math::exp(x);
  if (name == "log") return seedkit::math::log(x);
  if (name == "log1p") return seedkit::math::log1p(x);
  if (name == "expm1") return seedkit::math::expm1(x);
  FAIL("unknown function " << name);
  return 0.0;
}

float apply(const std::string& name, float x) {
  if (name == "expf") return seedkit::math::exp(x);
  if (name == "logf") return seedkit::math::log(x);
  if (name == "log1pf") return seedkit::math::log1p(x);
  if (name == "expm1f") return seedkit::math::expm1(x);
  FAIL("unknown function " << name);
  return 0.0f;
}

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr float inff = std::numeric_limits<float>::infinity();

}  // namespace

TEST_CASE("math functions reproduce the Python reference bit for bit", "[math][golden]") {
  const auto records =
      seedkit_test::read_golden_file(SEEDKIT_TEST_SOURCE_DIR "/reference/math_golden.txt");
  std::size_t checked = 0;
  std::size_t mismatches = 0;
  for (const auto& r : records) {
    REQUIRE(r.fields.size() == 3);
    const std::string& name = r.fields[0];
    const bool single = name.back() == 'f';  // expf, logf, log1pf, expm1f
    std::string got;
    if (single) {
      const float x = f32(static_cast<std::uint32_t>(std::stoul(r.fields[1], nullptr, 16)));
      const float y = apply(name, x);
      got = std::isnan(y) ? "nan" : [&] {
        char buf[9];
        std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(bits(y)));
        return std::string(buf);
      }();
    } else {
      const double x = f64(std::stoull(r.fields[1], nullptr, 16));
      const double y = apply(name, x);
      got = std::isnan(y) ? "nan" : [&] {
        char buf[17];
        std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(bits(y)));
        return std::string(buf);
      }();
    }
    if (got != r.fields[2]) {
      ++mismatches;
      UNSCOPED_INFO("line " << r.line_number << ": " << r.text << " but seedkit gives " << got);
    }
    ++checked;
  }
  CHECK(checked > 3000);
  CHECK(mismatches == 0);
}

TEST_CASE("math functions give C's special values", "[math]") {
  using seedkit::math::exp;
  using seedkit::math::expm1;
  using seedkit::math::log;
  using seedkit::math::log1p;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(std::isnan(exp(nan)));
  CHECK(std::isnan(log(nan)));
  CHECK(std::isnan(log1p(nan)));
  CHECK(std::isnan(expm1(nan)));
  CHECK(exp(0.0) == 1.0);
  CHECK(exp(-0.0) == 1.0);
  CHECK(exp(inf) == inf);
  CHECK(bits(exp(-inf)) == bits(0.0));
  CHECK(exp(710.0) == inf);
  CHECK(exp(0x1.62e42fefa39efp+9) < inf);  // the largest x with a finite e^x
  CHECK(exp(-745.0) == 5e-324);
  CHECK(bits(exp(-746.0)) == bits(0.0));
  CHECK(log(1.0) == 0.0);
  CHECK(log(0.0) == -inf);
  CHECK(log(-0.0) == -inf);
  CHECK(std::isnan(log(-1.0)));
  CHECK(std::isnan(log(-inf)));
  CHECK(log(inf) == inf);
  CHECK(log(5e-324) < -744.0);
  CHECK(bits(log1p(0.0)) == bits(0.0));
  CHECK(bits(log1p(-0.0)) == bits(-0.0));
  CHECK(log1p(-1.0) == -inf);
  CHECK(std::isnan(log1p(-1.5)));
  CHECK(std::isnan(log1p(-inf)));
  CHECK(log1p(inf) == inf);
  CHECK(log1p(1e-300) == 1e-300);
  CHECK(bits(expm1(0.0)) == bits(0.0));
  CHECK(bits(expm1(-0.0)) == bits(-0.0));
  CHECK(expm1(-inf) == -1.0);
  CHECK(expm1(-100.0) == -1.0);
  CHECK(expm1(inf) == inf);
  CHECK(expm1(710.0) == inf);
  CHECK(expm1(1e-300) == 1e-300);

  CHECK(seedkit::math::exp(89.0f) == inff);  // e^89 > FLT_MAX
  CHECK(seedkit::math::exp(88.0f) < inff);
  CHECK(seedkit::math::exp(-104.0f) == 0.0f);
  CHECK(seedkit::math::log(0.0f) == -inff);
  CHECK(std::isnan(seedkit::math::log(-1.0f)));
  CHECK(bits(seedkit::math::log1p(-0.0f)) == bits(-0.0f));
  CHECK(seedkit::math::expm1(-inff) == -1.0f);
}

TEST_CASE("float results round the double result once, overflow included", "[math]") {
  using seedkit::detail::round_to_float;
  CHECK(round_to_float(0x1.fffffep127) == 0x1.fffffep127f);
  CHECK(round_to_float(0x1.fffffefffffffp127) == 0x1.fffffep127f);  // below the tie
  CHECK(round_to_float(0x1.ffffffp127) == inff);                    // the tie goes to even: inf
  CHECK(round_to_float(-0x1.ffffffp127) == -inff);
  CHECK(round_to_float(1e300) == inff);
  CHECK(round_to_float(1.0 + 0x1p-24) == 1.0f);  // tie to even
  CHECK(round_to_float(1.0 + 0x1p-24 + 0x1p-50) == 1.0f + 0x1p-23f);
}

TEST_CASE("math::exp and math::log are the functions the distributions use", "[math]") {
  for (int i = -7080; i <= 7090; i += 7) {
    const double x = i * 0.1 + 0.013;
    REQUIRE(bits(seedkit::math::exp(x)) == bits(seedkit::detail::portable_exp(x)));
    const double y = std::ldexp(1.0 + (i + 7080) * 1e-4, i / 10);
    REQUIRE(bits(seedkit::math::log(y)) == bits(seedkit::detail::portable_log(y)));
  }
}

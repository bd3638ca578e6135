// Tests for seedkit/config.hpp: every feature macro is defined to 0 or 1.
#include "seedkit/config.hpp"

#include <catch2/catch.hpp>

#define SEEDKIT_TEST_IS_BOOL(m) ((m) == 0 || (m) == 1)
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_CUDA), "");
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_HAS_INT128), "");
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_HAS_EXCEPTIONS), "");
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_FAST_MATH), "");
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_WIDE_LANES), "");
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_SIMD_LANES), "");
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_REDUCE_VECTORS), "");
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_HARDWARE_FMA), "");
static_assert(SEEDKIT_TEST_IS_BOOL(SEEDKIT_EXACT_DOT_SPLIT), "");

TEST_CASE("config reflects this compiler", "[config]") {
  CHECK(SEEDKIT_CUDA == 0);  // the test suite is compiled by a host compiler
  CHECK(SEEDKIT_HAS_EXCEPTIONS == 1);
#if defined(__FAST_MATH__)
  CHECK(SEEDKIT_FAST_MATH == 1);
#else
  CHECK(SEEDKIT_FAST_MATH == 0);
#endif
  CHECK(SEEDKIT_CPLUSPLUS >= 201703L);
}

// Hostile sizes and parameters get a seedkit::error naming what was wrong,
// never a foreign exception, a crash or an infinite value. Each case here
// is a reproducer from the fuzzing campaign that failed before its fix.
#include <cmath>    // abs, HUGE_VAL, HUGE_VALF
#include <cstdint>  // uint64_t
#include <limits>   // numeric_limits
#include <string>   // string
#include <vector>   // vector

#include <catch2/catch.hpp>

#include "seedkit/data.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/global.hpp"
#include "seedkit/numpy.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/splitmix64.hpp"
#include "seedkit/stream.hpp"

namespace {

// Runs f and requires a seedkit::error (and no other exception) whose
// message contains `needle`.
template <class F>
void require_seedkit_error(F&& f, const std::string& needle) {
  try {
    f();
    FAIL("no exception; expected a seedkit::error containing \"" << needle << "\"");
  } catch (const seedkit::error& e) {
    CHECK_THAT(e.what(), Catch::Contains(needle));
  } catch (const std::exception& e) {
    FAIL("a foreign exception escaped: " << e.what());
  }
}

// 2^56 elements (2^59 bytes): beyond any address space, so the allocation
// fails whatever the kernel's overcommit policy (the campaign's reproducers
// used 2^40, which takes the same path).
constexpr std::uint64_t huge = std::uint64_t{1} << 56;

// ASan and TSan end the process when an allocation fails instead of throwing
// std::bad_alloc (their operator new reports out-of-memory even with
// allocator_may_return_null=1), so the cases that need a failing allocation
// run only in the other configurations; the ones refused before allocating
// run everywhere.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool allocation_can_fail = false;
#elif defined(__has_feature)
#  if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool allocation_can_fail = false;
#  else
constexpr bool allocation_can_fail = true;
#  endif
#else
constexpr bool allocation_can_fail = true;
#endif

}  // namespace

TEST_CASE("sizes beyond memory are seedkit::error, not bad_alloc or length_error",
          "[limits][shuffle][data]") {
  seedkit::splitmix64 g(1);
  const seedkit::key k(12321);
  // Refused before any allocation (beyond what a vector can hold).
  require_seedkit_error(
      [&] { seedkit::weighted_sample_with_replacement({1.0}, std::uint64_t{1} << 61, g); },
      "seedkit::weighted_sample_with_replacement");
  if (allocation_can_fail) {
    require_seedkit_error([&] { seedkit::permutation(huge, g); }, "seedkit::permutation");
    require_seedkit_error(
        [&] { seedkit::sample(std::uint64_t{1} << 62, std::uint64_t{1} << 58, g); },
        "seedkit::sample");
    require_seedkit_error([&] { seedkit::epoch_permutation(k, 0, huge); }, "do not fit in memory");
    require_seedkit_error([&] { seedkit::k_fold(k, huge, 5); }, "do not fit in memory");
    require_seedkit_error([&] { seedkit::bootstrap(k, huge); }, "seedkit::bootstrap");
    require_seedkit_error(
        [&] { seedkit::split_by_fractions(k, std::uint64_t{1} << 53, .8, .1, .1); },
        "do not fit in memory");
  }
  const seedkit::numpy_seed_sequence seq(1);
  require_seedkit_error([&] { seq.generate_state_u32(std::uint64_t{1} << 62); },
                        "generate_state_u32");
  // 2n wrapped to 2 and returned a short vector.
  require_seedkit_error([&] { seq.generate_state_u64((std::uint64_t{1} << 63) + 1); },
                        "generate_state_u64");
  seedkit::numpy_seed_sequence parent(1);
  require_seedkit_error([&] { parent.spawn(std::uint64_t{1} << 60); }, "spawn");
  CHECK(parent.n_children_spawned() == 0);  // nothing counted for a refused spawn
}

TEST_CASE("split_by_counts refuses counts whose sum wraps around 2^64", "[limits][data]") {
  const std::uint64_t h = std::uint64_t{1} << 63;
  // 2^63 * 3 wraps to 2^63 == n: accepted before the fix.
  require_seedkit_error([&] { seedkit::split_by_counts(seedkit::key(1), h, h, h, h); },
                        "must add up to n");
  const auto s = seedkit::split_by_counts(seedkit::key(1), 10, 7, 2, 1);
  CHECK(s.train.size() + s.validation.size() + s.test.size() == 10);
}

TEST_CASE("distribution parameters whose draws overflow are refused", "[limits][distributions]") {
  // Accepted before the fix, and then every draw (exponential) or 7% of
  // draws (normal) was infinite.
  require_seedkit_error([] { seedkit::exponential<double>(5e-324); }, "lambda");
  require_seedkit_error([] { seedkit::exponential<float>(1e-45f); }, "lambda");
  require_seedkit_error([] { seedkit::normal<double>(0, 1e308); }, "stddev");
  require_seedkit_error([] { seedkit::normal<float>(0, 3e37f); }, "stddev");
  require_seedkit_error([] { seedkit::normal<double>(-1.7e308, 1e307); }, "stddev");
  // truncated_normal with an infinite bound leaves that side unclamped: accepted
  // before the fix, and then draws beyond 1.8 standard deviations were infinite
  // (found by tests/fuzz/fuzz_distributions.cpp).
  require_seedkit_error([] { seedkit::truncated_normal<double>(0, 1e308, 0, HUGE_VAL); },
                        "draws could overflow");
  require_seedkit_error([] { seedkit::truncated_normal<double>(0, 1e308, -HUGE_VAL, 0); },
                        "draws could overflow");
  require_seedkit_error([] { seedkit::truncated_normal<float>(0, 3e37f, -HUGE_VALF, HUGE_VALF); },
                        "draws could overflow");
  // With both bounds finite every draw is clamped, so a wide stddev stays accepted.
  CHECK_NOTHROW(seedkit::truncated_normal<double>(0, 1e308, -1e308, 1e308));
  // At the edge of what is accepted every draw is finite.
  seedkit::stream s(seedkit::key(12321) / "hostile");
  const double max = std::numeric_limits<double>::max();
  const seedkit::normal<double> wide(0, max / 16);
  const seedkit::truncated_normal<double> wide_tail(0, max / 16, -HUGE_VAL, HUGE_VAL);
  const seedkit::exponential<double> slow(1024.0 / max);
  const seedkit::exponential<float> slow_f(2048.0f / std::numeric_limits<float>::max());
  for (int i = 0; i < 5000; ++i) {
    CHECK(std::abs(wide(s)) <= max);
    CHECK(slow(s) <= max);
    CHECK(slow_f(s) <= std::numeric_limits<float>::max());
    CHECK(std::abs(wide_tail(s)) <= max);
  }
}

TEST_CASE("SEEDKIT_SEED's hexadecimal form has 1 to 16 digits, as its message says",
          "[limits][seed]") {
  // 20 digits with leading zeros were accepted while the message said 16.
  require_seedkit_error([] { seedkit::parse_seed("0x00000000000000000001", "SEEDKIT_SEED"); },
                        "more than 16 hexadecimal digits");
  CHECK(seedkit::parse_seed("0x0000000000000001", "SEEDKIT_SEED") == 1);
}

// Tests for seedkit/philox.hpp.
//
// Known answers come from published sources only:
// - Random123 1.14 tests/kat_vectors (philox2x32_10, philox4x32_10,
//   philox2x64_10, philox4x64_10: "zero", "ones", "pi" lines), as recorded
//   in shared/reference/known-answers.md;
// - C++26 [rand.predef] (P2075R6 + LWG 4134): the 10000th invocation of a
//   default-constructed philox4x32 is 1955073260 and of philox4x64 is
//   3409172418970261260.
// The Random123 cross-check compares against Debian's librandom123-dev
// headers, an independent implementation, on 10^5 random inputs per shape.
// (Random123 defines function-like macros named philox4x32 etc., so this file
// writes seedkit::philox4x32{...} with braces.)
#include "seedkit/philox.hpp"

#include <array>
#include <cstdint>
#include <deque>
#include <random>
#include <sstream>
#include <vector>

#include <catch2/catch.hpp>

#if SEEDKIT_TEST_HAVE_RANDOM123
#  include <Random123/philox.h>
#endif

using seedkit::philox2x32_block;
using seedkit::philox2x64_block;
using seedkit::philox4x32_block;
using seedkit::philox4x64_block;

// Compile-time contracts: the block functions are constexpr and noexcept.
static_assert(philox4x32_block({{0, 0, 0, 0}}, {{0, 0}}) ==
                  seedkit::philox4x32_ctr{{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
              "Random123 kat_vectors philox4x32_10 zero");
static_assert(philox2x64_block({{0, 0}}, {{0}}) ==
                  seedkit::philox2x64_ctr{{0xca00a0459843d731u, 0x66c24222c9a845b5u}},
              "Random123 kat_vectors philox2x64_10 zero");
static_assert(noexcept(philox4x32_block({{0, 0, 0, 0}}, {{0, 0}})), "noexcept");
static_assert(noexcept(seedkit::philox4x32{}()), "noexcept");
static_assert(seedkit::philox4x32::min() == 0 && seedkit::philox4x32::max() == 0xffffffffu, "");
static_assert(seedkit::philox4x64::max() == ~std::uint64_t{0}, "");
static_assert(seedkit::philox4x32::default_seed == 20111115u, "");
static_assert(seedkit::philox4x32::multipliers[0] == 0xCD9E8D57u &&
                  seedkit::philox4x32::round_consts[1] == 0xBB67AE85u,
              "");

// The engine itself is usable in constant expressions.
constexpr std::uint64_t philox4x32_nth(unsigned long long n) {
  seedkit::philox4x32 e;
  e.discard(n - 1);
  return e();
}
static_assert(philox4x32_nth(10000) == 1955073260u, "C++26 [rand.predef]");

TEST_CASE("philox4x32_block matches Random123 kat_vectors", "[philox][kat]") {
  CHECK(philox4x32_block({{0, 0, 0, 0}}, {{0, 0}}) ==
        seedkit::philox4x32_ctr{{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}});
  CHECK(philox4x32_block({{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}},
                         {{0xffffffff, 0xffffffff}}) ==
        seedkit::philox4x32_ctr{{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}});
  CHECK(philox4x32_block({{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}},
                         {{0xa4093822, 0x299f31d0}}) ==
        seedkit::philox4x32_ctr{{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}});
}

TEST_CASE("philox2x32_block matches Random123 kat_vectors", "[philox][kat]") {
  CHECK(philox2x32_block({{0, 0}}, {{0}}) == seedkit::philox2x32_ctr{{0xff1dae59, 0x6cd10df2}});
  CHECK(philox2x32_block({{0xffffffff, 0xffffffff}}, {{0xffffffff}}) ==
        seedkit::philox2x32_ctr{{0x2c3f628b, 0xab4fd7ad}});
  CHECK(philox2x32_block({{0x243f6a88, 0x85a308d3}}, {{0x13198a2e}}) ==
        seedkit::philox2x32_ctr{{0xdd7ce038, 0xf62a4c12}});
}

TEST_CASE("philox4x64_block matches Random123 kat_vectors", "[philox][kat]") {
  CHECK(philox4x64_block({{0, 0, 0, 0}}, {{0, 0}}) ==
        seedkit::philox4x64_ctr{
            {0x16554d9eca36314c, 0xdb20fe9d672d0fdc, 0xd7e772cee186176b, 0x7e68b68aec7ba23b}});
  const std::uint64_t ones = ~std::uint64_t{0};
  CHECK(philox4x64_block({{ones, ones, ones, ones}}, {{ones, ones}}) ==
        seedkit::philox4x64_ctr{
            {0x87b092c3013fe90b, 0x438c3c67be8d0224, 0x9cc7d7c69cd777b6, 0xa09caebf594f0ba0}});
  CHECK(philox4x64_block(
            {{0x243f6a8885a308d3, 0x13198a2e03707344, 0xa4093822299f31d0, 0x082efa98ec4e6c89}},
            {{0x452821e638d01377, 0xbe5466cf34e90c6c}}) ==
        seedkit::philox4x64_ctr{
            {0xa528f45403e61d95, 0x38c72dbd566e9788, 0xa5a1610e72fd18b5, 0x57bd43b5e52b7fe6}});
}

TEST_CASE("philox2x64_block matches Random123 kat_vectors", "[philox][kat]") {
  CHECK(philox2x64_block({{0, 0}}, {{0}}) ==
        seedkit::philox2x64_ctr{{0xca00a0459843d731, 0x66c24222c9a845b5}});
  const std::uint64_t ones = ~std::uint64_t{0};
  CHECK(philox2x64_block({{ones, ones}}, {{ones}}) ==
        seedkit::philox2x64_ctr{{0x65b021d60cd8310f, 0x4d02f3222f86df20}});
  CHECK(philox2x64_block({{0x243f6a8885a308d3, 0x13198a2e03707344}}, {{0xa4093822299f31d0}}) ==
        seedkit::philox2x64_ctr{{0x0a5e742c2997341c, 0xb0f883d38000de5d}});
}

TEST_CASE("philox engines reproduce the C++26 10000th-invocation values", "[philox][kat]") {
  seedkit::philox4x32 a;
  for (int i = 1; i < 10000; ++i) a();
  CHECK(a() == 1955073260u);

  seedkit::philox4x64 b;
  for (int i = 1; i < 10000; ++i) b();
  CHECK(b() == 3409172418970261260u);
}

TEST_CASE("philox_engine follows [rand.eng.philox] seeding and counter rules", "[philox]") {
  SECTION("seed(v): key word 0 is v, counter 0, results word 0 first") {
    seedkit::philox4x32 e(42);
    const auto b0 = philox4x32_block({{0, 0, 0, 0}}, {{42, 0}});
    const auto b1 = philox4x32_block({{1, 0, 0, 0}}, {{42, 0}});
    for (std::size_t j = 0; j < 4; ++j) CHECK(e() == b0[j]);
    for (std::size_t j = 0; j < 4; ++j) CHECK(e() == b1[j]);
  }
  SECTION("seed(v) reduces v modulo 2^w") {
    seedkit::philox4x32 e(0x1234567800000042u);
    CHECK(e == seedkit::philox4x32{0x42u});
  }
  SECTION("set_counter takes c[0] as the most significant word") {
    seedkit::philox4x32 e(7);
    e.set_counter({1, 2, 3, 4});
    const auto b = philox4x32_block({{4, 3, 2, 1}}, {{7, 0}});
    for (std::size_t j = 0; j < 4; ++j) CHECK(e() == b[j]);
  }
  SECTION("the counter wraps modulo 2^(n w)") {
    seedkit::philox4x64 e(5);
    const std::uint64_t ones = ~std::uint64_t{0};
    e.set_counter({ones, ones, ones, ones});
    e.discard(4);
    const auto b = philox4x64_block({{0, 0, 0, 0}}, {{5, 0}});
    CHECK(e() == b[0]);
  }
  SECTION("seed(seed_seq&) builds key words from 32-bit values, low word first") {
    // seed_seq's values depend on how many are asked for: 2 for 4x32, 4 for 4x64.
    std::uint32_t a2[2] = {};
    std::uint32_t a4[4] = {};
    std::seed_seq{1, 2, 3}.generate(a2, a2 + 2);
    std::seed_seq{1, 2, 3}.generate(a4, a4 + 4);

    std::seed_seq q32{1, 2, 3};
    seedkit::philox4x32 e32(q32);
    const auto b32 = philox4x32_block({{0, 0, 0, 0}}, {{a2[0], a2[1]}});
    CHECK(e32() == b32[0]);

    std::seed_seq q64{1, 2, 3};
    seedkit::philox4x64 e64(q64);
    const auto b64 = philox4x64_block(
        {{0, 0, 0, 0}}, {{a4[0] | std::uint64_t{a4[1]} << 32, a4[2] | std::uint64_t{a4[3]} << 32}});
    CHECK(e64() == b64[0]);
  }
  SECTION("a 2-word engine with Random123's constants is philox2x32") {
    using philox2x32 = seedkit::philox_engine<std::uint32_t, 32, 2, 10, 0xD256D193, 0x9E3779B9>;
    philox2x32 e(99);
    const auto b = philox2x32_block({{0, 0}}, {{99}});
    CHECK(e() == b[0]);
    CHECK(e() == b[1]);
  }
}

TEST_CASE("discard(z) equals z calls, in O(1)", "[philox]") {
  for (unsigned long long start : {0ull, 1ull, 2ull, 3ull, 5ull}) {
    for (unsigned long long z : {0ull, 1ull, 2ull, 3ull, 4ull, 5ull, 7ull, 8ull, 63ull, 1000ull}) {
      seedkit::philox4x32 a(11), b(11);
      a.discard(start);
      b.discard(start);
      a.discard(z);
      for (unsigned long long i = 0; i < z; ++i) b();
      CHECK(a == b);
      CHECK(a() == b());
    }
  }
  // Far jumps carry into the upper counter words.
  seedkit::philox4x32 far(3);
  far.discard(4ull * 0x100000000ull + 2);  // 2^32 blocks and two words
  seedkit::philox4x32 ref(3);
  ref.set_counter({0, 0, 1, 0});
  ref();
  ref();
  CHECK(far == ref);
  CHECK(far() == ref());
}

TEST_CASE("generate() gives the same words as repeated calls", "[philox]") {
  for (std::size_t skip : {0u, 1u, 3u}) {
    for (std::size_t len : {0u, 1u, 5u, 63u, 64u, 65u, 200u, 1031u}) {
      seedkit::philox4x32 a(123), b(123);
      a.discard(skip);
      b.discard(skip);
      std::vector<std::uint32_t> out(len);
      a.generate(out.begin(), out.end());
      bool same = true;
      for (std::size_t i = 0; i < len; ++i) same = same && out[i] == b();
      CHECK(same);
      CHECK(a == b);
    }
  }
  // Batches that carry out of counter word 0 take the careful path.
  seedkit::philox4x32 e(5), f(5);
  e.set_counter({0, 0, 1, 0xfffffff0u});
  f.set_counter({0, 0, 1, 0xfffffff0u});
  std::vector<std::uint32_t> carry(64 * 4);
  e.generate(carry.begin(), carry.end());
  bool same_carry = true;
  for (auto v : carry) same_carry = same_carry && v == f();
  CHECK(same_carry);
  CHECK(e == f);

  seedkit::philox4x64 c(9), d(9);
  std::vector<std::uint64_t> out(300);
  c.generate(out.begin(), out.end());
  bool same = true;
  for (auto v : out) same = same && v == d();
  CHECK(same);
}

TEST_CASE("generate() in lanes: narrow words, wide values, any iterator", "[philox]") {
  // w < 32: the lanes compute in 64-bit words and must mask exactly as
  // philox_round does on 32-bit ones.
  using philox4x24 =
      seedkit::philox_engine<std::uint32_t, 24, 4, 10, 0x9E8D57, 0x3779B9, 0x511F53, 0x67AE85>;
  philox4x24 a(0xabcdef), b(0xabcdef);
  a.set_counter({0, 0, 7, 0xfffff0});  // also carries out of word 0 (24 bits)
  b.set_counter({0, 0, 7, 0xfffff0});
  std::vector<std::uint32_t> out(64 * 9 + 3);
  a.generate(out.begin(), out.end());
  bool same = true;
  for (auto v : out) same = same && v == b() && v <= 0xffffffu;
  CHECK(same);
  CHECK(a == b);

  // 64-bit values from a 32-bit engine, through a non-contiguous iterator.
  seedkit::philox4x32 c(31), d(31);
  std::deque<std::uint64_t> wide(64 * 5 + 1);
  c.generate(wide.begin(), wide.end());
  bool same_wide = true;
  for (auto v : wide) same_wide = same_wide && v == d();
  CHECK(same_wide);
  CHECK(c == d);

  // Blocks computed in lanes equal the block function at their counters.
  seedkit::philox4x32 e(0x12345678);
  std::vector<std::uint32_t> blocks(64 * 2);
  e.generate(blocks.begin(), blocks.end());
  bool same_blocks = true;
  for (std::uint32_t blk = 0; blk < 32; ++blk) {
    const auto y = seedkit::philox4x32_block({{blk, 0, 0, 0}}, {{0x12345678, 0}});
    for (std::size_t i = 0; i < 4; ++i) same_blocks = same_blocks && blocks[4 * blk + i] == y[i];
  }
  CHECK(same_blocks);
}

TEST_CASE("stream operators round-trip the state", "[philox]") {
  seedkit::philox4x64 a(77);
  a.discard(6);  // mid-block
  std::stringstream s;
  s << std::hex << a;  // the engine writes decimal whatever the flags
  CHECK((s.flags() & std::ios::basefield) == std::ios::hex);
  seedkit::philox4x64 b;
  s >> b;
  REQUIRE(s);
  CHECK(a == b);
  CHECK(a() == b());

  SECTION("malformed input sets failbit and leaves the engine alone") {
    for (const char* bad : {"", "1 2 3", "1 2 3 4 5 6 9", "1 2 3 4 5 6 x", "-1 2 3 4 5 6 0"}) {
      seedkit::philox4x32 e(5);
      const seedkit::philox4x32 before = e;
      std::istringstream in(bad);
      in >> e;
      CHECK_FALSE(in);
      CHECK(e == before);
    }
    seedkit::philox4x32 e(5);
    std::istringstream wide("4294967296 0 0 0 0 0 3");  // a word beyond 2^32 - 1
    wide >> e;
    CHECK_FALSE(wide);
    CHECK(e == seedkit::philox4x32{5});
  }
}

TEST_CASE("== compares the whole state", "[philox]") {
  seedkit::philox4x32 a(1), b(1), c(2);
  CHECK(a == b);
  CHECK(a != c);
  a();
  CHECK(a != b);
  b();
  CHECK(a == b);
}

#if SEEDKIT_TEST_HAVE_RANDOM123
TEST_CASE("block functions agree with Random123 on 10^5 random inputs", "[philox][random123]") {
  std::mt19937_64 g(20261125);
  constexpr int trials = 100000;
  int mismatches = 0;
  for (int t = 0; t < trials; ++t) {
    const auto u32 = [&] { return static_cast<std::uint32_t>(g()); };
    {
      r123::Philox4x32::ctr_type c = {{u32(), u32(), u32(), u32()}};
      r123::Philox4x32::key_type k = {{u32(), u32()}};
      const auto ref = r123::Philox4x32()(c, k);
      const auto got = philox4x32_block({{c[0], c[1], c[2], c[3]}}, {{k[0], k[1]}});
      for (std::size_t j = 0; j < 4; ++j) mismatches += got[j] != ref[j];
    }
    {
      r123::Philox2x32::ctr_type c = {{u32(), u32()}};
      r123::Philox2x32::key_type k = {{u32()}};
      const auto ref = r123::Philox2x32()(c, k);
      const auto got = philox2x32_block({{c[0], c[1]}}, {{k[0]}});
      for (std::size_t j = 0; j < 2; ++j) mismatches += got[j] != ref[j];
    }
    {
      r123::Philox4x64::ctr_type c = {{g(), g(), g(), g()}};
      r123::Philox4x64::key_type k = {{g(), g()}};
      const auto ref = r123::Philox4x64()(c, k);
      const auto got = philox4x64_block({{c[0], c[1], c[2], c[3]}}, {{k[0], k[1]}});
      for (std::size_t j = 0; j < 4; ++j) mismatches += got[j] != ref[j];
    }
    {
      r123::Philox2x64::ctr_type c = {{g(), g()}};
      r123::Philox2x64::key_type k = {{g()}};
      const auto ref = r123::Philox2x64()(c, k);
      const auto got = philox2x64_block({{c[0], c[1]}}, {{k[0]}});
      for (std::size_t j = 0; j < 2; ++j) mismatches += got[j] != ref[j];
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("philox4x32 engine output equals Random123 blocks in order", "[philox][random123]") {
  seedkit::philox4x32 e(0xdeadbeef);
  r123::Philox4x32::key_type k = {{0xdeadbeef, 0}};
  bool same = true;
  for (std::uint32_t b = 0; b < 1000; ++b) {
    r123::Philox4x32::ctr_type c = {{b, 0, 0, 0}};
    const auto ref = r123::Philox4x32()(c, k);
    for (std::size_t j = 0; j < 4; ++j) same = same && e() == ref[j];
  }
  CHECK(same);
}
#else
TEST_CASE("Random123 cross-check", "[philox][random123]") {
  WARN("skipped: Random123 headers not found (install librandom123-dev)");
  SUCCEED();
}
#endif

// Tests for seedkit/philox.hpp.
//
// Known answers come from published sources only, read from
// tests/reference/known_answers.txt (which cites each one):
// - Random123 1.14 tests/kat_vectors (philox2x32_10, philox4x32_10,
//   philox2x64_10, philox4x64_10: "zero", "ones", "pi" lines);
// - C++26 [rand.predef] (P2075R6 as amended by LWG 4134): the 10000th
//   invocation of a default-constructed philox4x32 and philox4x64 (and, for
//   comparison, of the standard library's mt19937 and mt19937_64).
// The Random123 cross-check compares against Debian's librandom123-dev
// headers, an independent implementation, on 10^5 random inputs per shape.
// (Random123 defines function-like macros named philox4x32 etc., so this file
// writes seedkit::philox4x32{...} with braces.)
#include "seedkit/philox.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/known_answers.hpp"

#if SEEDKIT_TEST_HAVE_RANDOM123
#  include <Random123/philox.h>
#endif

using seedkit::philox2x32_block;
using seedkit::philox2x64_block;
using seedkit::philox4x32_block;
using seedkit::philox4x64_block;

namespace {

// One Random123 kat_vectors entry of known_answers.txt: the counter, the key
// and the expected output block, in the file's order.
template <class T, std::size_t N, std::size_t K>
struct kat {
  seedkit::word_array<T, N> ctr{};
  seedkit::word_array<T, K> key{};
  seedkit::word_array<T, N> out{};
};

template <class T, std::size_t N, std::size_t K>
kat<T, N, K> load_kat(const std::string& name) {
  const std::vector<std::uint64_t> v = seedkit_test::known_answer(name);
  if (v.size() != 2 * N + K) throw std::runtime_error(name + ": wrong number of words");
  std::size_t at = 0;
  const auto next = [&] {
    const std::uint64_t w = v[at++];
    if (w > std::numeric_limits<T>::max()) throw std::runtime_error(name + ": word too wide");
    return static_cast<T>(w);
  };
  kat<T, N, K> k;
  for (std::size_t i = 0; i < N; ++i) k.ctr[i] = next();
  for (std::size_t i = 0; i < K; ++i) k.key[i] = next();
  for (std::size_t i = 0; i < N; ++i) k.out[i] = next();
  return k;
}

// An entry of known_answers.txt that holds one value.
std::uint64_t known_value(const std::string& name) {
  const std::vector<std::uint64_t> v = seedkit_test::known_answer(name);
  if (v.size() != 1) throw std::runtime_error(name + ": expected one value");
  return v[0];
}

}  // namespace

// Compile-time contracts: the block functions and the engine are constexpr
// and noexcept. (The values computed here in constant expressions are
// compared with the known answers below.)
constexpr seedkit::philox4x32_ctr philox4x32_zero = philox4x32_block({{0, 0, 0, 0}}, {{0, 0}});
constexpr seedkit::philox2x64_ctr philox2x64_zero = philox2x64_block({{0, 0}}, {{0}});
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
constexpr std::uint64_t philox4x32_10000th = philox4x32_nth(10000);

const char* const kat_inputs[] = {"zero", "ones", "pi"};

TEST_CASE("philox4x32_block matches Random123 kat_vectors", "[philox][kat]") {
  for (const std::string input : kat_inputs) {
    INFO("philox4x32_10." << input);
    const auto k = load_kat<std::uint32_t, 4, 2>("philox4x32_10." + input);
    CHECK(philox4x32_block(k.ctr, k.key) == k.out);
  }
  const auto zero = load_kat<std::uint32_t, 4, 2>("philox4x32_10.zero");
  CHECK((zero.ctr == seedkit::philox4x32_ctr{} && zero.key == seedkit::philox4x32_key{}));
  CHECK(philox4x32_zero == zero.out);  // computed in a constant expression
}

TEST_CASE("philox2x32_block matches Random123 kat_vectors", "[philox][kat]") {
  for (const std::string input : kat_inputs) {
    INFO("philox2x32_10." << input);
    const auto k = load_kat<std::uint32_t, 2, 1>("philox2x32_10." + input);
    CHECK(philox2x32_block(k.ctr, k.key) == k.out);
  }
}

TEST_CASE("philox4x64_block matches Random123 kat_vectors", "[philox][kat]") {
  for (const std::string input : kat_inputs) {
    INFO("philox4x64_10." << input);
    const auto k = load_kat<std::uint64_t, 4, 2>("philox4x64_10." + input);
    CHECK(philox4x64_block(k.ctr, k.key) == k.out);
  }
}

TEST_CASE("philox2x64_block matches Random123 kat_vectors", "[philox][kat]") {
  for (const std::string input : kat_inputs) {
    INFO("philox2x64_10." << input);
    const auto k = load_kat<std::uint64_t, 2, 1>("philox2x64_10." + input);
    CHECK(philox2x64_block(k.ctr, k.key) == k.out);
  }
  const auto zero = load_kat<std::uint64_t, 2, 1>("philox2x64_10.zero");
  CHECK((zero.ctr == seedkit::philox2x64_ctr{} && zero.key == seedkit::philox2x64_key{}));
  CHECK(philox2x64_zero == zero.out);  // computed in a constant expression
}

TEST_CASE("philox engines reproduce the C++26 10000th-invocation values", "[philox][kat]") {
  const std::uint64_t want32 = known_value("philox4x32.10000th");
  const std::uint64_t want64 = known_value("philox4x64.10000th");
  seedkit::philox4x32 a;
  for (int i = 1; i < 10000; ++i) a();
  CHECK(a() == want32);
  CHECK(philox4x32_10000th == want32);  // computed in a constant expression

  seedkit::philox4x64 b;
  for (int i = 1; i < 10000; ++i) b();
  CHECK(b() == want64);

  // The same clause's values for the standard library's Mersenne Twisters:
  // they check the file's entries and their reading with an independent
  // implementation.
  std::mt19937 m;
  m.discard(9999);
  CHECK(m() == known_value("mt19937.10000th"));
  std::mt19937_64 m64;
  m64.discard(9999);
  CHECK(m64() == known_value("mt19937_64.10000th"));
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

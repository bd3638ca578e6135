// Tests for seedkit/stream.hpp.
//
// Golden words come from tests/reference/derive.py (an independent Python
// implementation of docs/derivation.md). The cuRAND values are the outputs of
// the CUDA 13 device API, curand_init(42, 0, 0) + curand() and subsequence 1
// (equal to Random123 philox4x32_10 with key {42, 0}), read from
// tests/reference/known_answers.txt, which cites them.
#include "seedkit/stream.hpp"

#include <cstdint>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include <catch2/catch.hpp>

#include "support/golden.hpp"
#include "support/known_answers.hpp"

using seedkit::key;

static_assert(std::is_same<seedkit::stream::result_type, std::uint64_t>::value, "");
static_assert(seedkit::stream::min() == 0 && seedkit::stream::max() == ~std::uint64_t{0}, "");
static_assert(noexcept(std::declval<seedkit::stream&>()()), "");

// The stream is usable in constant expressions.
constexpr std::uint32_t first_curand_word() {
  seedkit::compact_stream s(42, 0, 0);
  return s.next_u32();
}
constexpr std::uint32_t first_curand_word_42 = first_curand_word();

TEST_CASE("stream words match the Python reference", "[stream][golden]") {
  for (const auto& f : seedkit_test::golden_lines("derive_golden.txt", "words")) {
    // words <seed> <subsequence> <start> : 9 words
    REQUIRE(f.size() == 14);
    const key k = key::from_words(seedkit_test::hex64(f[1]), seedkit_test::hex64(f[2]));
    const std::uint64_t start = std::stoull(f[3]);
    seedkit::stream a(k, start);
    seedkit::compact_stream b(k, start);
    INFO("words " << f[1] << " " << f[2] << " " << f[3]);
    for (std::size_t t = 0; t < 9; ++t) {
      const auto expected = static_cast<std::uint32_t>(seedkit_test::hex64(f[5 + t]));
      CHECK(a.next_u32() == expected);
      CHECK(b.next_u32() == expected);
      CHECK(a.word(start + t) == expected);
    }
  }
}

TEST_CASE("the (seed, subsequence, offset) constructor follows cuRAND", "[stream][curand]") {
  // Each entry: seed, subsequence, offset, then the words curand() returns.
  for (const char* name :
       {"curand.philox4_32_10.seed42.sub0", "curand.philox4_32_10.seed42.sub1"}) {
    INFO(name);
    const std::vector<std::uint64_t> v = seedkit_test::known_answer(name);
    REQUIRE(v.size() > 3);
    const std::vector<std::uint64_t> words(v.begin() + 3, v.end());
    seedkit::stream s(v[0], v[1], v[2]);
    for (std::uint64_t w : words) CHECK(s.next_u32() == w);
    // An offset of n words starts at the n-th of them.
    for (std::uint64_t offset = 0; offset < words.size(); ++offset) {
      seedkit::stream o(v[0], v[1], v[2] + offset);
      CHECK(o.next_u32() == words[offset]);
    }
  }
  const std::vector<std::uint64_t> sub0 =
      seedkit_test::known_answer("curand.philox4_32_10.seed42.sub0");
  REQUIRE((sub0.size() > 3 && sub0[0] == 42 && sub0[1] == 0 && sub0[2] == 0));
  CHECK(first_curand_word_42 == sub0[3]);  // computed in a constant expression
  CHECK(seedkit::stream(42, 0, 0) == seedkit::stream(key(42)));
}

TEST_CASE("64-bit outputs are two words, low first", "[stream]") {
  seedkit::stream w(key(5) / "w");
  seedkit::stream q(key(5) / "w");
  for (int i = 0; i < 100; ++i) {
    const std::uint64_t lo = w.next_u32();
    const std::uint64_t expected = lo | std::uint64_t{w.next_u32()} << 32;
    CHECK(q() == expected);
    CHECK(q[static_cast<std::uint64_t>(i)] == expected);
  }
}

TEST_CASE("all buffer sizes give the same values under any mix of calls", "[stream]") {
  std::mt19937_64 ops(7);
  seedkit::stream a(key(9) / "mix");
  seedkit::compact_stream b(key(9) / "mix");
  seedkit::basic_stream<3> c(key(9) / "mix");
  bool same = true;
  for (int i = 0; i < 5000; ++i) {
    switch (ops() % 5) {
      case 0: {
        const auto x = a(), y = b(), z = c();
        same = same && x == y && y == z;
        break;
      }
      case 1: {
        const auto x = a.next_u32(), y = b.next_u32(), z = c.next_u32();
        same = same && x == y && y == z;
        break;
      }
      case 2: {
        const unsigned long long n = ops() % 9;
        a.discard(n);
        b.discard(n);
        c.discard(n);
        break;
      }
      case 3: {
        const std::uint64_t p = ops() % 1000;
        a.seek(p);
        b.seek(p);
        c.seek(p);
        break;
      }
      default: {
        std::uint64_t buf_a[5] = {}, buf_b[5] = {};
        a.fill(buf_a, buf_a + 5);
        b.fill(buf_b, buf_b + 5);
        c.discard(5);
        for (int j = 0; j < 5; ++j) same = same && buf_a[j] == buf_b[j];
      }
    }
    same = same && a.position() == b.position() && b.position() == c.position();
  }
  CHECK(same);
}

TEST_CASE("a buffer that crosses a 2^32-block boundary carries into hi(b)", "[stream]") {
  // Blocks 2^32 - 5 .. 2^32 + 10: a 16-block refill that starts below 2^32
  // must carry from lo(b) into hi(b) in its later lanes.
  for (std::uint64_t first_block : {0xfffffffbull, 0xfffffff0ull, 0xffffffefull}) {
    const std::uint64_t start = 4 * first_block + 2;
    seedkit::stream s(key(77) / "carry", start);
    const seedkit::stream ref(key(77) / "carry");
    bool same = true;
    for (std::uint64_t i = 0; i < 60; ++i) {
      const std::uint64_t lo = ref.word(start + 2 * i);
      same = same && s() == (lo | std::uint64_t{ref.word(start + 2 * i + 1)} << 32);
    }
    CHECK(same);
  }
}

TEST_CASE("discard, seek, position and equality", "[stream]") {
  seedkit::stream a(key(3));
  seedkit::stream b(key(3));
  a.discard(1000);
  for (int i = 0; i < 1000; ++i) b();
  CHECK(a == b);
  CHECK(a.position() == 2000);
  CHECK(a() == b());
  b.seek(0);
  CHECK(b() == seedkit::stream(key(3))());
  CHECK(seedkit::stream(key(3)) != seedkit::stream(key(4)));
  // The position wraps modulo 2^64 words.
  seedkit::stream end(key(3), ~std::uint64_t{0});
  CHECK(end.next_u32() == seedkit::stream(key(3)).word(~std::uint64_t{0}));
  CHECK(end.position() == 0);
}

TEST_CASE("state tokens round-trip", "[stream][state]") {
  seedkit::stream s(key(0xfeed) / "checkpoint");
  s.discard(12345);
  s.next_u32();
  const std::string token = s.state();
  CHECK(token.size() == 63);
  CHECK(token.rfind("sk1-", 0) == 0);
  seedkit::stream r = seedkit::stream::from_state(token);
  CHECK(r == s);
  for (int i = 0; i < 10; ++i) CHECK(r() == s());
}

TEST_CASE("malformed state tokens are rejected with a clear error", "[stream][state]") {
  const std::string good = seedkit::stream(key(1) / "x", 77).state();
  std::vector<std::pair<std::string, std::string>> bad = {
      {"", "wrong length"},
      {good.substr(0, good.size() - 1), "wrong length"},
      {good + "0", "wrong length"},
      {"sk2-" + good.substr(4), "unsupported version"},
      {"xx1-" + good.substr(4), "does not start with"},
      {good.substr(0, 20) + "_" + good.substr(21), "separator"},
  };
  std::string upper = good;
  upper[5] = 'A';
  bad.emplace_back(upper, "hexadecimal");
  std::string flipped = good;
  flipped[10] = flipped[10] == '0' ? '1' : '0';
  bad.emplace_back(flipped, "check");
  for (const auto& [token, why] : bad) {
    INFO("token: " << token);
    CHECK_THROWS_WITH(seedkit::stream::from_state(token), Catch::Contains(why) &&
                                                              Catch::Contains("sk1-") &&
                                                              Catch::Contains("\"" + token + "\""));
  }
}

TEST_CASE("streams work with standard distributions", "[stream]") {
  seedkit::stream s(key(11));
  std::uniform_int_distribution<int> d(1, 6);
  int x = d(s);
  CHECK(x >= 1);
  CHECK(x <= 6);
}

TEST_CASE("block(b) is words 4b .. 4b + 3 and outputs 2b, 2b + 1", "[stream]") {
  const seedkit::compact_stream s(seedkit::key(12321) / "data/shuffle");
  for (const std::uint64_t b :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{12345}, (std::uint64_t{1} << 62) - 1}) {
    const seedkit::philox4x32_ctr w = s.block(b);
    for (std::uint64_t j = 0; j < 4; ++j)
      CHECK(w[static_cast<std::size_t>(j)] == s.word(4 * b + j));
    CHECK(s[2 * b] == (w[0] | std::uint64_t{w[1]} << 32));
    CHECK(s[2 * b + 1] == (w[2] | std::uint64_t{w[3]} << 32));
  }
  // Block 0 of the documented example (docs/derivation.md): output 0.
  CHECK((s.block(0)[0] | std::uint64_t{s.block(0)[1]} << 32) == 0x95db96cfafd66b92u);
  static_assert(noexcept(s.block(0)), "block is noexcept");
}

// Found by the derive fuzz target: operator[](i) for i >= 2^63 read block
// i / 2 beyond the stream's 2^62 blocks, while output i is words 2i, 2i + 1
// modulo 2^64 (what seek(2 * i) followed by operator() returns).
TEST_CASE("operator[] wraps like the word position", "[stream]") {
  const seedkit::stream s(seedkit::key(12321) / "wrap");
  for (const std::uint64_t i : {std::uint64_t{0}, std::uint64_t{5}, (std::uint64_t{1} << 62) + 3}) {
    const std::uint64_t j = i + (std::uint64_t{1} << 63);
    seedkit::stream t = s;
    t.seek(2 * j);
    CHECK(s[j] == s[i]);
    CHECK(t() == s[j]);
  }
}

TEST_CASE("fill into contiguous words equals repeated calls", "[stream]") {
  // fill()'s bulk path (16 blocks straight from the lanes kernel) against
  // compact_stream's one-block buffer: every start position inside a block,
  // lengths around the 32-output run, a run that would carry from lo(b)
  // into hi(b), and the end of the 2^64-word stream, through a pointer and
  // through a std::vector's iterators.
  const seedkit::key k = seedkit::key(777) / "fill";
  const std::uint64_t carry = 4 * (std::uint64_t{0xffffffff} - 20);
  const std::uint64_t wrap = ~std::uint64_t{0} - 300;
  for (std::uint64_t base : {std::uint64_t{0}, std::uint64_t{1000}, carry, wrap}) {
    for (std::uint64_t offset = 0; offset < 8; ++offset) {
      for (std::size_t n : {0u, 1u, 2u, 31u, 32u, 33u, 64u, 65u, 97u, 300u}) {
        seedkit::stream a(k, base + offset);
        seedkit::compact_stream b(k, base + offset);
        std::vector<std::uint64_t> got(n + 1, 0);
        if (offset % 2 == 0) {
          a.fill(got.data(), got.data() + n);
        } else {
          a.fill(got.begin(), got.begin() + static_cast<std::ptrdiff_t>(n));
        }
        bool same = got[n] == 0;  // nothing written past the end
        for (std::size_t i = 0; i < n; ++i) same = same && got[i] == b();
        same = same && a.position() == b.position() && a() == b();
        INFO("base " << base << ", offset " << offset << ", n " << n);
        CHECK(same);
      }
    }
  }
}

// Tests for seedkit/derive.hpp.
//
// Golden values come from tests/reference/derive.py, an independent
// standard-library Python implementation of docs/derivation.md; the checked-in
// output is tests/reference/derive_golden.txt (a ctest test re-runs the
// script and diffs it).
#include "seedkit/derive.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "seedkit/stream.hpp"
#include "support/golden.hpp"

using seedkit::key;

// Compile-time contracts.
static_assert(key(1) / "model/encoder/dropout" == key(1) / "model" / "encoder" / "dropout", "");
static_assert(key(1) / "a" != key(1) / "b", "");
static_assert(key(1) / 0 != key(1) / "", "an index and a name never coincide by construction");
static_assert(noexcept(key(1).derive("x")), "");
static_assert(noexcept(key(1).derive(3)), "");
static_assert(key(7).seed() == 7 && key(7).subsequence() == 0, "the root key is (seed, 0)");

TEST_CASE("derived keys match the Python reference", "[derive][golden]") {
  const auto lines = seedkit_test::golden_lines("derive_golden.txt", "derive");
  REQUIRE(lines.size() > 100);
  int checked = 0;
  for (const auto& f : lines) {
    // derive <master> <ops> : <seed> <subsequence> <out0..out3>
    REQUIRE(f.size() == 10);
    key k(seedkit_test::hex64(f[1]));
    std::string ops = f[2] + ",";
    for (std::size_t at = 0, comma; (comma = ops.find(',', at)) != std::string::npos;
         at = comma + 1) {
      const std::string op = ops.substr(at, comma - at);
      const std::string arg = op.substr(1);
      if (op[0] == 'i') {
        k = k.derive(std::stoull(arg));
      } else if (op[0] == 'p') {
        k = k.derive(std::string_view(seedkit_test::unhex(arg)));
      } else {
        const std::string name = seedkit_test::unhex(arg);
        k = k.derive_name(name.data(), name.size());
      }
    }
    INFO("line: derive " << f[1] << " " << f[2]);
    CHECK(k.seed() == seedkit_test::hex64(f[4]));
    CHECK(k.subsequence() == seedkit_test::hex64(f[5]));
    const seedkit::stream s(k);
    for (std::uint64_t j = 0; j < 4; ++j) CHECK(s[j] == seedkit_test::hex64(f[6 + j]));
    ++checked;
  }
  CHECK(checked == static_cast<int>(lines.size()));
}

TEST_CASE("slash paths equal chained names", "[derive]") {
  const key root(12321);
  CHECK(root.derive("model/encoder/dropout") ==
        root.derive("model").derive("encoder").derive("dropout"));
  CHECK(root / "a//b" == root / "a" / "" / "b");
  CHECK(root / "/a" == root / "" / "a");
  CHECK(root.derive(std::string("x/y")) == root / "x" / "y");
  const std::string with_slash = "a/b";
  CHECK(root.derive_name(with_slash.data(), with_slash.size()) != root / "a/b");
}

TEST_CASE("keys are distinct across names, lengths, indices and parents", "[derive]") {
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  const key root(42);
  const auto add = [&](const key& k) { return seen.insert({k.seed(), k.subsequence()}).second; };
  bool all_new = add(root);
  for (std::uint64_t i = 0; i < 20000; ++i) all_new = add(root / i) && all_new;
  std::string name;
  for (int len = 0; len < 40; ++len) {
    all_new = add(root.derive_name(name.data(), name.size())) && all_new;  // "", "\0", ...
    name += '\0';
  }
  for (int i = 0; i < 2000; ++i) all_new = add(root / ("w" + std::to_string(i))) && all_new;
  for (std::uint64_t m = 0; m < 2000; ++m) all_new = add(key(m) / "data") && all_new;
  CHECK(all_new);
}

TEST_CASE("derivation does not depend on order or threads", "[derive][threads]") {
  const key root(2026);
  std::vector<std::string> names;
  for (int i = 0; i < 200; ++i) names.push_back("layer" + std::to_string(i) + "/weights");
  std::vector<key> expected;
  for (const auto& n : names) expected.push_back(root / n);

  constexpr int threads = 4;
  std::vector<std::vector<key>> got(threads, std::vector<key>(names.size()));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<std::size_t> order(names.size());
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::shuffle(order.begin(), order.end(), std::mt19937(static_cast<unsigned>(t)));
      for (std::size_t i : order) got[static_cast<std::size_t>(t)][i] = root / names[i];
    });
  }
  for (auto& th : pool) th.join();
  for (const auto& g : got) CHECK(g == expected);
}

// Stream version 1 XORed the tweak into the Philox key of one block, so two
// master seeds reached the same key whenever m1 ^ t1 == m2 ^ t2 and the
// messages agreed. These reproducers collided under version 1.
TEST_CASE("different master seeds never meet by construction", "[derive][collision]") {
  constexpr std::uint64_t index_tweak = key::index_tweak;
  constexpr std::uint64_t name4 = key::name_tweak ^ (std::uint64_t{4} << 32);
  static_assert((std::uint64_t{0} ^ index_tweak) == (0x58444e4d454d414fu ^ name4),
                "the reproducer's seeds line up under the version-1 construction");
  // "data" as a little-endian 64-bit message is 0x61746164.
  CHECK(key(0) / std::uint64_t{0x61746164} != key(0x58444e4d454d414f) / "data");
  CHECK(key(0) / std::uint64_t{0x61746164} / "shuffle" != key(0x58444e4d454d414f) / "data/shuffle");
  // Names padded with NULs: same message, lengths 1 and 3, seeds that
  // differ by the length bits of the tweak.
  CHECK(key(12321) / "a" != key(12321 ^ (std::uint64_t{2} << 32)) / std::string_view("a\0\0", 3));
  CHECK(key(12321) / "a" != key(12321) / std::string_view("a\0\0", 3));

  // The same alignment for many seeds, names and indices: every seed
  // m2 = m1 ^ t1 ^ t2 that version 1 would have merged.
  std::mt19937_64 rng(20261205);
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  int pairs = 0;
  for (int i = 0; i < 2000; ++i) {
    const std::uint64_t m1 = rng();
    const std::uint64_t len = 1 + rng() % 8;
    std::string name(len, '\0');
    for (auto& c : name) c = static_cast<char>(rng() % 3 == 0 ? 0 : 'a' + rng() % 26);
    std::uint64_t message = 0;
    for (std::size_t b = 0; b < name.size(); ++b) {
      message |= std::uint64_t{static_cast<unsigned char>(name[b])} << (8 * b);
    }
    const std::uint64_t tname = key::name_tweak ^ (len << 32);
    const key by_index = key(m1) / message;
    const key by_name = key(m1 ^ index_tweak ^ tname) / std::string_view(name);
    CHECK(by_index != by_name);
    for (std::uint64_t other = 1; other <= 8; ++other) {
      if (other == len) continue;
      std::string padded = name;
      padded.resize(other, '\0');
      if (padded.size() < name.size() && padded != name.substr(0, other)) continue;
      const std::uint64_t tother = key::name_tweak ^ (other << 32);
      if (padded.size() > name.size()) {
        CHECK(key(m1) / std::string_view(name) !=
              key(m1 ^ tname ^ tother) / std::string_view(padded));
        ++pairs;
      }
    }
    seen.insert({by_index.seed(), by_index.subsequence()});
    seen.insert({by_name.seed(), by_name.subsequence()});
  }
  CHECK(pairs > 1000);
  CHECK(seen.size() == 4000);
}

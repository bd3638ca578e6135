// Tests for seedkit/numpy.hpp against numpy's values, read from
// tests/reference/known_answers.txt (which cites each one):
// - numpy's own test suite, numpy/random/tests/test_seed_sequence.py
//   (test_reference_data, first case): entropy [0xdeadbeef, 0x0badcafe,
//   0x0dadface, 0x12345678] and its generate_state(4);
// - values printed by numpy 1.24.2 (Debian python3-numpy) for
//   SeedSequence(12345), its first spawned child and SeedSequence(42).
// tests/numpy/ cross-checks many random entropies against numpy itself when
// python3-numpy is installed.
#include "seedkit/numpy.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/known_answers.hpp"

using seedkit::numpy_seed_sequence;
using u32s = std::vector<std::uint32_t>;
using u64s = std::vector<std::uint64_t>;

namespace {

// An entry of known_answers.txt split at `inputs`: the entropy words, then
// the generated words.
struct entry {
  u64s entropy;
  u64s words;
};
entry load(const std::string& name, std::size_t inputs) {
  const u64s v = seedkit_test::known_answer(name);
  REQUIRE(v.size() > inputs);
  return {u64s(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(inputs)),
          u64s(v.begin() + static_cast<std::ptrdiff_t>(inputs), v.end())};
}
u64s widen(const u32s& w) { return u64s(w.begin(), w.end()); }

}  // namespace

TEST_CASE("numpy's own SeedSequence test vector", "[numpy][kat]") {
  const entry e = load("numpy.seed_sequence.reference", 4);
  numpy_seed_sequence s(e.entropy);
  CHECK(widen(s.generate_state_u32(e.words.size())) == e.words);
}

TEST_CASE("SeedSequence(12345) and (42) as printed by numpy", "[numpy][kat]") {
  const entry a = load("numpy.seed_sequence.12345.u32", 1);
  const entry b = load("numpy.seed_sequence.12345.u64", 1);
  const entry c = load("numpy.seed_sequence.42.u32", 1);
  numpy_seed_sequence s(a.entropy[0]);
  CHECK(widen(s.generate_state_u32(a.words.size())) == a.words);
  CHECK(numpy_seed_sequence(b.entropy[0]).generate_state_u64(b.words.size()) == b.words);
  CHECK(widen(numpy_seed_sequence(c.entropy[0]).generate_state_u32(c.words.size())) == c.words);
}

TEST_CASE("spawn() matches numpy's children", "[numpy][kat]") {
  const entry child = load("numpy.seed_sequence.12345.spawn0.u32", 1);
  const u64s child_words = child.words;
  numpy_seed_sequence s(child.entropy[0]);
  auto children = s.spawn(2);
  REQUIRE(children.size() == 2);
  CHECK(widen(children[0].generate_state_u32(child_words.size())) == child_words);
  CHECK(children[0].spawn_key() == u64s{0});
  CHECK(children[1].spawn_key() == u64s{1});
  CHECK(s.n_children_spawned() == 2);
  CHECK(s.spawn(1)[0].spawn_key() == u64s{2});
  // A child is SeedSequence(entropy, spawn_key=(i,)).
  CHECK(widen(numpy_seed_sequence(child.entropy, u64s{0}).generate_state_u32(child_words.size())) ==
        child_words);
}

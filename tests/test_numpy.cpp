// Tests for seedkit/numpy.hpp against published numpy values:
// - numpy's own test suite, numpy/random/tests/test_seed_sequence.py:
//   entropy [3735928559, 195939070, 229505742, 305419896] (0xdeadbeef,
//   0xbadcafe, 0xdadface, 0x12345678) gives
//   generate_state(4) = [3914649087, 576849849, 3593928901, 2229911004];
// - values printed by Debian's python3-numpy 1.24.2, recorded in
//   shared/reference/dependencies.md section 7.
// tests/numpy/ cross-checks many random entropies against numpy itself when
// python3-numpy is installed.
#include "seedkit/numpy.hpp"

#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

using seedkit::numpy_seed_sequence;
using u32s = std::vector<std::uint32_t>;
using u64s = std::vector<std::uint64_t>;

TEST_CASE("numpy's own SeedSequence test vector", "[numpy][kat]") {
  numpy_seed_sequence s(u64s{3735928559u, 195939070u, 229505742u, 305419896u});
  CHECK(s.generate_state_u32(4) == u32s{3914649087u, 576849849u, 3593928901u, 2229911004u});
}

TEST_CASE("SeedSequence(12345) and (42) as printed by numpy", "[numpy][kat]") {
  numpy_seed_sequence s(12345);
  CHECK(s.generate_state_u32(4) == u32s{2688385916u, 3048105090u, 4196366895u, 3152189807u});
  CHECK(s.generate_state_u64(4) == u64s{13091511679009522556u, 13538552136045918767u,
                                        7269824232120749972u, 4520223790601600371u});
  CHECK(numpy_seed_sequence(42).generate_state_u32(4) ==
        u32s{3444837047u, 2669555309u, 2046530742u, 3581440988u});
}

TEST_CASE("spawn() matches numpy's children", "[numpy][kat]") {
  numpy_seed_sequence s(12345);
  auto children = s.spawn(2);
  REQUIRE(children.size() == 2);
  CHECK(children[0].generate_state_u32(2) == u32s{959183449u, 3196577012u});
  CHECK(children[0].spawn_key() == u64s{0});
  CHECK(children[1].spawn_key() == u64s{1});
  CHECK(s.n_children_spawned() == 2);
  CHECK(s.spawn(1)[0].spawn_key() == u64s{2});
  // A child is SeedSequence(entropy, spawn_key=(i,)).
  CHECK(numpy_seed_sequence(u64s{12345}, u64s{0}).generate_state_u32(2) ==
        u32s{959183449u, 3196577012u});
}

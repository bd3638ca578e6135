// Stand-alone check of philox4_lanes under one instruction set (the
// flavours in tests/lanes/tests.cmake): bulk generate() and the 16-block
// stream buffer give the same words as the block function, one block at a
// time. Exit status 0 when they agree, 77 when the CPU lacks the flavour's
// instructions, 1 otherwise.
#include <cstdint>
#include <cstdio>
#include <deque>
#include <vector>

#include "seedkit/philox.hpp"
#include "seedkit/stream.hpp"

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAILED: %s\n", what);
    ++failures;
  }
}

// generate() against operator(), over lengths around the 16-block batch,
// offsets inside a block, a counter that carries out of word 0, 64-bit
// values and a non-contiguous iterator.
void check_generate() {
  for (std::size_t skip : {0u, 1u, 2u, 3u, 5u}) {
    for (std::size_t len : {0u, 3u, 63u, 64u, 65u, 127u, 128u, 200u, 1031u, 4096u}) {
      seedkit::philox4x32 a(0x9abcdef0u), b(0x9abcdef0u);
      a.discard(skip);
      b.discard(skip);
      std::vector<std::uint32_t> out(len);
      a.generate(out.begin(), out.end());
      bool same = true;
      for (std::uint32_t v : out) same = same && v == b();
      check(same && a == b, "generate() into uint32_t equals operator()");
      std::uint32_t raw[1031] = {};
      const std::size_t n = len < 1031 ? len : 1031;
      a.generate(raw, raw + n);
      same = true;
      for (std::size_t i = 0; i < n; ++i) same = same && raw[i] == b();
      check(same && a == b, "generate() through a pointer equals operator()");
    }
  }
  for (std::uint32_t start : {0xffffff00u, 0xfffffff0u, 0xffffffc1u}) {
    seedkit::philox4x32 e(5), f(5);
    e.set_counter({0, 7, 1, start});
    f.set_counter({0, 7, 1, start});
    std::vector<std::uint32_t> carry(64 * 9);
    e.generate(carry.begin(), carry.end());
    bool same = true;
    for (std::uint32_t v : carry) same = same && v == f();
    check(same && e == f, "generate() across a carry out of counter word 0");
  }
  seedkit::philox4x32 c(31), d(31);
  std::deque<std::uint64_t> wide(64 * 5 + 1);
  c.generate(wide.begin(), wide.end());
  bool same = true;
  for (std::uint64_t v : wide) same = same && v == d();
  check(same && c == d, "generate() into a deque of uint64_t equals operator()");

  seedkit::philox4x32 e(0x12345678);
  std::vector<std::uint32_t> blocks(64 * 4);
  e.generate(blocks.begin(), blocks.end());
  same = true;
  for (std::uint32_t blk = 0; blk < 64; ++blk) {
    const auto y = seedkit::philox4x32_block({{blk, 0, 0, 0}}, {{0x12345678, 0}});
    for (std::size_t i = 0; i < 4; ++i) same = same && blocks[4 * blk + i] == y[i];
  }
  check(same, "generate() equals philox4x32_block at each counter");
}

// The 16-block stream against the one-block stream, from many positions,
// including refills that cross a 2^32-block boundary.
void check_stream() {
  const seedkit::key k = seedkit::key(0x5eed) / "lanes";
  const std::uint64_t starts[] = {
      0, 1, 62, 4 * 0xfffffff0ull, 4 * 0xfffffffbull + 2, 0x123456789abcull};
  for (std::uint64_t start : starts) {
    seedkit::stream a(k, start);
    seedkit::compact_stream b(k, start);
    bool same = true;
    for (int i = 0; i < 1000; ++i) same = same && a() == b();
    check(same, "stream equals compact_stream");
    // fill()'s bulk path (straight from the kernel; packed by shifts on
    // big-endian targets), from an even and an odd position.
    for (std::uint64_t skip : {0u, 1u, 2u}) {
      seedkit::stream f(k, start + skip);
      seedkit::compact_stream g(k, start + skip);
      std::vector<std::uint64_t> out(301);
      f.fill(out.begin(), out.end());
      same = true;
      for (std::uint64_t v : out) same = same && v == g();
      check(same && f == seedkit::stream(k, g.position()), "stream::fill equals compact_stream");
    }
  }
}

// Published known answers, so that a cross-compiled run (tests/lanes, under
// qemu-user) checks the block function itself on that architecture:
// Random123 1.14 kat_vectors (philox4x32-10 "ones" and pi), and C++26
// [rand.eng.philox]/[rand.predef]: the 10000th invocation of a
// default-constructed philox4x32 is 1955073260.
void check_known_answers() {
  using seedkit::philox4x32_block;
  check(philox4x32_block({{~0u, ~0u, ~0u, ~0u}}, {{~0u, ~0u}}) ==
            seedkit::philox4x32_ctr{{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        "philox4x32-10 known answer (ones)");
  check(philox4x32_block({{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}},
                         {{0xa4093822, 0x299f31d0}}) ==
            seedkit::philox4x32_ctr{{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
        "philox4x32-10 known answer (pi)");
  seedkit::philox4x32 e;
  e.discard(9999);
  check(e() == 1955073260u, "philox4x32 10000th invocation");
  std::vector<std::uint32_t> bulk(10000);
  seedkit::philox4x32 f;
  f.generate(bulk.begin(), bulk.end());
  check(bulk.back() == 1955073260u, "philox4x32 generate(): 10000th word");
}

}  // namespace

int main() {
#if defined(SEEDKIT_LANES_NEEDS) && (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__x86_64__) || defined(__i386__))
  if (!__builtin_cpu_supports(SEEDKIT_LANES_NEEDS)) {
    std::printf("skipped: this CPU has no %s instructions\n", SEEDKIT_LANES_NEEDS);
    return 77;
  }
#endif
#if defined(SEEDKIT_LANES_EXPECT_SIMD)
  check(SEEDKIT_SIMD_LANES == SEEDKIT_LANES_EXPECT_SIMD, "SEEDKIT_SIMD_LANES as expected");
#endif
  check_known_answers();
  check_generate();
  check_stream();
  std::printf("%s (SEEDKIT_WIDE_LANES %d, SEEDKIT_SIMD_LANES %d, SEEDKIT_DISPATCH_AVX2 %d)\n",
              failures ? "FAILED" : "ok", SEEDKIT_WIDE_LANES, SEEDKIT_SIMD_LANES,
              SEEDKIT_DISPATCH_AVX2);
  return failures ? 1 : 0;
}

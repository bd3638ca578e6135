// Derivation, stream output, the engines and index_permutation never touch
// the heap: this file
// replaces the global operator new with a counting one (for the whole test
// program) and checks that the counter does not move on those paths.
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>

#include <catch2/catch.hpp>

#include "seedkit/derive.hpp"
#include "seedkit/index_permutation.hpp"
#include "seedkit/philox.hpp"
#include "seedkit/splitmix64.hpp"
#include "seedkit/stream.hpp"

namespace {
std::atomic<std::size_t> allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
// g++ cannot see that the replaced operator new above is malloc-based.
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#if defined(__GNUC__) && !defined(__clang__)
#  pragma GCC diagnostic pop
#endif

TEST_CASE("the counting allocator counts", "[allocation]") {
  const std::size_t before = allocations.load();
  auto* p = new std::string(100, 'x');  // beyond any small-string buffer
  delete p;
  CHECK(allocations.load() > before);
}

TEST_CASE("derive, streams and engines do not allocate", "[allocation]") {
  const std::string name8 = "abcdefgh";
  const std::string name32(32, 'n');
  const std::string name128(128, 'm');
  const seedkit::key root(12321);
  std::uint64_t sink = 0;

  const std::size_t before = allocations.load();
  for (int i = 0; i < 100; ++i) {
    const seedkit::key a = root.derive(name8);
    const seedkit::key b = root.derive(name32);
    const seedkit::key c = root / name128 / static_cast<std::uint64_t>(i);
    seedkit::stream s(a);
    seedkit::compact_stream t(b);
    for (int j = 0; j < 100; ++j) sink ^= s() ^ t() ^ s.next_u32();
    s.discard(1000);
    sink ^= s[77] ^ c.seed();
    seedkit::philox4x32 e(static_cast<std::uint64_t>(i));
    seedkit::splitmix64 g(sink);
    sink ^= e() ^ g();
  }
  CHECK(allocations.load() == before);
  CHECK(sink != 0);
}

TEST_CASE("index_permutation, its iterators, copy and shard views do not allocate",
          "[allocation]") {
  const seedkit::key k = seedkit::key(12321) / "loader";
  std::uint64_t sink = 0;
  std::uint64_t batch[16] = {};
  const std::size_t before = allocations.load();
  for (std::uint64_t n : {std::uint64_t{10}, std::uint64_t{1000003}, ~std::uint64_t{0}}) {
    const seedkit::index_permutation p(k / n, n);
    for (auto it = p.begin(); it != p.end() && it.position() < 100; ++it) sink ^= *it;
    sink ^= p.inverse(n - 1);
    p.copy(0, n < 16 ? n : 16, batch);
    sink ^= batch[3];
    const auto view = p.shard(1, 3, seedkit::shard_tail::pad);
    for (std::uint64_t t = 0; t < view.size() && t < 100; ++t) sink ^= view[t];
  }
  CHECK(allocations.load() == before);
  CHECK(sink != 0);
}

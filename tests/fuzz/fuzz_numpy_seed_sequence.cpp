// Fuzz target: seedkit::numpy_seed_sequence (include/seedkit/numpy.hpp)
// against an independent implementation of numpy's SeedSequence written
// here from numpy/random/bit_generator.pyx: hashmix with INIT_A 0x43b0d7e5,
// MULT_A 0x931e8875; generate_state with INIT_B 0x8b51f9dd, MULT_B
// 0x58f38ded; mix with MIX_MULT_L 0xca01f9dd, MIX_MULT_R 0x4973f715;
// XSHIFT 16; pool size 4; integers coerced to 32-bit words least
// significant first (0 is one word 0); run entropy zero-padded to the pool
// size when a spawn key follows.
//
// Input: entropy count (0-8), spawn-key count (0-4), n, spawn count, then
// the 64-bit values. The pool, generate_state_u32(n) and
// generate_state_u64(n), and the children of two spawn() calls must match.
// Now and then n is huge (2^40 and more, including n >= 2^63 where 2n
// wraps): generate_state must then throw seedkit::error (it cannot return
// that many words); any other exception escaping is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "fuzz_new.hpp"
#include "seedkit/numpy.hpp"

namespace {

constexpr std::uint32_t INIT_A = 0x43b0d7e5u, MULT_A = 0x931e8875u, INIT_B = 0x8b51f9ddu,
                        MULT_B = 0x58f38dedu, MIX_MULT_L = 0xca01f9ddu, MIX_MULT_R = 0x4973f715u;
constexpr unsigned XSHIFT = 16;
constexpr std::size_t POOL = 4;

std::uint32_t hashmix(std::uint32_t value, std::uint32_t& hash_const) {
  value ^= hash_const;
  hash_const *= MULT_A;
  value *= hash_const;
  value ^= value >> XSHIFT;
  return value;
}

std::uint32_t mix(std::uint32_t x, std::uint32_t y) {
  std::uint32_t r = MIX_MULT_L * x - MIX_MULT_R * y;
  r ^= r >> XSHIFT;
  return r;
}

// _int_to_uint32_array: 0 is [0]; otherwise the words, least significant first.
void coerce(std::vector<std::uint32_t>& out, std::uint64_t n) {
  if (n == 0) out.push_back(0);
  while (n > 0) {
    out.push_back(static_cast<std::uint32_t>(n & 0xffffffffu));
    n >>= 32;
  }
}

struct reference {
  std::uint32_t pool[POOL];

  reference(const std::vector<std::uint64_t>& entropy, const std::vector<std::uint64_t>& spawn) {
    // get_assembled_entropy
    std::vector<std::uint32_t> run, sp;
    for (std::uint64_t v : entropy) coerce(run, v);
    for (std::uint64_t v : spawn) coerce(sp, v);
    if (!sp.empty() && run.size() < POOL) run.resize(POOL, 0);
    std::vector<std::uint32_t> e = run;
    e.insert(e.end(), sp.begin(), sp.end());
    // mix_entropy
    std::uint32_t hc = INIT_A;
    for (std::size_t i = 0; i < POOL; ++i) pool[i] = hashmix(i < e.size() ? e[i] : 0u, hc);
    for (std::size_t s = 0; s < POOL; ++s) {
      for (std::size_t d = 0; d < POOL; ++d) {
        if (s != d) pool[d] = mix(pool[d], hashmix(pool[s], hc));
      }
    }
    for (std::size_t s = POOL; s < e.size(); ++s) {
      for (std::size_t d = 0; d < POOL; ++d) pool[d] = mix(pool[d], hashmix(e[s], hc));
    }
  }

  std::vector<std::uint32_t> state32(std::size_t n) const {
    std::vector<std::uint32_t> out(n);
    std::uint32_t hc = INIT_B;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t v = pool[i % POOL];
      v ^= hc;
      hc *= MULT_B;
      v *= hc;
      v ^= v >> XSHIFT;
      out[i] = v;
    }
    return out;
  }
  std::vector<std::uint64_t> state64(std::size_t n) const {  // '<u4' viewed as '<u8'
    const auto w = state32(2 * n);
    std::vector<std::uint64_t> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = w[2 * i] | std::uint64_t{w[2 * i + 1]} << 32;
    return out;
  }
};

struct reader {
  const std::uint8_t* p;
  std::size_t n;
  std::uint8_t byte() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= std::uint64_t{byte()} << (8 * i);
    return v;
  }
};

void compare(const seedkit::numpy_seed_sequence& ss, const std::vector<std::uint64_t>& entropy,
             const std::vector<std::uint64_t>& spawn, std::size_t n, const char* what) {
  const reference ref(entropy, spawn);
  FUZZ_CHECK(ss.entropy() == entropy && ss.spawn_key() == spawn, "%s: entropy or spawn_key differ",
             what);
  for (std::size_t i = 0; i < POOL; ++i) {
    FUZZ_CHECK(ss.pool()[i] == ref.pool[i], "%s: pool[%zu] is %08x, numpy's algorithm gives %08x",
               what, i, ss.pool()[i], ref.pool[i]);
  }
  FUZZ_CHECK(ss.generate_state_u32(n) == ref.state32(n), "%s: generate_state_u32(%zu) differs",
             what, n);
  FUZZ_CHECK(ss.generate_state_u64(n) == ref.state64(n), "%s: generate_state_u64(%zu) differs",
             what, n);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // The reference against numpy's published values (tests/reference/known_answers.txt).
  const reference a({0xdeadbeef, 0x0badcafe, 0x0dadface, 0x12345678}, {});
  FUZZ_CHECK(a.state32(4) ==
                 (std::vector<std::uint32_t>{3914649087u, 576849849u, 3593928901u, 2229911004u}),
             "fuzz target: the reference fails numpy's test_reference_data");
  const reference b({12345}, {});
  FUZZ_CHECK(b.state32(4) ==
                 (std::vector<std::uint32_t>{2688385916u, 3048105090u, 4196366895u, 3152189807u}),
             "fuzz target: the reference fails SeedSequence(12345).generate_state(4)");
  FUZZ_CHECK(
      b.state64(2) == (std::vector<std::uint64_t>{13091511679009522556u, 13538552136045918767u}),
      "fuzz target: the reference fails SeedSequence(12345).generate_state(2, uint64)");
  const reference c({12345}, {0});
  FUZZ_CHECK(c.state32(2) == (std::vector<std::uint32_t>{959183449u, 3196577012u}),
             "fuzz target: the reference fails SeedSequence(12345).spawn(2)[0]");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reader in{data, size};
  const std::uint8_t counts = in.byte();
  const std::uint8_t nbyte = in.byte();
  const unsigned spawn_count = in.byte() % 4;
  std::vector<std::uint64_t> entropy(counts % 9), spawn((counts >> 4) % 5);
  for (auto& v : entropy) v = (in.byte() & 1) ? in.u64() : in.byte();  // small values too
  for (auto& v : spawn) v = (in.byte() & 1) ? in.u64() : in.byte();

  seedkit::numpy_seed_sequence ss(entropy, spawn);
  if (nbyte >= 0xf0) {
    // A huge n: refused with seedkit::error, or a finding.
    static const std::uint64_t huge[] = {std::uint64_t{1} << 40,       std::uint64_t{1} << 61,
                                         (std::uint64_t{1} << 62) + 1, std::uint64_t{1} << 63,
                                         (std::uint64_t{1} << 63) + 2, ~std::uint64_t{0} / 2 + 4,
                                         ~std::uint64_t{0} - 1,        ~std::uint64_t{0}};
    const std::size_t n = static_cast<std::size_t>(huge[nbyte % 8]);
    const std::string arg = "(" + std::to_string(n) + ")";
    fuzz::expect_error("numpy_seed_sequence::generate_state_u32" + arg,
                       [&] { (void)ss.generate_state_u32(n); });
    fuzz::expect_error("numpy_seed_sequence::generate_state_u64" + arg,
                       [&] { (void)ss.generate_state_u64(n); });
    return 0;
  }
  const std::size_t n = nbyte % 80;
  compare(ss, entropy, spawn, n, "SeedSequence");

  // Two spawn() calls: children count on from those spawned before.
  std::uint64_t spawned = 0;
  for (int call = 0; call < 2; ++call) {
    const auto children = ss.spawn(spawn_count);
    FUZZ_CHECK(children.size() == spawn_count, "spawn(%u) gave %zu children", spawn_count,
               children.size());
    for (std::size_t i = 0; i < children.size(); ++i) {
      std::vector<std::uint64_t> key = spawn;
      key.push_back(spawned + i);
      compare(children[i], entropy, key, n % 9, "spawned child");
    }
    spawned += spawn_count;
    FUZZ_CHECK(ss.n_children_spawned() == spawned, "n_children_spawned() is %llu, want %llu",
               static_cast<unsigned long long>(ss.n_children_spawned()),
               static_cast<unsigned long long>(spawned));
  }
  return 0;
}

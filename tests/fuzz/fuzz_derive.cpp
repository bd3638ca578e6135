// Fuzz target: seedkit::key derivation and seedkit streams
// (include/seedkit/derive.hpp, stream.hpp, seed_seq.hpp) against an
// independent implementation of docs/derivation.md (stream version 2),
// written here from that document alone.
//
// Input: an 8-byte master seed (little-endian, as every number here), then
// up to 64 operations, each an opcode byte (taken modulo 6) and operands:
//   0  index: 8 bytes i                      key / i (also as signed types)
//   1  name: length byte L, L bytes          key.derive_name(bytes)
//   2  path: length byte L, L bytes          key / path ('/' separates names)
//   3  words: 16 bytes                       key::from_words(k, s)
//   4  stream: an 8-byte word offset (none with opcode bit 7: the offset is
//      2^64 - 1 - (opcode & 15)), a count byte, then that many stream ops,
//      each a byte taken modulo 8: 0 next_u32, 1-2 operator(), 3 seek (8
//      bytes; with bit 7 near 2^64), 4 discard (8 bytes; 1 with bit 7),
//      5 word(8 bytes), 6 operator[](8 bytes), 7 block(8 bytes); run on
//      seedkit::stream and seedkit::compact_stream alike
//   5  seed_seq: count byte (0-8), 4 bytes each
// After every operation the key (and every stream output) must equal the
// reference. LLVMFuzzerInitialize first checks the reference against the
// document's known answers (Philox KAT, the worked example).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_common.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/seed_seq.hpp"
#include "seedkit/stream.hpp"

namespace {

// --- docs/derivation.md, independently --------------------------------------

struct block4 {
  std::uint32_t w[4];
};

std::uint32_t lo32(std::uint64_t v) { return static_cast<std::uint32_t>(v); }
std::uint32_t hi32(std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); }

// Philox4x32-10 ("Notation").
block4 philox(std::uint32_t c0, std::uint32_t c1, std::uint32_t c2, std::uint32_t c3,
              std::uint32_t k0, std::uint32_t k1) {
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * c0;
    const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * c2;
    const std::uint32_t n0 = hi32(p1) ^ c1 ^ k0, n1 = lo32(p1), n2 = hi32(p0) ^ c3 ^ k1,
                        n3 = lo32(p0);
    c0 = n0;
    c1 = n1;
    c2 = n2;
    c3 = n3;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return {{c0, c1, c2, c3}};
}

struct ref_key {
  std::uint64_t k = 0, s = 0;
};

constexpr std::uint64_t T_INDEX = 0x58444E4900000001u;
constexpr std::uint64_t T_NAME = 0x00000000454D414Eu;

// "Step": two blocks, u absorbs the tweak, y the message.
ref_key step(ref_key p, std::uint64_t x, std::uint64_t t) {
  const block4 u = philox(lo32(p.s), hi32(p.s), lo32(t), hi32(t), lo32(p.k), hi32(p.k));
  const block4 y = philox(u.w[2], u.w[3], lo32(x), hi32(x), u.w[0], u.w[1]);
  return {y.w[0] | std::uint64_t{y.w[1]} << 32, y.w[2] | std::uint64_t{y.w[3]} << 32};
}

ref_key ref_index(ref_key p, std::uint64_t i) { return step(p, i, T_INDEX); }

ref_key ref_name(ref_key p, std::string_view b) {
  const std::uint64_t L = b.size();
  const std::uint64_t steps = L == 0 ? 1 : (L + 7) / 8;
  const std::uint64_t t = T_NAME ^ (L << 32);
  for (std::uint64_t j = 0; j < steps; ++j) {
    std::uint64_t x = 0;
    for (std::uint64_t n = 0; n < 8; ++n) {
      if (8 * j + n < L) x |= std::uint64_t{static_cast<unsigned char>(b[8 * j + n])} << (8 * n);
    }
    p = step(p, x, t);
  }
  return p;
}

ref_key ref_path(ref_key p, std::string_view path) {
  std::size_t begin = 0;
  for (;;) {
    const std::size_t slash = path.find('/', begin);
    if (slash == std::string_view::npos) return ref_name(p, path.substr(begin));
    p = ref_name(p, path.substr(begin, slash - begin));
    begin = slash + 1;
  }
}

// "Streams": word i of the stream of (k, s).
std::uint32_t ref_word(ref_key key, std::uint64_t i) {
  const std::uint64_t b = i / 4;
  return philox(lo32(b), hi32(b), lo32(key.s), hi32(key.s), lo32(key.k), hi32(key.k)).w[i % 4];
}

std::uint64_t ref_pair(ref_key key, std::uint64_t p) {  // w[p] | w[p + 1] << 32, wrapping
  return ref_word(key, p) | std::uint64_t{ref_word(key, p + 1)} << 32;
}

// --- comparisons ------------------------------------------------------------------

void same_key(const seedkit::key& got, ref_key want, const char* what) {
  FUZZ_CHECK(got.seed() == want.k && got.subsequence() == want.s,
             "%s: seedkit gives (%016llx, %016llx), docs/derivation.md (%016llx, %016llx)", what,
             static_cast<unsigned long long>(got.seed()),
             static_cast<unsigned long long>(got.subsequence()),
             static_cast<unsigned long long>(want.k), static_cast<unsigned long long>(want.s));
}

// Reads from the input; zero past its end.
struct reader {
  const std::uint8_t* p;
  std::size_t n;
  bool empty() const { return n == 0; }
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
  std::string bytes(std::size_t len) {
    std::string s;
    for (std::size_t i = 0; i < len && n > 0; ++i) s += static_cast<char>(byte());
    return s;
  }
};

template <class Stream>
void stream_ops(reader& in, ref_key key, std::uint64_t offset, unsigned count, const char* type) {
  Stream s(seedkit::key::from_words(key.k, key.s), offset);
  std::uint64_t pos = offset;
  for (unsigned c = 0; c < count && !in.empty(); ++c) {
    const std::uint8_t op = in.byte();
    switch (op % 8) {
      case 0: {
        const std::uint32_t got = s.next_u32();
        FUZZ_CHECK(got == ref_word(key, pos), "%s next_u32 at position %llx is %08x, want %08x",
                   type, static_cast<unsigned long long>(pos), got, ref_word(key, pos));
        ++pos;
        break;
      }
      case 1:
      case 2: {
        const std::uint64_t got = s();
        FUZZ_CHECK(got == ref_pair(key, pos),
                   "%s operator() at position %llx is %016llx, want %016llx", type,
                   static_cast<unsigned long long>(pos), static_cast<unsigned long long>(got),
                   static_cast<unsigned long long>(ref_pair(key, pos)));
        pos += 2;
        break;
      }
      case 3: {  // seek near the end of the period, or anywhere
        const std::uint64_t to = (op & 0x80) ? ~std::uint64_t{0} - (op & 0x0f) : in.u64();
        s.seek(to);
        pos = to;
        break;
      }
      case 4: {
        const std::uint64_t z = (op & 0x80) ? in.byte() : in.u64();
        s.discard(static_cast<unsigned long long>(z));
        pos += 2 * z;
        break;
      }
      case 5: {
        const std::uint64_t i = in.u64();
        FUZZ_CHECK(s.word(i) == ref_word(key, i), "%s word(%llx) differs", type,
                   static_cast<unsigned long long>(i));
        break;
      }
      case 6: {
        const std::uint64_t j = in.u64();
        FUZZ_CHECK(s[j] == ref_pair(key, 2 * j), "%s operator[](%llx) differs", type,
                   static_cast<unsigned long long>(j));
        break;
      }
      default: {
        const std::uint64_t b = in.u64();
        const auto blk = s.block(b);
        // Block b is the Philox block of counter (lo(b), hi(b), lo(s), hi(s)).
        const block4 want =
            philox(lo32(b), hi32(b), lo32(key.s), hi32(key.s), lo32(key.k), hi32(key.k));
        for (std::size_t i = 0; i < 4; ++i) {
          FUZZ_CHECK(blk[i] == want.w[i], "%s block(%llx) differs", type,
                     static_cast<unsigned long long>(b));
        }
        break;
      }
    }
    FUZZ_CHECK(s.position() == pos, "%s position() is %llx, want %llx", type,
               static_cast<unsigned long long>(s.position()), static_cast<unsigned long long>(pos));
  }
}

void check_seed_seq(reader& in, const ref_key& cur) {
  const unsigned count = in.byte() % 9;
  std::vector<std::uint32_t> v;
  for (unsigned i = 0; i < count; ++i) {
    std::uint32_t x = 0;
    for (int b = 0; b < 4; ++b) x |= std::uint32_t{in.byte()} << (8 * b);
    v.push_back(x);
  }
  const seedkit::seed_seq seq(v.begin(), v.end());
  ref_key want = ref_index(ref_name(ref_name(ref_key{0, 0}, "seedkit"), "seed_seq"), v.size());
  for (std::uint32_t x : v) want = ref_index(want, x);
  same_key(seq.derived_key(), want, "seed_seq::derived_key");
  std::uint32_t out[11];
  seq.generate(out, out + 11);
  for (std::uint64_t i = 0; i < 11; ++i) {
    FUZZ_CHECK(out[i] == ref_word(want, i), "seed_seq::generate word %llu differs",
               static_cast<unsigned long long>(i));
  }
  // seed_seq(key) stores lo(k), hi(k), lo(s), hi(s).
  const seedkit::seed_seq from_key(seedkit::key::from_words(cur.k, cur.s));
  ref_key want2 = ref_index(ref_name(ref_name(ref_key{0, 0}, "seedkit"), "seed_seq"), 4);
  for (std::uint64_t x : {std::uint64_t{lo32(cur.k)}, std::uint64_t{hi32(cur.k)},
                          std::uint64_t{lo32(cur.s)}, std::uint64_t{hi32(cur.s)}}) {
    want2 = ref_index(want2, x);
  }
  same_key(from_key.derived_key(), want2, "seed_seq(key)::derived_key");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // The reference against the document's own numbers.
  const block4 kat = philox(0, 0, 0, 0, 0, 0);
  FUZZ_CHECK(kat.w[0] == 0x6627e8d5u && kat.w[1] == 0xe169c58du && kat.w[2] == 0xbc57ac4cu &&
                 kat.w[3] == 0x9b00dbd8u,
             "fuzz target: the reference Philox4x32-10 fails the zero known answer");
  const ref_key root{12321, 0};
  const ref_key data = ref_name(root, "data");
  FUZZ_CHECK(data.k == 0xc1f497331f6a82a6u && data.s == 0x901fe7141b62175bu,
             "docs/derivation.md worked example: name \"data\" gives %016llx %016llx",
             static_cast<unsigned long long>(data.k), static_cast<unsigned long long>(data.s));
  const ref_key shuffle = ref_path(root, "data/shuffle");
  FUZZ_CHECK(shuffle.k == 0x050934c2b7a8c917u && shuffle.s == 0x7b48ace42fd274c0u,
             "docs/derivation.md worked example: \"data/shuffle\" gives %016llx %016llx",
             static_cast<unsigned long long>(shuffle.k),
             static_cast<unsigned long long>(shuffle.s));
  FUZZ_CHECK(ref_word(shuffle, 0) == 0xafd66b92u && ref_word(shuffle, 1) == 0x95db96cfu &&
                 ref_word(shuffle, 2) == 0x470004f2u && ref_word(shuffle, 3) == 0xb5c166b6u,
             "docs/derivation.md worked example: the stream's first words differ");
  FUZZ_CHECK(ref_pair(shuffle, 0) == 0x95db96cfafd66b92u,
             "docs/derivation.md worked example: the first 64-bit output differs");
  const ref_key idx3 = ref_index(root, 3);
  FUZZ_CHECK(idx3.k == 0x90e71b0f2b25f6f2u && idx3.s == 0x0624eb36713b9636u,
             "docs/derivation.md worked example: index 3 gives %016llx %016llx",
             static_cast<unsigned long long>(idx3.k), static_cast<unsigned long long>(idx3.s));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  reader in{data, size};
  const std::uint64_t m = in.u64();
  seedkit::key key(m);
  ref_key ref{m, 0};
  same_key(key, ref, "root key(m)");
  for (int ops = 0; ops < 64 && !in.empty(); ++ops) {
    const std::uint8_t op = in.byte();
    switch (op % 6) {
      case 0: {
        const std::uint64_t i = in.u64();
        const ref_key want = ref_index(ref, i);
        same_key(key / i, want, "key / index");
        same_key(key.derive(i), want, "key.derive(index)");
        // Any integer type: the index is its value modulo 2^64.
        same_key(key / static_cast<std::int64_t>(i), want, "key / int64 index");
        same_key(key / static_cast<std::int8_t>(i),
                 ref_index(ref, static_cast<std::uint64_t>(static_cast<std::int8_t>(i))),
                 "key / int8 index");
        same_key(key / static_cast<std::uint16_t>(i), ref_index(ref, i & 0xffffu),
                 "key / uint16 index");
        same_key(key / static_cast<int>(i),
                 ref_index(ref, static_cast<std::uint64_t>(static_cast<int>(i))),
                 "key / int index");
        key = key / i;
        ref = want;
        break;
      }
      case 1: {
        const std::string name = in.bytes(in.byte());
        const ref_key want = ref_name(ref, name);
        same_key(key.derive_name(name.data(), name.size()), want, "key.derive_name");
        key = key.derive_name(name.data(), name.size());
        ref = want;
        break;
      }
      case 2: {
        const std::string path = in.bytes(in.byte());
        const ref_key want = ref_path(ref, path);
        same_key(key / std::string_view(path), want, "key / path");
        same_key(key.derive(path.data(), path.size()), want, "key.derive(path, size)");
        if (path.find('\0') == std::string::npos) {
          same_key(key / path.c_str(), want, "key / const char* path");
        }
        key = key / std::string_view(path);
        ref = want;
        break;
      }
      case 3: {
        ref.k = in.u64();
        ref.s = in.u64();
        key = seedkit::key::from_words(ref.k, ref.s);
        same_key(key, ref, "key::from_words");
        break;
      }
      case 4: {
        const std::uint64_t offset = (op & 0x80) ? ~std::uint64_t{0} - (op & 0x0f) : in.u64();
        const unsigned count = in.byte();
        reader copy = in;
        stream_ops<seedkit::stream>(in, ref, offset, count, "stream");
        stream_ops<seedkit::compact_stream>(copy, ref, offset, count, "compact_stream");
        break;
      }
      default:
        check_seed_seq(in, ref);
        key = seedkit::key::from_words(ref.k, ref.s);
        break;
    }
  }
  return 0;
}

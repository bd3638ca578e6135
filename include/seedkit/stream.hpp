// seedkit/stream.hpp: seedkit::stream, the random stream of a key.
//
// A stream is the sequence of 32-bit words w[0], w[1], ... with
//   w[i] = philox4x32_block(ctr = (lo(b), hi(b), lo(s), hi(s)),
//                           key = (lo(k), hi(k)))[i % 4],  b = i / 4,
// for the key (k, s) = (key.seed(), key.subsequence()): exactly cuRAND's
// Philox4_32_10 sequence after curand_init(k, s, 0). The stream's 64-bit
// outputs take two consecutive words, the first as the low half:
//   out[j] = w[2j] | w[2j + 1] << 32.
// Streams are counter-based: seeking, discarding and random access are O(1),
// copies are independent, and the state is (key, position).
//
// Example:
//   seedkit::stream rng(seedkit::key(12321) / "data/shuffle");
//   std::uint64_t x = rng();
// A stream depends only on its key: the stream of a name under the process's
// master seed is seedkit::stream_for(name) (seedkit/global.hpp).
#ifndef SEEDKIT_STREAM_HPP
#define SEEDKIT_STREAM_HPP

#include <cstddef>      // size_t
#include <cstdint>      // uint32_t, uint64_t
#include <cstring>      // memcpy
#include <string>       // string
#include <string_view>  // string_view
#include <type_traits>  // is_same_v
#include <vector>       // vector (fill's fast path)

#include "seedkit/config.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/detail/encoding.hpp"
#include "seedkit/detail/philox_core.hpp"
#include "seedkit/error.hpp"
#include "seedkit/philox_block.hpp"
#include "seedkit/splitmix64.hpp"

SEEDKIT_BEGIN_NAMESPACE

// The stream of a key, computing Blocks Philox blocks at a time (in SIMD
// lanes) into an internal buffer. Every Blocks gives the same values:
// seedkit::stream buffers 16 blocks (256 bytes) for throughput on CPUs;
// seedkit::compact_stream buffers one (16 bytes), for GPU threads and large
// arrays of streams. A UniformRandomBitGenerator with 64-bit results.
// Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
// docs/derivation.md).
template <std::size_t Blocks>
class basic_stream {
  static_assert(Blocks >= 1 && Blocks <= (1u << 20), "1 to 2^20 blocks");
  static constexpr std::size_t buffer_words = 4 * Blocks;
  static constexpr std::size_t buffer_outputs = 2 * Blocks;

 public:
  using result_type = std::uint64_t;

  SEEDKIT_HD static constexpr result_type min() noexcept { return 0; }
  SEEDKIT_HD static constexpr result_type max() noexcept { return ~std::uint64_t{0}; }

  // The stream of key(0).
  SEEDKIT_HD constexpr basic_stream() noexcept : basic_stream(key{}) {}

  // The stream of `k`, starting at 32-bit word `word_offset`.
  SEEDKIT_HD constexpr explicit basic_stream(const key& k, std::uint64_t word_offset = 0) noexcept
      : key_(k), pos_(word_offset) {}

  // cuRAND compatibility: the words of curand_init(seed, subsequence,
  // offset) followed by curand() calls (read them with next_u32()).
  SEEDKIT_HD constexpr basic_stream(std::uint64_t seed, std::uint64_t subsequence,
                                    std::uint64_t offset) noexcept
      : key_(key::from_words(seed, subsequence)), pos_(offset) {}

  // The next 64-bit output: w[p] | w[p + 1] << 32, where p is position().
  SEEDKIT_HD constexpr result_type operator()() noexcept {
    // A buffered generator's shortest path: one compare against a constant,
    // one load, one increment (next_ is `unbuffered` while the position is
    // odd or outside the buffer).
    if (next_ < buffer_outputs) return buffered_pair(2 * next_++);
    return next_u64_slow();
  }

  // The next 32-bit word (cuRAND's curand()).
  SEEDKIT_HD constexpr std::uint32_t next_u32() noexcept {
    const std::uint64_t p = position();
    std::uint64_t off = p - buf_start_;
    if (!(filled_ && off < buffer_words)) {
      refill(p / 4);
      off = p - buf_start_;
    }
    const std::uint32_t w = buffered_word(off);
    set_position(p + 1);
    return w;
  }

  // Skips z 64-bit outputs (2z words), O(1).
  SEEDKIT_HD constexpr void discard(unsigned long long z) noexcept {
    set_position(position() + 2 * std::uint64_t{z});
  }

  // Moves to 32-bit word `word_position`; position() is then that value.
  SEEDKIT_HD constexpr void seek(std::uint64_t word_position) noexcept {
    set_position(word_position);
  }

  // The index of the next 32-bit word. Wraps modulo 2^64 (the period of a
  // stream is 2^64 words; derive a new key long before that).
  SEEDKIT_HD constexpr std::uint64_t position() const noexcept {
    return next_ != unbuffered ? buf_start_ + 2 * std::uint64_t{next_} : pos_;
  }

  // Random access, independent of the current position: the i-th 32-bit
  // word and the i-th 64-bit output (w[2i] | w[2i + 1] << 32) of this key.
  SEEDKIT_HD constexpr std::uint32_t word(std::uint64_t i) const noexcept {
    return block_at(i / 4)[static_cast<std::size_t>(i % 4)];
  }
  SEEDKIT_HD constexpr result_type operator[](std::uint64_t i) const noexcept {
    // Output i is words 2i and 2i + 1 modulo 2^64 (the stream's length), so
    // its block is i / 2 modulo 2^62, as for seek(2 * i) then operator().
    const philox4x32_ctr b = block_at((i / 2) & (~std::uint64_t{0} >> 2));
    const std::size_t j = static_cast<std::size_t>(2 * (i % 2));
    return b[j] | std::uint64_t{b[j + 1]} << 32;
  }

  // The b-th Philox block of this key: words 4b .. 4b + 3 (the layout in
  // docs/derivation.md). For code that wants a whole block at once, such as
  // a GPU thread writing four words.
  SEEDKIT_HD constexpr philox4x32_ctr block(std::uint64_t b) const noexcept { return block_at(b); }

  SEEDKIT_HD constexpr const seedkit::key& get_key() const noexcept { return key_; }

  // Fills [first, last) with the next 64-bit outputs, as repeated calls would.
  // Into a std::uint64_t array (a pointer or a std::vector's iterators) the
  // bulk goes straight from the SIMD kernel, 16 blocks at a time, without
  // the buffer.
  template <class It>
  constexpr void fill(It first, It last) noexcept {
    if constexpr (std::is_same_v<It, std::uint64_t*> ||
                  std::is_same_v<It, typename std::vector<std::uint64_t>::iterator>) {
      if (first != last && !SEEDKIT_IS_CONSTANT_EVALUATED()) {
        std::uint64_t* p = &*first;
        fill_words(p, p + (last - first));
        return;
      }
    }
    for (; first != last; ++first) *first = (*this)();
  }

  // The state as a short printable token, for checkpoints:
  // "sk1-<seed>-<subsequence>-<position>-<check>", each field lowercase hex
  // (16, 16, 16 and 8 digits); <check> guards against typos and truncation.
  // Stability: stream: bit-identical everywhere for a given SEEDKIT_STREAM_VERSION (spec:
  // docs/derivation.md).
  std::string state() const {
    std::string t = "sk1-";
    detail::append_hex(t, key_.seed(), 16);
    t += '-';
    detail::append_hex(t, key_.subsequence(), 16);
    t += '-';
    detail::append_hex(t, position(), 16);
    t += '-';
    detail::append_hex(t, checksum(key_.seed(), key_.subsequence(), position()), 8);
    return t;
  }

  // The stream a state() token describes. Throws seedkit::error naming the
  // token and the expected form when it is malformed or its check fails.
  static basic_stream from_state(std::string_view token) {
    const auto fail = [&](const char* why) -> basic_stream {
      throw error("seedkit::stream state \"" + std::string(token) + "\" " + why +
                  ": expected \"sk1-\" followed by 16, 16, 16 and 8 lowercase hexadecimal "
                  "digits separated by '-' (as written by stream::state())");
    };
    constexpr std::size_t size = 4 + 16 + 1 + 16 + 1 + 16 + 1 + 8;
    if (token.size() != size) return fail("has the wrong length");
    if (token.substr(0, 4) != "sk1-") {
      return token.substr(0, 2) == "sk" ? fail("has an unsupported version")
                                        : fail("does not start with \"sk1-\"");
    }
    std::uint64_t f[4] = {};
    std::size_t at = 4;
    const std::size_t widths[4] = {16, 16, 16, 8};
    for (std::size_t n = 0; n < 4; ++n) {
      if (n > 0 && token[at++] != '-') return fail("is missing a '-' separator");
      if (!detail::parse_hex(token.substr(at, widths[n]), &f[n])) {
        return fail("contains a character that is not a lowercase hexadecimal digit");
      }
      at += widths[n];
    }
    if (checksum(f[0], f[1], f[2]) != f[3]) return fail("fails its check (corrupted or mistyped)");
    return basic_stream(key::from_words(f[0], f[1]), f[2]);
  }

  // Equal when key and position are equal (the buffer is a cache).
  SEEDKIT_HD friend constexpr bool operator==(const basic_stream& a,
                                              const basic_stream& b) noexcept {
    return a.key_ == b.key_ && a.position() == b.position();
  }
  SEEDKIT_HD friend constexpr bool operator!=(const basic_stream& a,
                                              const basic_stream& b) noexcept {
    return !(a == b);
  }

 private:
  SEEDKIT_HD constexpr philox4x32_ctr block_at(std::uint64_t b) const noexcept {
    const std::uint64_t k = key_.seed(), s = key_.subsequence();
    return philox4x32_block({{static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(b >> 32),
                              static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(s >> 32)}},
                            {{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32)}});
  }

  // fill() into contiguous 64-bit words: whole 16-block runs from the lanes
  // kernel (through a 256-byte block on big-endian targets, or where the
  // run starts inside a block), the ends through operator().
  void fill_words(std::uint64_t* p, std::uint64_t* end) noexcept {
    constexpr std::size_t run = 16;  // blocks per kernel call: 32 outputs
    if ((position() & 1u) == 0) {
      while (p != end && (position() & 3u) != 0) *p++ = (*this)();
      const std::uint64_t k = key_.seed(), s = key_.subsequence();
      std::uint64_t pos = position();
      while (static_cast<std::size_t>(end - p) >= 2 * run) {
        const std::uint64_t b0 = pos / 4;
        const auto lo = static_cast<std::uint32_t>(b0);
        if (lo > 0xffffffffu - (run - 1) || b0 >= (std::uint64_t{1} << 62) - run) break;
        alignas(64) std::uint32_t w[4 * run];
        detail::philox4_lanes<10, 32, run>(
            lo, static_cast<std::uint32_t>(b0 >> 32), static_cast<std::uint32_t>(s),
            static_cast<std::uint32_t>(s >> 32), static_cast<std::uint32_t>(k),
            static_cast<std::uint32_t>(k >> 32), detail::philox4x32_m0, detail::philox4x32_m1,
            detail::philox_w32_0, detail::philox_w32_1, w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        std::memcpy(p, w, sizeof w);  // out[j] = w[2j] | w[2j + 1] << 32
#else
        for (std::size_t j = 0; j < 2 * run; ++j)
          p[j] = w[2 * j] | std::uint64_t{w[2 * j + 1]} << 32;
#endif
        p += 2 * run;
        pos += 4 * run;
      }
      set_position(pos);
    }
    for (; p != end; ++p) *p = (*this)();
  }

  // Word `off` of the buffer (off < buffer_words).
  SEEDKIT_HD constexpr std::uint32_t buffered_word(std::uint64_t off) const noexcept {
    return buf_[off];
  }
  // Words off and off + 1 as one output, the first as the low half: on
  // little-endian hosts one 64-bit load.
  SEEDKIT_HD constexpr std::uint64_t buffered_pair(std::size_t off) const noexcept {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && \
    !defined(__CUDA_ARCH__) && !defined(__HIP_DEVICE_COMPILE__)
    if (!SEEDKIT_IS_CONSTANT_EVALUATED()) {
      std::uint64_t v = 0;
      std::memcpy(&v, buf_ + off, sizeof v);
      return v;
    }
#endif
    return buf_[off] | std::uint64_t{buf_[off + 1]} << 32;
  }

  // Moves to word p: through the buffer (next_) when p is even and within
  // or just past it, else through pos_ (next_ = unbuffered).
  SEEDKIT_HD constexpr void set_position(std::uint64_t p) noexcept {
    const std::uint64_t off = p - buf_start_;  // wraps when p < buf_start_
    if (filled_ && off % 2 == 0 && off <= buffer_words) {
      next_ = static_cast<std::uint32_t>(off / 2);
    } else {
      pos_ = p;
      next_ = unbuffered;
    }
  }

  // operator()'s slow path: the buffer is used up, not yet filled, or the
  // position is odd (after an odd number of next_u32() calls or a seek).
  SEEDKIT_HD constexpr result_type next_u64_slow() noexcept {
    const std::uint64_t p = position();
    std::uint64_t off = p - buf_start_;
    if (!(filled_ && off < buffer_words - 1)) {
      if (Blocks == 1 && (p & 3u) == 3u) {  // the pair straddles two blocks
        const std::uint64_t lo = next_u32();
        return lo | std::uint64_t{next_u32()} << 32;
      }
      refill(p / 4);  // now off = p % 4, and the pair fits
      off = p - buf_start_;
    }
    set_position(p + 2);
    return buffered_pair(static_cast<std::size_t>(off));
  }

  // Computes blocks b0 .. b0 + Blocks - 1 into the buffer.
  SEEDKIT_HD constexpr void refill(std::uint64_t b0) noexcept {
    const std::uint64_t k = key_.seed(), s = key_.subsequence();
    const auto lo = static_cast<std::uint32_t>(b0);
    std::uint32_t* w = buf_;
    if (Blocks > 1 && lo <= 0xffffffffu - (Blocks - 1)) {  // no carry into hi(b)
      detail::philox4_lanes<10, 32, Blocks>(
          lo, static_cast<std::uint32_t>(b0 >> 32), static_cast<std::uint32_t>(s),
          static_cast<std::uint32_t>(s >> 32), static_cast<std::uint32_t>(k),
          static_cast<std::uint32_t>(k >> 32), detail::philox4x32_m0, detail::philox4x32_m1,
          detail::philox_w32_0, detail::philox_w32_1, w);
    } else {
      // Word positions wrap modulo 2^64, so block indices wrap modulo 2^62.
      for (std::size_t j = 0; j < Blocks; ++j) {
        const philox4x32_ctr y = block_at((b0 + j) & (~std::uint64_t{0} >> 2));
        for (std::size_t i = 0; i < 4; ++i) w[4 * j + i] = y[i];
      }
    }
    buf_start_ = b0 * 4;
    filled_ = true;
  }

  static std::uint64_t checksum(std::uint64_t a, std::uint64_t b, std::uint64_t c) noexcept {
    return splitmix64_mix(splitmix64_mix(splitmix64_mix(a) ^ b) ^ c) >> 32;
  }

  static constexpr std::uint32_t unbuffered = 0xffffffffu;

  // The position is buf_start_ + 2 next_ while next_ != unbuffered (an even
  // word in or just past the buffer), else pos_.
  seedkit::key key_;
  std::uint64_t pos_ = 0;
  std::uint64_t buf_start_ = 0;  // the word index of buf_[0], once filled_
  std::uint32_t next_ = unbuffered;
  bool filled_ = false;
  // Words buf_start_ .. buf_start_ + buffer_words - 1, 64-byte aligned for
  // the vector stores.
  alignas(Blocks >= 4 ? 64 : 16) std::uint32_t buf_[buffer_words] = {};
};

// The stream type for CPU code (16 blocks computed at a time).
using stream = basic_stream<16>;
// The same values with a 16-byte buffer: for GPU threads and many streams.
using compact_stream = basic_stream<1>;

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_STREAM_HPP

// Test and benchmark support: a peer for seedkit::index_permutation written
// from the published description of TensorFlow's
// tf.random.experimental.index_shuffle (and Google Grain's copy of it), not
// from its code: a 4-round Feistel network in the style of the Simon block
// cipher on a power-of-4 block of at least 2^16 items, halves combined by
// XOR, with cycle walking back into [0, max_index].
//
// As described (and as issue 24 found by re-implementing it):
//   - the block has 2^bits items, bits = max(16, ceil(log2(max_index))
//     rounded up to even); for max_index = 2^k with even k >= 16 that block
//     does not hold max_index, and the index is reduced to the block's bits
//     first, so index max_index lands where index 0 does (n = 65537,
//     262145, ...: not a bijection);
//   - the round keys are the key words cut to the half width (8 bits for
//     n <= 2^16: at most 2^16 distinct permutations there);
//   - XOR-combined Feistel rounds are even permutations of the block, so
//     for n = 2^16 (no cycle walking) every order is even.
// Used to show those defects in tests/permutation and as the speed peer in
// bench/bench_permutation.cpp. Not part of seedkit.
#ifndef SEEDKIT_TESTS_SUPPORT_TF_INDEX_SHUFFLE_HPP
#define SEEDKIT_TESTS_SUPPORT_TF_INDEX_SHUFFLE_HPP

#include <cstdint>

namespace seedkit_test {

class tf_index_shuffle {
 public:
  // The shuffle of [0, max_index] under two 64-bit key words.
  tf_index_shuffle(std::uint64_t key0, std::uint64_t key1, std::uint64_t max_index) noexcept
      : max_index_(max_index) {
    int log2 = 0;  // ceil(log2(max_index)): log2(2^k) is k
    while (log2 < 64 && (std::uint64_t{1} << log2) < max_index) ++log2;
    bits_ = log2 < 16 ? 16 : log2 + (log2 % 2);
    half_ = bits_ / 2;
    half_mask_ = half_ >= 32 ? 0xffffffffu : (std::uint64_t{1} << half_) - 1;
    block_mask_ = bits_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits_) - 1;
    for (int r = 0; r < 4; ++r) round_key_[r] = ((r % 2 == 0) ? key0 : key1) & half_mask_;
  }

  std::uint64_t operator()(std::uint64_t index) const noexcept {
    std::uint64_t x = encipher(index & block_mask_);
    while (x > max_index_) x = encipher(x);
    return x;
  }

  int block_bits() const noexcept { return bits_; }

 private:
  std::uint64_t rotl(std::uint64_t v, int s) const noexcept {
    return ((v << s) | (v >> (half_ - s))) & half_mask_;
  }
  // Simon's round function on a half.
  std::uint64_t f(std::uint64_t v) const noexcept { return (rotl(v, 1) & rotl(v, 8)) ^ rotl(v, 2); }
  std::uint64_t encipher(std::uint64_t x) const noexcept {
    std::uint64_t l = x >> half_, r = x & half_mask_;
    for (int j = 0; j < 4; ++j) {
      const std::uint64_t t = r ^ f(l) ^ round_key_[j];
      r = l;
      l = t;
    }
    return (l << half_) | r;
  }

  std::uint64_t max_index_;
  int bits_ = 16;
  int half_ = 8;
  std::uint64_t half_mask_ = 0;
  std::uint64_t block_mask_ = 0;
  std::uint64_t round_key_[4] = {};
};

}  // namespace seedkit_test

#endif  // SEEDKIT_TESTS_SUPPORT_TF_INDEX_SHUFFLE_HPP

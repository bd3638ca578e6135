// seedkit/numpy.hpp: numpy's SeedSequence in C++, bit for bit.
//
// Python pipelines derive seeds with numpy.random.SeedSequence (PyTorch
// Lightning seeds its data-loader workers this way). numpy_seed_sequence
// reproduces SeedSequence(entropy, spawn_key).generate_state(n, dtype) and
// spawn() exactly, so a C++ pipeline can derive the same seeds as a Python
// one. The algorithm is numpy's (numpy/random/bit_generator.pyx, pool size 4,
// hashmix/mix constants from Melissa O'Neill's seed_seq_fe); this header is a
// fresh implementation of that published description.
#ifndef SEEDKIT_NUMPY_HPP
#define SEEDKIT_NUMPY_HPP

#include <cstddef>  // size_t
#include <cstdint>  // uint32_t, uint64_t
#include <utility>  // move
#include <vector>   // vector

#include "seedkit/config.hpp"
#include "seedkit/detail/alloc.hpp"

SEEDKIT_BEGIN_NAMESPACE

// numpy.random.SeedSequence with integer entropy (each value is coerced as
// numpy coerces a Python int: 0 is one word 0, otherwise its 32-bit words,
// least significant first) and a spawn key.
// Example: numpy_seed_sequence(12345).generate_state_u32(4) ==
//          {2688385916, 3048105090, 4196366895, 3152189807}.
// Stability: follows numpy's SeedSequence (numpy keeps it stable).
class numpy_seed_sequence {
 public:
  static constexpr std::size_t pool_size = 4;

  // SeedSequence(entropy) for one integer.
  explicit numpy_seed_sequence(std::uint64_t entropy)
      : numpy_seed_sequence(std::vector<std::uint64_t>{entropy}) {}

  // SeedSequence(entropy=[e0, e1, ...], spawn_key=(k0, k1, ...)).
  explicit numpy_seed_sequence(std::vector<std::uint64_t> entropy,
                               std::vector<std::uint64_t> spawn_key = {})
      : entropy_(std::move(entropy)), spawn_key_(std::move(spawn_key)) {
    mix_entropy();
  }

  // generate_state(n, dtype=np.uint32).
  std::vector<std::uint32_t> generate_state_u32(std::size_t n) const {
    std::vector<std::uint32_t> out =
        detail::make_vector<std::uint32_t>(n, "seedkit::numpy_seed_sequence::generate_state_u32");
    std::uint32_t hash_const = init_b;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint32_t v = pool_[i % pool_size];
      v ^= hash_const;
      hash_const *= mult_b;  // 32-bit wraparound, as numpy's uint32 arithmetic
      v *= hash_const;
      v ^= v >> xshift;
      out[i] = v;
    }
    return out;
  }

  // generate_state(n, dtype=np.uint64): 2n 32-bit words, paired little-endian.
  std::vector<std::uint64_t> generate_state_u64(std::size_t n) const {
    constexpr const char* who = "seedkit::numpy_seed_sequence::generate_state_u64";
    if (n > (~std::size_t{0}) / 2)
      detail::throw_too_large(who, n, sizeof(std::uint64_t));  // 2n wraps
    std::vector<std::uint64_t> out = detail::make_vector<std::uint64_t>(n, who);
    const std::vector<std::uint32_t> w = detail::guard_alloc(
        who, n, sizeof(std::uint64_t), [&] { return generate_state_u32(2 * n); });
    for (std::size_t i = 0; i < n; ++i) out[i] = w[2 * i] | std::uint64_t{w[2 * i + 1]} << 32;
    return out;
  }

  // spawn(n): children with spawn keys spawn_key + (i,), counting on from the
  // children spawned before.
  std::vector<numpy_seed_sequence> spawn(std::size_t n) {
    std::vector<numpy_seed_sequence> children;
    detail::reserve(children, n, "seedkit::numpy_seed_sequence::spawn");
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::uint64_t> k = spawn_key_;
      k.push_back(n_children_spawned_ + i);
      children.emplace_back(entropy_, std::move(k));
    }
    n_children_spawned_ += n;
    return children;
  }

  const std::vector<std::uint64_t>& entropy() const noexcept { return entropy_; }
  const std::vector<std::uint64_t>& spawn_key() const noexcept { return spawn_key_; }
  std::uint64_t n_children_spawned() const noexcept { return n_children_spawned_; }
  // The mixed entropy pool (SeedSequence.pool).
  const std::uint32_t* pool() const noexcept { return pool_; }

 private:
  static constexpr std::uint32_t init_a = 0x43b0d7e5u;
  static constexpr std::uint32_t mult_a = 0x931e8875u;
  static constexpr std::uint32_t init_b = 0x8b51f9ddu;
  static constexpr std::uint32_t mult_b = 0x58f38dedu;
  static constexpr std::uint32_t mix_mult_l = 0xca01f9ddu;
  static constexpr std::uint32_t mix_mult_r = 0x4973f715u;
  static constexpr unsigned xshift = 16;

  static void append_words(std::vector<std::uint32_t>& out, std::uint64_t v) {
    out.push_back(static_cast<std::uint32_t>(v));
    if (v >> 32) out.push_back(static_cast<std::uint32_t>(v >> 32));
  }

  static std::uint32_t hashmix(std::uint32_t value, std::uint32_t& hash_const) {
    value ^= hash_const;
    hash_const *= mult_a;
    value *= hash_const;
    value ^= value >> xshift;
    return value;
  }

  static std::uint32_t mix(std::uint32_t x, std::uint32_t y) {
    std::uint32_t r = static_cast<std::uint32_t>(mix_mult_l * x - mix_mult_r * y);
    r ^= r >> xshift;
    return r;
  }

  void mix_entropy() {
    // Assemble: run entropy, zero-padded to the pool size when a spawn key
    // follows, then the spawn key's words.
    std::vector<std::uint32_t> e;
    for (std::uint64_t v : entropy_) append_words(e, v);
    if (!spawn_key_.empty() && e.size() < pool_size) e.resize(pool_size, 0);
    for (std::uint64_t v : spawn_key_) append_words(e, v);

    std::uint32_t hash_const = init_a;
    for (std::size_t i = 0; i < pool_size; ++i) {
      pool_[i] = hashmix(i < e.size() ? e[i] : 0u, hash_const);
    }
    for (std::size_t src = 0; src < pool_size; ++src) {
      for (std::size_t dst = 0; dst < pool_size; ++dst) {
        if (src != dst) pool_[dst] = mix(pool_[dst], hashmix(pool_[src], hash_const));
      }
    }
    for (std::size_t src = pool_size; src < e.size(); ++src) {
      for (std::size_t dst = 0; dst < pool_size; ++dst) {
        pool_[dst] = mix(pool_[dst], hashmix(e[src], hash_const));
      }
    }
  }

  std::vector<std::uint64_t> entropy_;
  std::vector<std::uint64_t> spawn_key_;
  std::uint64_t n_children_spawned_ = 0;
  std::uint32_t pool_[pool_size] = {};
};

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_NUMPY_HPP

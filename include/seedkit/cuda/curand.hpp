// seedkit/cuda/curand.hpp: curand_generator, a cuRAND host-API generator
// seeded from a seedkit key with a release-stable ordering (part of the
// seedkit::cuda add-on). The word layout and why this seed: docs/cuda.md.
#ifndef SEEDKIT_CUDA_CURAND_HPP
#define SEEDKIT_CUDA_CURAND_HPP

#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint32_t, std::uint64_t
#include <utility>  // std::exchange

#include <curand.h>

#include "seedkit/config.hpp"
#include "seedkit/cuda/errors.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace cuda {

// --- curand_generator ----------------------------------------------------------

// Where a curand_generator runs: device (curandCreateGenerator, output in
// device memory, needs a GPU) or host (curandCreateGeneratorHost, output in
// host memory, works without a GPU).
enum class curand_location { device, host };

// An owning handle to a cuRAND host-API generator of type
// CURAND_RNG_PSEUDO_PHILOX4_32_10, seeded from a seedkit key.
//
// Seed: the generator's 64-bit cuRAND seed is
//   g = (k / "seedkit" / "curand_generator").seed()
// for the key k (seed_for_key(k)), so the generator never replays k's own
// stream and both words of k matter. Offset: 0 at construction;
// set_offset(o) is curandSetGeneratorOffset(o). Ordering:
// CURAND_ORDERING_PSEUDO_LEGACY, which curand.h documents as "guaranteed to
// remain the same for all cuRAND release[s]"; the default ordering is
// PSEUDO_BEST, which cuRAND may retune, and PSEUDO_DYNAMIC adapts to the
// device. With this seed and ordering, the generator's word n (counting
// from offset 0, across successive generate calls) is
//   seedkit::stream(key::from_words(g, (n / 4) % 65536)).word(4 * (n / 262144) + n % 4),
// i.e. 65536 cuRAND subsequences interleaved four words at a time. This is
// measured for the host generator (tests/cuda_addon); that a device
// generator gives the same words must be checked on a GPU (docs/cuda.md).
//
// Example:
//   seedkit::cuda::curand_generator gen(seedkit::key(2026) / "dropout");
//   check(curandGenerate(gen.get(), device_ptr, n), "curandGenerate");
// Stability: follows cuRAND; the seed derivation and ordering are fixed within a
// major version; the word layout is cuRAND's (see above).
class curand_generator {
 public:
  // A generator for key `k`. Throws seedkit::error naming the cuRAND call
  // and status when cuRAND refuses (for example
  // CURAND_STATUS_INITIALIZATION_FAILED for `device` without a GPU).
  explicit curand_generator(const key& k, curand_location where = curand_location::device)
      : seed_(seed_for_key(k)), where_(where) {
    curandGenerator_t g = nullptr;
    if (where == curand_location::device) {
      check(curandCreateGenerator(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10), "curandCreateGenerator");
    } else {
      check(curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_PHILOX4_32_10),
            "curandCreateGeneratorHost");
    }
    handle_ = g;
    try {
      check(curandSetPseudoRandomGeneratorSeed(g, static_cast<unsigned long long>(seed_)),
            "curandSetPseudoRandomGeneratorSeed");
      check(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_LEGACY),
            "curandSetGeneratorOrdering");
      check(curandSetGeneratorOffset(g, 0), "curandSetGeneratorOffset");
    } catch (...) {
      curandDestroyGenerator(g);
      throw;
    }
  }

  // A host generator for `k` (works without a GPU).
  static curand_generator host(const key& k) { return curand_generator(k, curand_location::host); }

  // The cuRAND seed used for key `k` (see the class comment).
  static constexpr std::uint64_t seed_for_key(const key& k) noexcept {
    return k.derive("seedkit/curand_generator").seed();
  }

  curand_generator(curand_generator&& other) noexcept
      : handle_(std::exchange(other.handle_, nullptr)), seed_(other.seed_), where_(other.where_) {}
  curand_generator& operator=(curand_generator&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
      seed_ = other.seed_;
      where_ = other.where_;
    }
    return *this;
  }
  curand_generator(const curand_generator&) = delete;
  curand_generator& operator=(const curand_generator&) = delete;
  ~curand_generator() { reset(); }

  // The raw handle, for any other cuRAND call (null after a move).
  curandGenerator_t get() const noexcept { return handle_; }
  std::uint64_t seed() const noexcept { return seed_; }
  curand_location location() const noexcept { return where_; }

  // Moves to absolute word position `offset` (curandSetGeneratorOffset).
  void set_offset(std::uint64_t offset) {
    check(curandSetGeneratorOffset(require(), static_cast<unsigned long long>(offset)),
          "curandSetGeneratorOffset");
  }

  // The next n 32-bit words (curandGenerate): into host memory for a host
  // generator, device memory for a device one.
  void generate(unsigned int* out, std::size_t n) {
    check(curandGenerate(require(), out, n), "curandGenerate");
  }

 private:
  curandGenerator_t require() const {
    if (handle_ == nullptr) {
      throw error(
          "seedkit::cuda::curand_generator: used after being moved from "
          "(only assignment and destruction are valid then)");
    }
    return handle_;
  }
  void reset() noexcept {
    if (handle_ != nullptr) curandDestroyGenerator(handle_);
    handle_ = nullptr;
  }

  curandGenerator_t handle_ = nullptr;
  std::uint64_t seed_ = 0;
  curand_location where_ = curand_location::device;
};

}  // namespace cuda
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_CUDA_CURAND_HPP

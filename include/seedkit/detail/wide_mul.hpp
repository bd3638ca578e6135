// seedkit/detail/wide_mul.hpp: the high half of a 64x64-bit product, the one
// wide multiply behind Philox's 64-bit rounds and the exact dot product
// (internal).
#ifndef SEEDKIT_DETAIL_WIDE_MUL_HPP
#define SEEDKIT_DETAIL_WIDE_MUL_HPP

#include <cstdint>  // uint64_t

#include "seedkit/config.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

#if SEEDKIT_HAS_INT128
// __extension__ keeps -Wpedantic quiet about the GNU 128-bit type.
__extension__ typedef unsigned __int128 uint128;
#endif

// floor(x * y / 2^64): the device intrinsic, the compiler's 128-bit type, or
// schoolbook 32x32 limbs (every partial product fits in 64 bits). The low
// half is x * y modulo 2^64.
SEEDKIT_HD SEEDKIT_FORCE_INLINE constexpr std::uint64_t mulhi64(std::uint64_t x,
                                                                std::uint64_t y) noexcept {
#if defined(__CUDA_ARCH__)
  return __umul64hi(x, y);
#elif SEEDKIT_HAS_INT128
  return static_cast<std::uint64_t>((static_cast<uint128>(x) * y) >> 64);
#else
  const std::uint64_t xl = x & 0xffffffffu, xh = x >> 32;
  const std::uint64_t yl = y & 0xffffffffu, yh = y >> 32;
  const std::uint64_t ll = xl * yl, lh = xl * yh, hl = xh * yl, hh = xh * yh;
  const std::uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
  return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_WIDE_MUL_HPP

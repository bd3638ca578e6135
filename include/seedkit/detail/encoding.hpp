// seedkit/detail/encoding.hpp: the one hexadecimal encoding and the one
// FNV-1a hash that seedkit's text formats use (stream state tokens, the
// exact accumulator's messages, trace hashes, RNG checkpoint states and
// checks). Internal; each format's own specification says which it uses.
#ifndef SEEDKIT_DETAIL_ENCODING_HPP
#define SEEDKIT_DETAIL_ENCODING_HPP

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uint8_t, std::uint64_t
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "seedkit/config.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

inline constexpr char hex_digits[] = "0123456789abcdef";

// Appends the low 4 * digits bits of v as `digits` lowercase hexadecimal
// digits, most significant first.
inline void append_hex(std::string& out, std::uint64_t v, int digits) {
  for (int i = digits - 1; i >= 0; --i) out += hex_digits[(v >> (4 * i)) & 0xf];
}

// v as `digits` lowercase hexadecimal digits (16 by default).
inline std::string to_hex(std::uint64_t v, int digits = 16) {
  std::string out;
  append_hex(out, v, digits);
  return out;
}

// Bytes as two lowercase hexadecimal digits each.
inline std::string to_hex(const std::uint8_t* bytes, std::size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) append_hex(out, bytes[i], 2);
  return out;
}

// The value of one lowercase hexadecimal digit, or -1 for any other
// character (uppercase included: every seedkit format writes lowercase).
constexpr int hex_digit_value(char c) noexcept {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// Parses exactly text.size() lowercase hexadecimal digits (at most 16) into
// *out; false (and *out unchanged) when text is empty, too long or holds any
// other character.
inline bool parse_hex(std::string_view text, std::uint64_t* out) noexcept {
  if (text.empty() || text.size() > 16) return false;
  std::uint64_t v = 0;
  for (const char c : text) {
    const int d = hex_digit_value(c);
    if (d < 0) return false;
    v = v << 4 | static_cast<std::uint64_t>(d);
  }
  *out = v;
  return true;
}

// FNV-1a, 64-bit (offset basis 14695981039346656037, prime 1099511628211:
// Fowler, Noll and Vo, IETF draft-eastlake-fnv). A checksum against
// accidents, not an adversary. The multiplication wraps modulo 2^64 by
// design.
inline std::uint64_t fnv1a64(const std::uint8_t* p, std::size_t n) noexcept {
  std::uint64_t h = 0xcbf29ce484222325u;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3u;
  }
  return h;
}
inline std::uint64_t fnv1a64(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325u;
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3u;
  return h;
}

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_ENCODING_HPP

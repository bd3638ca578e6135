// Fuzz target: seedkit::exact_accumulator::from_bytes (include/seedkit/exact.hpp).
//
// Two inputs per run: the raw bytes, and a repaired copy (resized to
// byte_size, with the right magic, version, chunk count and checksum, and a
// top chunk picked from the edge values by the raw byte 4) so that the
// checks past the checksum are reached too. Each either parses or throws
// seedkit::error. A parsed accumulator's to_bytes() is the input; merging it
// with itself, and then 2^22 copies in all (the documented headroom:
// docs/reductions.md, top_limit), is defined behaviour (UBSan), and the
// doubled value rounds to twice the value wherever that is exact (normal
// results, infinities, NaN).
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_common.hpp"
#include "seedkit/exact.hpp"

namespace {

using seedkit::exact_accumulator;

std::uint64_t fnv1a64(const std::uint8_t* p, std::size_t n) {  // FNV-1a 64 (docs/reductions.md)
  std::uint64_t h = 0xcbf29ce484222325u;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3u;
  return h;
}

void put_le(std::uint8_t* p, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

template <class T>
void check_doubling(T once, T twice, const char* type, double smallest_normal) {
  if (std::isnan(once)) {
    FUZZ_CHECK(std::isnan(twice), "%s: merging a NaN state with itself rounds to %s", type,
               fuzz::str(static_cast<double>(twice)).c_str());
    return;
  }
  if (std::isinf(once) || std::fabs(static_cast<double>(once)) >= smallest_normal) {
    const T want = once + once;  // exact (or the same infinity) for normal values
    FUZZ_CHECK(fuzz::bits_of(twice) == fuzz::bits_of(want),
               "%s: a state rounding to %s merged with itself rounds to %s, not %s", type,
               fuzz::str(static_cast<double>(once)).c_str(),
               fuzz::str(static_cast<double>(twice)).c_str(),
               fuzz::str(static_cast<double>(want)).c_str());
  }
}

void check(const std::vector<std::uint8_t>& bytes, const char* which) {
  exact_accumulator a;
  const auto r =
      fuzz::expect_ok_or_error(std::string("exact_accumulator::from_bytes (") + which + ")",
                               [&] { a = exact_accumulator::from_bytes(bytes); });
  if (r != fuzz::outcome::returned) return;

  std::vector<std::uint8_t> back;
  const auto rb =
      fuzz::expect_ok_or_error("exact_accumulator::to_bytes", [&] { back = a.to_bytes(); });
  FUZZ_CHECK(rb == fuzz::outcome::returned,
             "to_bytes refused an accumulator that from_bytes accepted (%s)", which);
  FUZZ_CHECK(back == bytes, "to_bytes(from_bytes(x)) != x (%s input)", which);

  const double d = a.to_double();
  const float f = a.to_float();
  exact_accumulator twice = a;
  twice.merge(a);
  FUZZ_CHECK(twice.empty() == a.empty(), "merging with itself changed empty()");
  check_doubling(d, twice.to_double(), "double", DBL_MIN);
  check_doubling(f, twice.to_float(), "float", FLT_MIN);

  // 2^22 copies in all: 21 more doublings. Must stay defined behaviour.
  exact_accumulator many = twice;
  for (int i = 1; i < 22; ++i) many.merge(many);
  (void)many.to_double();
  std::vector<std::uint8_t> many_bytes;
  if (fuzz::expect_ok_or_error("to_bytes (2^22 copies)", [&] { many_bytes = many.to_bytes(); }) ==
      fuzz::outcome::returned) {
    exact_accumulator again;
    const auto ra = fuzz::expect_ok_or_error("from_bytes(to_bytes(2^22 copies))", [&] {
      again = exact_accumulator::from_bytes(many_bytes);
    });
    FUZZ_CHECK(ra == fuzz::outcome::returned && again == many,
               "from_bytes refused or changed what to_bytes wrote (2^22 copies)");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> raw(data, data + size);
  check(raw, "raw");

  constexpr std::size_t n = exact_accumulator::byte_size;
  std::vector<std::uint8_t> fixed(raw);
  fixed.resize(n, 0);
  fixed[0] = 'S';
  fixed[1] = 'K';
  fixed[2] = 'X';
  fixed[3] = 'A';
  fixed[4] = exact_accumulator::format_version;
  put_le(&fixed[6], 68, 2);
  static const std::int64_t tops[] = {0,
                                      1,
                                      -1,
                                      std::int64_t{1} << 18,
                                      std::int64_t{1} << 40,
                                      -(std::int64_t{1} << 40),
                                      (std::int64_t{1} << 40) + 1,
                                      -(std::int64_t{1} << 40) - 1,
                                      std::int64_t{1} << 62,
                                      -(std::int64_t{1} << 62),
                                      INT64_MAX,
                                      INT64_MIN};
  const std::uint8_t pick = size > 4 ? raw[4] : 0;
  if (pick !=
      exact_accumulator::format_version) {  // the version byte of a valid input: keep its top
    const std::int64_t top = tops[pick % (sizeof tops / sizeof tops[0])];
    put_le(&fixed[n - 16], static_cast<std::uint64_t>(top), 8);
  }
  put_le(&fixed[n - 8], fnv1a64(fixed.data(), n - 8), 8);
  if (fixed != raw) check(fixed, "repaired");
  return 0;
}

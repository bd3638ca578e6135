// Fuzz target: seedkit::parse_seed (include/seedkit/global.hpp).
//
// Any text either parses or throws seedkit::error. A parsed value's decimal
// and 0x hexadecimal renderings parse back to it. The result agrees with an
// independent reading of the documented grammar: a decimal integer from 0 to
// 2^64 - 1, or 0x/0X followed by 1 to 16 hexadecimal digits, nothing else
// around it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "seedkit/global.hpp"

namespace {

// The documented grammar, read independently: true and the value, or false.
bool reference_parse(std::string_view t, std::uint64_t& out) {
  bool hex = false;
  if (t.size() >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    hex = true;
    t.remove_prefix(2);
  }
  if (t.empty() || (hex && t.size() > 16)) return false;
  unsigned __int128 v = 0;
  for (const char c : t) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (hex && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (hex && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      return false;
    }
    v = v * (hex ? 16u : 10u) + static_cast<unsigned>(d);
    if (v > ~std::uint64_t{0}) return false;
  }
  out = static_cast<std::uint64_t>(v);
  return true;
}

std::uint64_t parse_or_finding(const std::string& text) {
  std::uint64_t v = 0;
  const auto r = fuzz::expect_ok_or_error("parse_seed(rendering)",
                                          [&] { v = seedkit::parse_seed(text, "fuzz"); });
  FUZZ_CHECK(r == fuzz::outcome::returned, "parse_seed refused its own rendering \"%s\"",
             text.c_str());
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::uint64_t value = 0;
  const auto r =
      fuzz::expect_ok_or_error("parse_seed", [&] { value = seedkit::parse_seed(text, "fuzz"); });
  std::uint64_t expected = 0;
  const bool valid = reference_parse(text, expected);
  FUZZ_CHECK(valid == (r == fuzz::outcome::returned),
             "parse_seed(\"%s\") %s, but the documented grammar %s it", std::string(text).c_str(),
             r == fuzz::outcome::returned ? "parsed" : "was refused",
             valid ? "accepts" : "rejects");
  if (r != fuzz::outcome::returned) return 0;
  FUZZ_CHECK(value == expected, "parse_seed(\"%s\") = %llu, expected %llu",
             std::string(text).c_str(), static_cast<unsigned long long>(value),
             static_cast<unsigned long long>(expected));

  const std::string decimal = std::to_string(value);
  FUZZ_CHECK(parse_or_finding(decimal) == value, "parse_seed(\"%s\") != %s", decimal.c_str(),
             decimal.c_str());
  char hex[24];
  std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(value));
  FUZZ_CHECK(parse_or_finding(hex) == value, "parse_seed(\"%s\") does not give back %s", hex,
             decimal.c_str());
  return 0;
}

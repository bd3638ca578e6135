// Fuzz target: seedkit::stream::from_state (include/seedkit/stream.hpp).
//
// The whole input is a token: from_state parses it or throws seedkit::error,
// and it accepts exactly the tokens docs/derivation.md ("State tokens")
// describes, read independently here: "sk1-", k, s and the word position as
// 16 lowercase hexadecimal digits each, then 8 digits of check (the top 32
// bits of mix(mix(mix(k) ^ s) ^ position), mix the SplitMix64 finalizer),
// separated by '-'. A parsed token's state() is the token itself.
// The first 24 bytes, read as (k, s, position), also make a stream whose
// state() must be that form and parse back to an equal stream, for the
// 16-block stream and the compact one.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "seedkit/stream.hpp"

namespace {

std::uint64_t mix(std::uint64_t z) {  // the SplitMix64 finalizer (Steele et al. 2014)
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

std::uint64_t check_of(std::uint64_t k, std::uint64_t s, std::uint64_t p) {
  return mix(mix(mix(k) ^ s) ^ p) >> 32;
}

std::string reference_token(std::uint64_t k, std::uint64_t s, std::uint64_t p) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "sk1-%016llx-%016llx-%016llx-%08llx",
                static_cast<unsigned long long>(k), static_cast<unsigned long long>(s),
                static_cast<unsigned long long>(p),
                static_cast<unsigned long long>(check_of(k, s, p)));
  return buf;
}

// The documented form, read independently.
bool reference_parse(std::string_view t, std::uint64_t f[4]) {
  if (t.size() != 63 || t.substr(0, 4) != "sk1-") return false;
  std::size_t at = 4;
  const std::size_t widths[4] = {16, 16, 16, 8};
  for (int n = 0; n < 4; ++n) {
    if (n > 0 && t[at++] != '-') return false;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < widths[n]; ++i, ++at) {
      const char c = t[at];
      if (c >= '0' && c <= '9') {
        v = v << 4 | static_cast<std::uint64_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        v = v << 4 | static_cast<std::uint64_t>(c - 'a' + 10);
      } else {
        return false;
      }
    }
    f[n] = v;
  }
  return f[3] == check_of(f[0], f[1], f[2]);
}

template <class Stream>
void check_raw(std::string_view token, const char* type) {
  Stream s;
  const auto r = fuzz::expect_ok_or_error(std::string(type) + "::from_state",
                                          [&] { s = Stream::from_state(token); });
  std::uint64_t f[4] = {};
  const bool valid = reference_parse(token, f);
  FUZZ_CHECK(valid == (r == fuzz::outcome::returned),
             "%s::from_state(\"%s\") %s, but docs/derivation.md %s that token", type,
             std::string(token).c_str(), r == fuzz::outcome::returned ? "parsed" : "refused",
             valid ? "accepts" : "rejects");
  if (r != fuzz::outcome::returned) return;
  const std::string back = s.state();
  FUZZ_CHECK(back == token, "%s::from_state(\"%s\").state() is \"%s\"", type,
             std::string(token).c_str(), back.c_str());
  FUZZ_CHECK(
      s.get_key().seed() == f[0] && s.get_key().subsequence() == f[1] && s.position() == f[2],
      "%s::from_state(\"%s\") has another key or position", type, std::string(token).c_str());
}

template <class Stream>
void check_words(std::uint64_t k, std::uint64_t sub, std::uint64_t p, const char* type) {
  const Stream s(seedkit::key::from_words(k, sub), p);
  const std::string t = s.state();
  const std::string want = reference_token(k, sub, p);
  FUZZ_CHECK(t == want, "%s state() is \"%s\", docs/derivation.md gives \"%s\"", type, t.c_str(),
             want.c_str());
  Stream back;
  const auto r = fuzz::expect_ok_or_error(std::string(type) + "::from_state(state())",
                                          [&] { back = Stream::from_state(t); });
  FUZZ_CHECK(r == fuzz::outcome::returned && back == s,
             "%s::from_state(\"%s\") does not give back the stream", type, t.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  check_raw<seedkit::stream>(token, "stream");
  check_raw<seedkit::compact_stream>(token, "compact_stream");
  if (size >= 24) {
    std::uint64_t w[3];
    std::memcpy(w, data, sizeof w);
    check_words<seedkit::stream>(w[0], w[1], w[2], "stream");
    check_words<seedkit::compact_stream>(w[0], w[1], w[2], "compact_stream");
  }
  return 0;
}

// seedkit/record/detail/json.hpp: the one JSON envelope of seedkit's file
// formats (internal; part of the seedkit::record add-on).
//
// Every format seedkit writes as JSON (the manifest, the trace, the torch
// add-on's RNG checkpoint) is an object that opens with its name and version:
//   {"format": "seedkit-manifest", "format_version": 1, ...}
// json_document parses such a text and checks that envelope, then hands out
// its fields through typed accessors that throw seedkit::error naming the
// document, the field, what it holds and what is accepted. Reading never
// changes anything: a loader reads and checks every field into temporaries
// first and commits only after the last check passed.
#ifndef SEEDKIT_RECORD_DETAIL_JSON_HPP
#define SEEDKIT_RECORD_DETAIL_JSON_HPP

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t, uint32_t, uint64_t
#include <set>          // set (the keys of the open objects)
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move
#include <vector>       // vector

#include <nlohmann/json.hpp>

#include "seedkit/config.hpp"
#include "seedkit/detail/encoding.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

// A JSON value as it appears in an error message: its text, cut to about 80
// characters (a 10 MB field must not make a 10 MB message).
inline std::string json_excerpt(const nlohmann::json& v) {
  constexpr std::size_t limit = 80;
  std::string s = v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (s.size() > limit) s = s.substr(0, limit) + "... (" + std::to_string(s.size()) + " bytes)";
  return s;
}

// Whether `s` is well-formed UTF-8 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), the only text JSON holds.
inline bool is_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1, cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2, cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3, cp = c & 0x07u;
    } else {
      return false;
    }
    if (s.size() - i <= n) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0u) != 0x80u) return false;
      cp = cp << 6 | (d & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// `s` itself when it is UTF-8, otherwise "(not UTF-8: hex <bytes>)": how the
// fingerprint records environment text it does not control, so that a
// stray byte in a variable the program never reads cannot stop the record,
// and nothing is replaced silently.
inline std::string utf8_or_hex(std::string_view s) {
  if (is_utf8(s)) return std::string(s);
  return "(not UTF-8: hex " + to_hex(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()) +
         ")";
}

// Throws seedkit::error naming `what` unless every string and object key in
// `v` is UTF-8 (JSON text cannot hold anything else).
inline void require_utf8(const nlohmann::json& v, const std::string& what) {
  const auto check = [&](const std::string& s) {
    if (!is_utf8(s)) {
      throw error(
          what + " holds text that is not valid UTF-8 (hex " +
          to_hex(reinterpret_cast<const std::uint8_t*>(s.data()), s.size() < 32 ? s.size() : 32) +
          (s.size() < 32 ? "" : "...") + "): JSON records hold UTF-8 text only");
    }
  };
  if (v.is_string()) {
    check(v.get_ref<const std::string&>());
  } else if (v.is_object()) {
    for (const auto& [k, x] : v.items()) {
      check(k);
      require_utf8(x, what);
    }
  } else if (v.is_array()) {
    for (const auto& x : v) require_utf8(x, what);
  }
}

// The deepest nesting the readers accept: seedkit's own formats need 4
// levels; user parameters get the rest.
inline constexpr int max_json_depth = 64;

// Parses `text` as JSON. Refuses, with seedkit::error opening with `who` and
// closing with `tail`: anything nlohmann_json refuses (malformed or
// truncated text, a number beyond the double range, text that is not
// UTF-8), nesting deeper than max_json_depth, and a key that appears twice
// in one object.
inline nlohmann::json parse_json(std::string_view text, const std::string& who,
                                 const std::string& tail = "") {
  nlohmann::json root;
  // Refused while parsing (the callback runs on the parser's own stack,
  // which does not recurse): nesting deeper than max_json_depth, whose
  // copies and messages would recurse, and a key that appears twice in
  // one object, which nlohmann_json would otherwise resolve silently.
  std::vector<std::set<std::string>> keys;
  const auto callback = [&](int depth, nlohmann::json::parse_event_t event,
                            nlohmann::json& parsed) {
    if (depth > max_json_depth) {
      throw error(who + ": values are nested deeper than " + std::to_string(max_json_depth) +
                  " levels; accepted: at most " + std::to_string(max_json_depth) + tail);
    }
    if (event == nlohmann::json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (event == nlohmann::json::parse_event_t::object_end) {
      if (!keys.empty()) keys.pop_back();
    } else if (event == nlohmann::json::parse_event_t::key && !keys.empty()) {
      if (!keys.back().insert(parsed.get_ref<const std::string&>()).second) {
        throw error(who + ": the key " + json_excerpt(parsed) +
                    " appears twice in one object; accepted: each key once" + tail);
      }
    }
    return true;
  };
  try {
    root = nlohmann::json::parse(text.begin(), text.end(), callback);
  } catch (const nlohmann::json::exception& e) {
    std::string why = e.what();  // nlohmann quotes the last token read, whatever its size
    if (why.size() > 200) why = why.substr(0, 200) + "...";
    throw error(who + " is not valid JSON (truncated or corrupted?): " + why + tail);
  }
  return root;
}

class json_document {
 public:
  // Parses `text` and checks the envelope. `who` opens every message (for
  // example `seedkit: manifest "run.json"`), `tail` closes it (for example
  // "; nothing was restored"); `format` and `version` are the envelope's
  // expected values.
  json_document(std::string_view text, std::string who, const char* format, int version,
                std::string tail = "")
      : who_(std::move(who)), tail_(std::move(tail)) {
    root_ = parse_json(text, who_, tail_);
    if (!root_.is_object()) throw fail(": expected a JSON object at the top level");
    const nlohmann::json& f = field("format");
    if (!f.is_string() || f.get<std::string>() != format) {
      throw bad("format", f,
                "\"" + std::string(format) + "\" (is this a " + std::string(format) + " file?)");
    }
    const nlohmann::json& fv = field("format_version");
    if (!fv.is_number_integer() || fv.get<long long>() != version) {
      throw bad("format_version", fv,
                std::to_string(version) + " (the only " + std::string(format) +
                    " format this seedkit reads)");
    }
  }

  const nlohmann::json& root() const noexcept { return root_; }

  // The field `name` of `in` (the top level by default); missing: an error.
  const nlohmann::json& field(const char* name) const { return field(root_, name, ""); }
  const nlohmann::json& field(const nlohmann::json& in, const char* name,
                              std::string_view where) const {
    const auto it = in.find(name);
    if (it == in.end()) {
      throw fail(": the field \"" + std::string(name) + "\"" + std::string(where) + " is missing");
    }
    return *it;
  }

  // A top-level field of one JSON type, or an error naming `expected`.
  const nlohmann::json& object_field(const char* name, std::string_view expected) const {
    const nlohmann::json& v = field(name);
    if (!v.is_object()) throw bad(name, v, expected);
    return v;
  }
  const nlohmann::json& array_field(const char* name, std::string_view expected) const {
    const nlohmann::json& v = field(name);
    if (!v.is_array()) throw bad(name, v, expected);
    return v;
  }
  std::string string_field(const char* name, std::string_view expected) const {
    const nlohmann::json& v = field(name);
    if (!v.is_string()) throw bad(name, v, expected);
    return v.get<std::string>();
  }
  std::uint64_t unsigned_field(const char* name, std::string_view expected) const {
    const nlohmann::json& v = field(name);
    if (!v.is_number_unsigned()) throw bad(name, v, expected);
    return v.get<std::uint64_t>();
  }

  // The error for field `name` holding `v` where `expected` is accepted.
  error bad(std::string_view name, const nlohmann::json& v, std::string_view expected) const {
    return fail(": the field \"" + std::string(name) + "\" is " + json_excerpt(v) + ": expected " +
                std::string(expected));
  }
  // The error `who` + `what` + `tail`.
  error fail(const std::string& what) const { return error(who_ + what + tail_); }

 private:
  std::string who_;
  std::string tail_;
  nlohmann::json root_;
};

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_RECORD_DETAIL_JSON_HPP

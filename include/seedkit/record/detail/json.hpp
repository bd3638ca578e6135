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
#include <cstdint>      // uint64_t
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include "seedkit/config.hpp"
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

class json_document {
 public:
  // Parses `text` and checks the envelope. `who` opens every message (for
  // example `seedkit: manifest "run.json"`), `tail` closes it (for example
  // "; nothing was restored"); `format` and `version` are the envelope's
  // expected values.
  json_document(std::string_view text, std::string who, const char* format, int version,
                std::string tail = "")
      : who_(std::move(who)), tail_(std::move(tail)) {
    try {
      root_ = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
      throw fail(std::string(" is not valid JSON (truncated or corrupted?): ") + e.what());
    }
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

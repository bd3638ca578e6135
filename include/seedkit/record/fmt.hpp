// seedkit/record/fmt.hpp: {fmt} formatters for seedkit's types.
//
//   fmt::print("{}\n", seedkit::key(12321) / "data");   // key(seed=0x..., subsequence=0x...)
//   fmt::print("{}\n", stream);                         // its state token, sk1-...
//   fmt::print("seed {}\n", seedkit::init());           // 12321 (from argument)
//   fmt::print("{}\n", seedkit::fingerprint::current());   // one "name = value" line each
//   for (auto& d : seedkit::diff(a, b)) fmt::print("{}\n", d);
//
// Part of the seedkit::record CMake target ({fmt} and nlohmann_json).
#ifndef SEEDKIT_RECORD_FMT_HPP
#define SEEDKIT_RECORD_FMT_HPP

#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view

#include <fmt/format.h>

#include "seedkit/derive.hpp"
#include "seedkit/record/fingerprint.hpp"
#include "seedkit/global.hpp"
#include "seedkit/record/manifest.hpp"
#include "seedkit/stream.hpp"
#include "seedkit/record/trace.hpp"

// Formatters take no format specifiers beyond those of a string ("{:>40}").
template <>
struct fmt::formatter<seedkit::key> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const seedkit::key& k, FormatContext& ctx) const {
    return formatter<std::string_view>::format(
        fmt::format("key(seed={:#018x}, subsequence={:#018x})", k.seed(), k.subsequence()), ctx);
  }
};

template <std::size_t Blocks>
struct fmt::formatter<seedkit::basic_stream<Blocks>> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const seedkit::basic_stream<Blocks>& s, FormatContext& ctx) const {
    return formatter<std::string_view>::format(s.state(), ctx);
  }
};

template <>
struct fmt::formatter<seedkit::seed_choice> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const seedkit::seed_choice& c, FormatContext& ctx) const {
    return formatter<std::string_view>::format(
        fmt::format("{} (from {})", c.seed, seedkit::to_string(c.source)), ctx);
  }
};

template <>
struct fmt::formatter<seedkit::fingerprint> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const seedkit::fingerprint& f, FormatContext& ctx) const {
    std::string out;
    for (const auto& e : f.entries) {
      out += fmt::format("{}{} = {}  [can change: {}]", out.empty() ? "" : "\n", e.name, e.value,
                         seedkit::affects_names(e.affects));
    }
    return formatter<std::string_view>::format(out, ctx);
  }
};

template <>
struct fmt::formatter<seedkit::fingerprint_difference> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const seedkit::fingerprint_difference& d, FormatContext& ctx) const {
    return formatter<std::string_view>::format(
        fmt::format("{}: \"{}\" -> \"{}\"  [can change: {}]", d.name, d.a, d.b,
                    seedkit::affects_names(d.affects)),
        ctx);
  }
};

template <>
struct fmt::formatter<seedkit::manifest_difference> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const seedkit::manifest_difference& d, FormatContext& ctx) const {
    // Parameters are JSON text already (a string keeps its one pair of
    // quotes); the other fields are plain text, quoted here.
    const bool json = d.what.rfind("param ", 0) == 0;
    const auto value = [&](const std::string& v) {
      if (v.empty()) return std::string("(absent)");
      return json ? v : "\"" + v + "\"";
    };
    return formatter<std::string_view>::format(
        fmt::format("{}: {} -> {}  [can change: {}]", d.what, value(d.recorded), value(d.current),
                    seedkit::affects_names(d.affects)),
        ctx);
  }
};

template <>
struct fmt::formatter<seedkit::trace_divergence> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(const seedkit::trace_divergence& d, FormatContext& ctx) const {
    return formatter<std::string_view>::format(
        d.diverged ? fmt::format("first divergence: {} (reference {:016x}, run {:016x})", d.message,
                                 d.expected, d.actual)
                   : std::string("no divergence"),
        ctx);
  }
};

#endif  // SEEDKIT_RECORD_FMT_HPP

// Fuzz target: seedkit::manifest::from_json (include/seedkit/record/manifest.hpp).
//
// Any text either parses or throws seedkit::error; no other exception may
// escape (only seedkit::error is caught here: anything else reaches
// libFuzzer as an uncaught exception, a crash). A parsed manifest's
// to_json() parses back, and that manifest's to_json() is the same text;
// diff(m, m) is empty.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "seedkit/record/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  seedkit::manifest m;
  try {
    m = seedkit::manifest::from_json(text, "fuzz");
  } catch (const seedkit::error&) {
    return 0;
  }
  const std::string json = m.to_json();
  seedkit::manifest again;
  try {
    again = seedkit::manifest::from_json(json, "to_json");
  } catch (const seedkit::error& e) {
    fuzz::finding("manifest::from_json refused a parsed manifest's to_json(): %s\n--- json:\n%s",
                  e.what(), json.c_str());
  }
  const std::string json2 = again.to_json();
  FUZZ_CHECK(json2 == json,
             "manifest to_json() does not round-trip\n--- first:\n%s\n--- after from_json:\n%s",
             json.c_str(), json2.c_str());
  const auto d = seedkit::diff(m, m);
  FUZZ_CHECK(d.empty(), "diff(m, m) has %zu entries; the first: \"%s\": \"%s\" vs \"%s\"", d.size(),
             d.empty() ? "" : d[0].what.c_str(), d.empty() ? "" : d[0].recorded.c_str(),
             d.empty() ? "" : d[0].current.c_str());
  return 0;
}

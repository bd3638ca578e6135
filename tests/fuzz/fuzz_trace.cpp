// Fuzz target: seedkit::trace::from_json (include/seedkit/record/trace.hpp).
//
// Any text either parses or throws seedkit::error; no other exception may
// escape (only seedkit::error is caught here). A parsed trace's to_json()
// parses back to a trace with the same checkpoints and the same to_json().
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "seedkit/record/trace.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  seedkit::trace t;
  try {
    t = seedkit::trace::from_json(text, "fuzz");
  } catch (const seedkit::error&) {
    return 0;
  }
  const std::string json = t.to_json();
  seedkit::trace again;
  try {
    again = seedkit::trace::from_json(json, "to_json");
  } catch (const seedkit::error& e) {
    fuzz::finding("trace::from_json refused a parsed trace's to_json(): %s\n--- json:\n%s",
                  e.what(), json.c_str());
  }
  const seedkit::trace_divergence d = seedkit::compare(t, again);
  FUZZ_CHECK(!d.diverged, "a trace and its to_json() round trip diverge: %s", d.message.c_str());
  const std::string json2 = again.to_json();
  FUZZ_CHECK(json2 == json,
             "trace to_json() does not round-trip\n--- first:\n%s\n--- after from_json:\n%s",
             json.c_str(), json2.c_str());
  return 0;
}

// Fuzz target: seedkit::torch::rng_checkpoint::from_json
// (include/seedkit/torch/checkpoint.hpp), against the real libtorch.
//
// Built only when libtorch is found (tests/fuzz/CMakeLists.txt). libtorch
// itself is not instrumented: AddressSanitizer checks this target's code
// and seedkit's headers, and intercepts libtorch's allocations.
//
// Each input is read twice: as it is, and (when it is a JSON object with an
// object "payload") with its "check" recomputed, so that mutations reach the
// fields behind the checksum. For each reading:
// - only seedkit::error may escape from_json (nothing else is caught here);
// - a refused file changes nothing: torch's default CPU generator, the
//   tracked at::Generator "noise" and the tracked stream "augment" keep
//   their states;
// - an accepted file round-trips: to_json(user) after the restore is
//   accepted again and then gives the same text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_common.hpp"
#include "seedkit/torch/torch.hpp"

namespace {

struct fixture {
  seedkit::stream augment;
  at::Generator noise;
  seedkit::torch::rng_checkpoint rng;

  fixture() : augment(seedkit::key(12321) / "augment"), noise(at::detail::createCPUGenerator(7)) {
    seedkit::init(12321);
    rng.track("augment", augment).track("noise", noise);
  }
};

fixture& the_fixture() {
  static fixture f;
  return f;
}

// The input with "check" recomputed, or "" when it has no object payload or
// nests deeper than 64 (nlohmann's dump() recurses; seedkit's reader refuses
// such depths before it dumps anything).
std::string with_repaired_check(std::string_view text) {
  int depth = 0;
  for (const char c : text) {
    if (c == '[' || c == '{') ++depth;
    if (depth > 64) return {};
    if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {};
  const auto p = j.find("payload");
  if (p == j.end() || !p->is_object()) return {};
  nlohmann::json fixed = j;
  fixed["check"] = "fnv1a64-" + seedkit::detail::to_hex(seedkit::detail::fnv1a64(p->dump()));
  return fixed.dump();
}

void read_once(fixture& f, const std::string& text, const char* which) {
  const seedkit::stream augment_before = f.augment;
  const at::Tensor noise_before = f.noise.get_state();
  const at::Tensor cpu_before = at::detail::getDefaultCPUGenerator().get_state();
  nlohmann::json user;
  try {
    user = f.rng.from_json(text, which);
  } catch (const seedkit::error&) {
    FUZZ_CHECK(f.augment == augment_before, "%s: a refused checkpoint moved the stream", which);
    FUZZ_CHECK(at::equal(f.noise.get_state(), noise_before),
               "%s: a refused checkpoint changed the tracked generator", which);
    FUZZ_CHECK(at::equal(at::detail::getDefaultCPUGenerator().get_state(), cpu_before),
               "%s: a refused checkpoint changed torch's CPU generator", which);
    return;
  }
  const std::string json = f.rng.to_json(user);
  try {
    (void)f.rng.from_json(json, "to_json");
  } catch (const seedkit::error& e) {
    fuzz::finding("rng_checkpoint refused its own to_json() after a restore: %s\n--- json:\n%s",
                  e.what(), json.c_str());
  }
  const std::string again = f.rng.to_json(user);
  FUZZ_CHECK(again == json,
             "rng_checkpoint to_json() does not round-trip\n--- first:\n%s\n--- "
             "after from_json:\n%s",
             json.c_str(), again.c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fixture& f = the_fixture();
  const std::string text(reinterpret_cast<const char*>(data), size);
  read_once(f, text, "input");
  const std::string repaired = with_repaired_check(text);
  if (!repaired.empty()) read_once(f, repaired, "input with its check recomputed");
  return 0;
}

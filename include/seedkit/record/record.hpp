// seedkit/record/record.hpp: the record add-on in one include (target
// seedkit::record, CMake option SEEDKIT_ENABLE_RECORD): a run's manifest
// (record and replay), the fingerprint of what decides its bits, the trace
// that finds where two runs part, and {fmt} formatters for seedkit's types.
// Needs nlohmann_json and {fmt}; host-only.
#ifndef SEEDKIT_RECORD_RECORD_HPP
#define SEEDKIT_RECORD_RECORD_HPP

#include "seedkit/record/fingerprint.hpp"
#include "seedkit/record/fmt.hpp"
#include "seedkit/record/manifest.hpp"
#include "seedkit/record/trace.hpp"

#endif  // SEEDKIT_RECORD_RECORD_HPP

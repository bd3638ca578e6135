// Test support: the published known-answer values of
// tests/reference/known_answers.txt, looked up by entry name. That file is
// the one copy of them (as Random123 keeps its tests/kat_vectors): the host
// tests read it through known_answer(name), the device test
// (tests/cuda/test_device_engines.cu) through known_answer_in(path, name)
// with the path ctest passes it. Each group in the file cites its source.
//
// Entry format (read with the golden-file reader, golden.hpp):
//   <name> <hex|dec> <value>...
// every value an unsigned integer of at most 64 bits in the given radix.
#ifndef SEEDKIT_TESTS_SUPPORT_KNOWN_ANSWERS_HPP
#define SEEDKIT_TESTS_SUPPORT_KNOWN_ANSWERS_HPP

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "golden.hpp"

namespace seedkit_test {

// Digits only (no sign, no prefix, no spaces), at most 2^64 - 1.
inline std::uint64_t parse_known_answer_value(const std::string& s, unsigned base) {
  if (s.empty()) throw std::runtime_error("empty known-answer value");
  std::uint64_t v = 0;
  for (const char c : s) {
    unsigned d = base;
    if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      d = static_cast<unsigned>(c - 'a') + 10u;
    } else if (c >= 'A' && c <= 'F') {
      d = static_cast<unsigned>(c - 'A') + 10u;
    }
    if (d >= base) throw std::runtime_error("bad digit in known-answer value '" + s + "'");
    if (v > (~std::uint64_t{0} - d) / base) {
      throw std::runtime_error("known-answer value '" + s + "' exceeds 64 bits");
    }
    v = v * base + d;
  }
  return v;
}

// The values of entry `name` in the known-answer file at `path`. Throws
// std::runtime_error when the file cannot be read, the entry is missing or
// repeated, or a value is malformed.
inline std::vector<std::uint64_t> known_answer_in(const std::string& path,
                                                  const std::string& name) {
  std::vector<std::uint64_t> values;
  bool found = false;
  for (const auto& r : read_golden_file(path)) {
    if (r.fields[0] != name) continue;
    const std::string where = path + ":" + std::to_string(r.line_number);
    if (found) throw std::runtime_error(where + ": entry '" + name + "' repeated");
    found = true;
    if (r.fields.size() < 3)
      throw std::runtime_error(where + ": entry '" + name + "' has no values");
    unsigned base = 0;
    if (r.fields[1] == "hex") {
      base = 16;
    } else if (r.fields[1] == "dec") {
      base = 10;
    } else {
      throw std::runtime_error(where + ": radix must be hex or dec, not '" + r.fields[1] + "'");
    }
    for (std::size_t i = 2; i < r.fields.size(); ++i) {
      values.push_back(parse_known_answer_value(r.fields[i], base));
    }
  }
  if (!found) throw std::runtime_error("no entry '" + name + "' in " + path);
  return values;
}

#ifdef SEEDKIT_TEST_SOURCE_DIR
// The path of tests/reference/known_answers.txt.
inline std::string known_answers_path() { return reference_path("known_answers.txt"); }

// The values of entry `name` in tests/reference/known_answers.txt.
inline std::vector<std::uint64_t> known_answer(const std::string& name) {
  return known_answer_in(known_answers_path(), name);
}
#endif

}  // namespace seedkit_test

#endif  // SEEDKIT_TESTS_SUPPORT_KNOWN_ANSWERS_HPP

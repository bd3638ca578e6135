// Test support: the one reader of the checked-in data files under
// tests/reference/: the golden files written by the Python references
// (derive_golden.txt, data_golden.txt, distributions_golden.txt,
// pairwise_sum_golden.txt) and the published known answers
// (known_answers.txt, see known_answers.hpp).
//
// One format for all of them: a line that starts with '#' is a comment, a
// blank line is skipped, every other line is one record of fields separated
// by whitespace. Each file documents its own fields in its header comment.
//
// Used by the Catch2 suites (which define SEEDKIT_TEST_SOURCE_DIR as the
// absolute path of tests/) and by stand-alone checkers that take the file's
// path on their command line (tests/distributions/golden_main.cpp,
// tests/cuda/test_device_engines.cu); include it as "support/golden.hpp" with
// tests/ on the include path, or by a relative path.
#ifndef SEEDKIT_TESTS_SUPPORT_GOLDEN_HPP
#define SEEDKIT_TESTS_SUPPORT_GOLDEN_HPP

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace seedkit_test {

// One record: where it is, the line as written, and its fields.
struct golden_record {
  std::size_t line_number = 0;  // 1-based
  std::string text;
  std::vector<std::string> fields;  // never empty
};

// Every record of the file at `path`, in order. Throws std::runtime_error
// when the file cannot be opened.
inline std::vector<golden_record> read_golden_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<golden_record> out;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    golden_record r;
    r.line_number = number;
    r.text = line;
    std::istringstream fields(line);
    for (std::string w; fields >> w;) r.fields.push_back(w);
    if (!r.fields.empty()) out.push_back(std::move(r));
  }
  return out;
}

// The fields of the records of the file at `path` whose first field is
// `tag`. Throws when there is none.
inline std::vector<std::vector<std::string>> golden_lines_in(const std::string& path,
                                                             const std::string& tag) {
  std::vector<std::vector<std::string>> out;
  for (auto& r : read_golden_file(path)) {
    if (r.fields[0] == tag) out.push_back(std::move(r.fields));
  }
  if (out.empty()) throw std::runtime_error("no '" + tag + "' lines in " + path);
  return out;
}

#ifdef SEEDKIT_TEST_SOURCE_DIR
// The path of tests/reference/<name>.
inline std::string reference_path(const std::string& name) {
  return std::string(SEEDKIT_TEST_SOURCE_DIR) + "/reference/" + name;
}

// The records of tests/reference/<name> that start with `tag`, as fields.
inline std::vector<std::vector<std::string>> golden_lines(const std::string& name,
                                                          const std::string& tag) {
  return golden_lines_in(reference_path(name), tag);
}
#endif

inline std::uint64_t hex64(const std::string& s) { return std::stoull(s, nullptr, 16); }

inline std::string unhex(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    out += static_cast<char>(std::stoi(s.substr(i, 2), nullptr, 16));
  }
  return out;
}

}  // namespace seedkit_test

#endif  // SEEDKIT_TESTS_SUPPORT_GOLDEN_HPP

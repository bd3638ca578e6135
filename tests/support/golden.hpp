// Test support: reading the checked-in golden files under tests/reference/.
#ifndef SEEDKIT_TESTS_SUPPORT_GOLDEN_HPP
#define SEEDKIT_TESTS_SUPPORT_GOLDEN_HPP

#include <cstdint>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace seedkit_test {

// The non-comment lines of tests/reference/<name> that start with `tag`,
// split at whitespace.
inline std::vector<std::vector<std::string>> golden_lines(const std::string& name,
                                                          const std::string& tag) {
  const std::string path = std::string(SEEDKIT_TEST_SOURCE_DIR) + "/reference/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open golden file " + path);
  std::vector<std::vector<std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string w; fields >> w;) f.push_back(w);
    if (!f.empty() && f[0] == tag) out.push_back(f);
  }
  if (out.empty()) throw std::runtime_error("no '" + tag + "' lines in " + path);
  return out;
}

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

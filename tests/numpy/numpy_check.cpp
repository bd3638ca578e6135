// Reads the cases numpy_cases.py wrote with numpy and recomputes each with
// seedkit::numpy_seed_sequence. Exit 0 when all match, 1 otherwise.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "seedkit/numpy.hpp"

namespace {

std::vector<std::uint64_t> split(const std::string& s) {
  std::vector<std::uint64_t> out;
  if (s == "-") return out;
  std::istringstream in(s);
  for (std::string t; std::getline(in, t, ',');) out.push_back(std::stoull(t));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: seedkit_numpy_check CASES\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "cannot open " << argv[1] << "\n";
    return 2;
  }
  std::size_t cases = 0, mismatches = 0;
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string entropy, spawn, dtype, colon;
    std::size_t n = 0;
    f >> entropy >> spawn >> n >> dtype >> colon;
    std::vector<std::uint64_t> expected;
    for (std::uint64_t v; f >> v;) expected.push_back(v);
    const seedkit::numpy_seed_sequence ss(split(entropy), split(spawn));
    std::vector<std::uint64_t> got;
    if (dtype == "u32") {
      for (std::uint32_t v : ss.generate_state_u32(n)) got.push_back(v);
    } else {
      got = ss.generate_state_u64(n);
    }
    ++cases;
    if (got != expected) {
      if (++mismatches <= 5) std::cerr << "mismatch: " << line.substr(0, 120) << "\n";
    }
  }
  std::printf("%zu numpy SeedSequence cases, %zu mismatches\n", cases, mismatches);
  return cases > 0 && mismatches == 0 ? 0 : 1;
}

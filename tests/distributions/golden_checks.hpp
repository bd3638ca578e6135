// The distributions-specific checks of tests/reference/distributions_golden.txt:
// each record is replayed against seedkit's distributions and range
// algorithms. The file itself is read by the one golden-file reader,
// tests/support/golden.hpp. Shared by the Catch2 suite
// (tests/test_distributions.cpp) and by the stand-alone checker
// (golden_main.cpp) that tests/distributions/tests.cmake builds with
// -ffp-contract=off, with -ffp-contract=fast plus FMA instructions and at
// -O0, so one file of expected bits is compared against every build flavour.
//
// The golden file is written by tests/reference/distributions.py, an
// independent Python implementation of docs/distributions.md; its line
// format is documented there.
#ifndef SEEDKIT_TESTS_DISTRIBUTIONS_GOLDEN_CHECKS_HPP
#define SEEDKIT_TESTS_DISTRIBUTIONS_GOLDEN_CHECKS_HPP

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../support/golden.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/splitmix64.hpp"

namespace golden {

// SplitMix64 outputs as a 64-bit generator, counting calls.
struct splitmix_words64 {
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~std::uint64_t{0}; }
  explicit splitmix_words64(std::uint64_t seed) : g(seed) {}
  result_type operator()() {
    ++calls;
    return g();
  }
  seedkit::splitmix64 g;
  std::size_t calls = 0;
};

// The high 32 bits of each SplitMix64 output, as a 32-bit generator.
struct splitmix_words32 {
  using result_type = std::uint32_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return 0xffffffffu; }
  explicit splitmix_words32(std::uint64_t seed) : g(seed) {}
  result_type operator()() {
    ++calls;
    return static_cast<std::uint32_t>(g() >> 32);
  }
  seedkit::splitmix64 g;
  std::size_t calls = 0;
};

// A fixed list of words (abseil's sequence_urbg idea); running out throws.
template <class UInt>
struct replay_words {
  using result_type = UInt;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return static_cast<UInt>(~UInt{0}); }
  explicit replay_words(std::vector<UInt> w) : words(std::move(w)) {}
  result_type operator()() {
    if (calls == words.size()) throw std::runtime_error("replay generator ran out of words");
    return words[calls++];
  }
  std::vector<UInt> words;
  std::size_t calls = 0;
};

inline std::string hex(double x) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, seedkit::detail::to_bits(x));
  return buf;
}
inline std::string hex(float x) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08" PRIx32, seedkit::detail::to_bits(x));
  return buf;
}
inline std::string hex_word(std::uint64_t w) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, w);
  return buf;
}
inline double f64(const std::string& h) {
  return seedkit::detail::from_bits<double>(std::stoull(h, nullptr, 16));
}
inline float f32(const std::string& h) {
  const auto u = static_cast<std::uint32_t>(std::stoul(h, nullptr, 16));
  float x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

struct parsed_case {
  std::string kind, gen;
  std::size_t count = 0;
  std::vector<std::string> params, expected;
  std::size_t expected_calls = 0;
};

inline std::vector<double> weights_from(const std::vector<std::string>& p, std::size_t at) {
  const auto n = static_cast<std::size_t>(std::stoull(p.at(at)));
  std::vector<double> w;
  for (std::size_t i = 0; i < n; ++i) w.push_back(f64(p.at(at + 1 + i)));
  return w;
}

template <class IntType, class G>
void draw_ints(G& g, const parsed_case& c, std::vector<std::string>& out) {
  using wide = std::conditional_t<std::is_signed<IntType>::value, long long, unsigned long long>;
  const auto a = static_cast<IntType>(std::is_signed<IntType>::value
                                          ? static_cast<wide>(std::stoll(c.params.at(0)))
                                          : static_cast<wide>(std::stoull(c.params.at(0))));
  const auto b = static_cast<IntType>(std::is_signed<IntType>::value
                                          ? static_cast<wide>(std::stoll(c.params.at(1)))
                                          : static_cast<wide>(std::stoull(c.params.at(1))));
  const seedkit::uniform_int<IntType> d(a, b);
  for (std::size_t i = 0; i < c.count; ++i) out.push_back(std::to_string(static_cast<wide>(d(g))));
}

// Runs one case with generator g; returns the outputs in the golden format.
template <class G>
std::vector<std::string> run(const parsed_case& c, G& g) {
  std::vector<std::string> out;
  const auto& p = c.params;
  const std::string& k = c.kind;
  if (k == "uniform_int_u64") {
    draw_ints<std::uint64_t>(g, c, out);
  } else if (k == "uniform_int_i64") {
    draw_ints<std::int64_t>(g, c, out);
  } else if (k == "uniform_int_i32") {
    draw_ints<int>(g, c, out);
  } else if (k == "uniform_int_u16") {
    draw_ints<std::uint16_t>(g, c, out);
  } else if (k == "uniform_int_i8") {
    draw_ints<std::int8_t>(g, c, out);
  } else if (k == "uniform_real_f64") {
    const seedkit::uniform_real<double> d(f64(p.at(0)), f64(p.at(1)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(hex(d(g)));
  } else if (k == "uniform_real_f32") {
    const seedkit::uniform_real<float> d(f32(p.at(0)), f32(p.at(1)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(hex(d(g)));
  } else if (k == "bernoulli") {
    const seedkit::bernoulli d(f64(p.at(0)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(d(g) ? "1" : "0");
  } else if (k == "normal_f64") {
    const seedkit::normal<double> d(f64(p.at(0)), f64(p.at(1)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(hex(d(g)));
  } else if (k == "normal_f32") {
    const seedkit::normal<float> d(f32(p.at(0)), f32(p.at(1)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(hex(d(g)));
  } else if (k == "exponential_f64") {
    const seedkit::exponential<double> d(f64(p.at(0)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(hex(d(g)));
  } else if (k == "exponential_f32") {
    const seedkit::exponential<float> d(f32(p.at(0)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(hex(d(g)));
  } else if (k == "truncated_normal_f64") {
    const seedkit::truncated_normal<double> d(f64(p.at(0)), f64(p.at(1)), f64(p.at(2)),
                                              f64(p.at(3)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(hex(d(g)));
  } else if (k == "truncated_normal_f32") {
    const seedkit::truncated_normal<float> d(f32(p.at(0)), f32(p.at(1)), f32(p.at(2)),
                                             f32(p.at(3)));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(hex(d(g)));
  } else if (k == "discrete") {
    const seedkit::discrete d(weights_from(p, 0));
    for (std::size_t i = 0; i < c.count; ++i) out.push_back(std::to_string(d(g)));
  } else if (k == "dropout") {
    const seedkit::dropout_mask m(f64(p.at(0)));
    const auto n = static_cast<std::size_t>(std::stoull(p.at(1)));
    std::vector<std::uint64_t> words((n + 63) / 64);
    m.fill(g, words.data(), n);
    for (auto w : words) out.push_back(hex_word(w));
  } else if (k == "shuffle") {
    std::vector<int> v(static_cast<std::size_t>(std::stoull(p.at(0))));
    std::iota(v.begin(), v.end(), 0);
    seedkit::shuffle(v.begin(), v.end(), g);
    for (int x : v) out.push_back(std::to_string(x));
  } else if (k == "permutation") {
    for (auto x : seedkit::permutation(static_cast<std::size_t>(std::stoull(p.at(0))), g)) {
      out.push_back(std::to_string(x));
    }
  } else if (k == "sample") {
    const auto n = static_cast<std::size_t>(std::stoull(p.at(0)));
    const auto kk = static_cast<std::size_t>(std::stoull(p.at(1)));
    for (auto x : seedkit::sample(n, kk, g)) out.push_back(std::to_string(x));
  } else if (k == "weighted_with" || k == "weighted_without") {
    const auto kk = static_cast<std::size_t>(std::stoull(p.at(0)));
    const auto w = weights_from(p, 1);
    const auto r = k == "weighted_with" ? seedkit::weighted_sample_with_replacement(w, kk, g)
                                        : seedkit::weighted_sample_without_replacement(w, kk, g);
    for (auto x : r) out.push_back(std::to_string(x));
  } else {
    throw std::runtime_error("unknown golden case kind '" + k + "'");
  }
  return out;
}

// Cases that take no generator.
inline std::vector<std::string> run_pure(const parsed_case& c) {
  std::vector<std::string> out;
  if (c.kind == "discrete_table") {
    const seedkit::discrete d(weights_from(c.params, 0));
    for (const auto& col : d.table())
      out.push_back(hex_word(col.threshold) + "/" + std::to_string(col.alias));
  } else if (c.kind == "portable_exp" || c.kind == "portable_log") {
    for (std::size_t i = 1; i < c.params.size(); ++i) {
      const double x = f64(c.params[i]);
      out.push_back(hex(c.kind == "portable_exp" ? seedkit::detail::portable_exp(x)
                                                 : seedkit::detail::portable_log(x)));
    }
  } else {
    throw std::runtime_error("unknown golden case kind '" + c.kind + "'");
  }
  return out;
}

inline parsed_case parse(const std::string& line) {
  parsed_case c;
  std::istringstream in(line);
  std::string tok;
  in >> c.kind >> c.gen >> c.count;
  while (in >> tok && tok != ":") c.params.push_back(tok);
  while (in >> tok && tok != ";") c.expected.push_back(tok);
  in >> tok;
  if (tok.rfind("calls=", 0) != 0) throw std::runtime_error("malformed golden line");
  c.expected_calls = static_cast<std::size_t>(std::stoull(tok.substr(6)));
  return c;
}

template <class UInt>
std::vector<UInt> words_from(const std::string& list) {
  std::vector<UInt> w;
  std::istringstream in(list);
  std::string tok;
  while (std::getline(in, tok, ',')) w.push_back(static_cast<UInt>(std::stoull(tok, nullptr, 16)));
  return w;
}

// Runs one line; returns "" on success, else a description of the mismatch.
inline std::string check_line(const std::string& line) {
  const parsed_case c = parse(line);
  std::vector<std::string> got;
  std::size_t calls = 0;
  const std::string tag = c.gen.substr(0, 3), arg = c.gen.size() > 4 ? c.gen.substr(4) : "";
  if (c.gen == "-") {
    got = run_pure(c);
  } else if (tag == "S64") {
    splitmix_words64 g(std::stoull(arg));
    got = run(c, g);
    calls = g.calls;
  } else if (tag == "S32") {
    splitmix_words32 g(std::stoull(arg));
    got = run(c, g);
    calls = g.calls;
  } else if (tag == "R64") {
    replay_words<std::uint64_t> g(words_from<std::uint64_t>(arg));
    got = run(c, g);
    calls = g.calls;
  } else if (tag == "R32") {
    replay_words<std::uint32_t> g(words_from<std::uint32_t>(arg));
    got = run(c, g);
    calls = g.calls;
  } else {
    return "unknown generator " + c.gen;
  }
  if (got.size() != c.expected.size()) {
    return "output count " + std::to_string(got.size()) + " != expected " +
           std::to_string(c.expected.size());
  }
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (got[i] != c.expected[i]) {
      return "output " + std::to_string(i) + ": got " + got[i] + ", expected " + c.expected[i];
    }
  }
  if (calls != c.expected_calls) {
    return "generator calls " + std::to_string(calls) + " != expected " +
           std::to_string(c.expected_calls);
  }
  return "";
}

struct report {
  std::size_t cases = 0;
  std::vector<std::string> failures;  // "line N (kind gen): what"
};

// Checks every record of the golden file at `path`.
inline report check_file(const std::string& path) {
  report r;
  std::vector<seedkit_test::golden_record> records;
  try {
    records = seedkit_test::read_golden_file(path);
  } catch (const std::exception& e) {
    r.failures.push_back(e.what());
    return r;
  }
  for (const auto& rec : records) {
    ++r.cases;
    std::string what;
    try {
      what = check_line(rec.text);
    } catch (const std::exception& e) {
      what = std::string("exception: ") + e.what();
    }
    if (!what.empty()) {
      r.failures.push_back("line " + std::to_string(rec.line_number) + " (" +
                           rec.text.substr(0, 60) + "...): " + what);
    }
  }
  return r;
}

}  // namespace golden

#endif  // SEEDKIT_TESTS_DISTRIBUTIONS_GOLDEN_CHECKS_HPP

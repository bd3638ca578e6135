// tests/fuzz/fuzz_common.hpp: what every seedkit fuzz target shares.
//
// A finding is reported by finding(): one line "seedkit fuzz FINDING: ..."
// on stderr naming the call and what went wrong, then abort(), which
// libFuzzer records as a crash (its input is saved as crash-<sha1>).
// expect_ok_or_error runs a call whose only accepted outcomes are returning
// or throwing seedkit::error: any other exception (std::bad_alloc,
// std::length_error, nlohmann's exceptions, ...) escaping is a finding.
#ifndef SEEDKIT_FUZZ_COMMON_HPP
#define SEEDKIT_FUZZ_COMMON_HPP

#include <cxxabi.h>

#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <typeinfo>

#include "seedkit/error.hpp"

namespace fuzz {

// The demangled name of a type, for messages.
inline std::string type_name(const std::type_info& t) {
  int status = 0;
  char* name = abi::__cxa_demangle(t.name(), nullptr, nullptr, &status);
  std::string out = status == 0 && name ? name : t.name();
  std::free(name);
  return out;
}

// Reports a finding (printf-style message) and aborts.
[[noreturn]] inline void finding(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  std::fputs("seedkit fuzz FINDING: ", stderr);
  std::vfprintf(stderr, format, args);
  std::fputc('\n', stderr);
  va_end(args);
  std::fflush(stderr);
  std::abort();
}

// A postcondition: reports a finding when `ok` is false.
#define FUZZ_CHECK(ok, ...)                  \
  do {                                       \
    if (!(ok)) ::fuzz::finding(__VA_ARGS__); \
  } while (0)

// The outcome of a call that may throw only seedkit::error.
enum class outcome { returned, refused };

// Runs f(); returns whether it returned or threw seedkit::error. Any other
// exception is a finding naming `call`.
template <class F>
outcome expect_ok_or_error(const std::string& call, F&& f) {
  try {
    f();
    return outcome::returned;
  } catch (const seedkit::error&) {
    return outcome::refused;
  } catch (const std::exception& e) {
    finding("%s threw %s (\"%s\"); only seedkit::error may escape", call.c_str(),
            type_name(typeid(e)).c_str(), e.what());
  } catch (...) {
    finding("%s threw a non-std exception; only seedkit::error may escape", call.c_str());
  }
}

// A call that must be refused (documented precondition violated): it must
// throw seedkit::error; returning is a finding too.
template <class F>
void expect_error(const std::string& call, F&& f) {
  if (expect_ok_or_error(call, f) == outcome::returned) {
    finding("%s returned; its documentation says it throws seedkit::error", call.c_str());
  }
}

// Bit patterns of floating-point values.
inline std::uint64_t bits_of(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
inline std::uint32_t bits_of(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
inline double double_from_bits(std::uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}
inline float float_from_bits(std::uint32_t b) {
  float x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

// "%.17g" of a double, for messages.
inline std::string str(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

}  // namespace fuzz

#endif  // SEEDKIT_FUZZ_COMMON_HPP

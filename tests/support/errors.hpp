// Test support: what a seedkit::error says.
#ifndef SEEDKIT_TESTS_SUPPORT_ERRORS_HPP
#define SEEDKIT_TESTS_SUPPORT_ERRORS_HPP

#include <functional>
#include <string>

#include "seedkit/error.hpp"

namespace seedkit_test {

// The what() of the seedkit::error that f throws, or a sentence saying it
// threw none (other exceptions propagate and fail the test).
inline std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const seedkit::error& e) {
    return e.what();
  }
  return "(no seedkit::error thrown)";
}

}  // namespace seedkit_test

#endif  // SEEDKIT_TESTS_SUPPORT_ERRORS_HPP

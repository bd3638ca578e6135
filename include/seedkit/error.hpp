// seedkit/error.hpp: the one exception type seedkit throws.
//
// Every rejection of bad input (a malformed seed string, a corrupt state
// token, a probability outside [0, 1], an unreadable manifest) is reported as
// seedkit::error, whose message names what was wrong and what is accepted.
#ifndef SEEDKIT_ERROR_HPP
#define SEEDKIT_ERROR_HPP

#include <stdexcept>  // runtime_error
#include <string>     // string

#include "seedkit/config.hpp"

SEEDKIT_BEGIN_NAMESPACE

// The exception seedkit throws for invalid input or an unusable environment.
// what() is a complete sentence meant for a person: the input, why it was
// rejected, and the accepted forms.
// Stability: api: the interface is stable within a major version.
class error : public std::runtime_error {
 public:
  explicit error(const std::string& message) : std::runtime_error(message) {}
  explicit error(const char* message) : std::runtime_error(message) {}
};

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_ERROR_HPP

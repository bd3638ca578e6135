// seedkit/version.hpp: the library version and the version of the stream
// contract.
//
// The stream contract (the bits every engine, derivation and distribution
// produces for given inputs) only changes with a new major version; the CMake
// package's version file is SameMajorVersion for that reason.
#ifndef SEEDKIT_VERSION_HPP
#define SEEDKIT_VERSION_HPP

#include "seedkit/config.hpp"

#define SEEDKIT_VERSION_MAJOR 1
#define SEEDKIT_VERSION_MINOR 0
#define SEEDKIT_VERSION_PATCH 0
// MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons.
#define SEEDKIT_VERSION \
  (SEEDKIT_VERSION_MAJOR * 10000 + SEEDKIT_VERSION_MINOR * 100 + SEEDKIT_VERSION_PATCH)
#define SEEDKIT_VERSION_STRING "1.0.0"

// The version of the derivation and stream algorithms (docs/derivation.md).
// It is part of every manifest; a change here is a new major version.
#define SEEDKIT_STREAM_VERSION 2

SEEDKIT_BEGIN_NAMESPACE

// The library's version, as numbers and as "MAJOR.MINOR.PATCH".
// Stability: api: the interface is stable within a major version.
struct version_info {
  int major;
  int minor;
  int patch;
  int stream_version;  // SEEDKIT_STREAM_VERSION
  const char* string;  // SEEDKIT_VERSION_STRING
};

// The version of the seedkit headers this translation unit was built with.
constexpr version_info version() noexcept {
  return {SEEDKIT_VERSION_MAJOR, SEEDKIT_VERSION_MINOR, SEEDKIT_VERSION_PATCH,
          SEEDKIT_STREAM_VERSION, SEEDKIT_VERSION_STRING};
}

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_VERSION_HPP

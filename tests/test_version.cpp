// Tests for seedkit/version.hpp: the macros, the function and the CMake
// project version agree.
#include "seedkit/version.hpp"

#include <string>

#include <catch2/catch.hpp>

static_assert(SEEDKIT_VERSION == SEEDKIT_VERSION_MAJOR * 10000 + SEEDKIT_VERSION_MINOR * 100 +
                                     SEEDKIT_VERSION_PATCH,
              "");

TEST_CASE("version() reports the macros", "[version]") {
  constexpr auto v = seedkit::version();
  CHECK(v.major == SEEDKIT_VERSION_MAJOR);
  CHECK(v.minor == SEEDKIT_VERSION_MINOR);
  CHECK(v.patch == SEEDKIT_VERSION_PATCH);
  CHECK(v.stream_version == SEEDKIT_STREAM_VERSION);
  CHECK(std::string(v.string) ==
        std::to_string(v.major) + "." + std::to_string(v.minor) + "." + std::to_string(v.patch));
}

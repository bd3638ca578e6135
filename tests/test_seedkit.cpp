// Tests for the umbrella header seedkit/seedkit.hpp: it brings in the core.
#include "seedkit/seedkit.hpp"

#include <catch2/catch.hpp>

TEST_CASE("the umbrella header exposes the core", "[seedkit]") {
  seedkit::philox4x32 e;
  seedkit::splitmix64 g;
  CHECK(e() != g());
  CHECK(seedkit::version().major == SEEDKIT_VERSION_MAJOR);
}

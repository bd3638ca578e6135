// Tests for seedkit/error.hpp.
#include "seedkit/error.hpp"

#include <string>

#include <catch2/catch.hpp>

TEST_CASE("seedkit::error is a runtime_error carrying its message", "[error]") {
  try {
    throw seedkit::error(std::string("SEEDKIT_SEED=\"abc\" is not a seed"));
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "SEEDKIT_SEED=\"abc\" is not a seed");
  }
  CHECK_THROWS_AS(throw seedkit::error("x"), seedkit::error);
}

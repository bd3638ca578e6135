// seedkit/stream.hpp alone: a stream depends only on its key, so including
// it must not bring the process-global entry points or their state.
#include "seedkit/stream.hpp"

#if defined(SEEDKIT_GLOBAL_HPP)
#  error "seedkit/stream.hpp reaches seedkit/global.hpp (process state)"
#endif
#if defined(SEEDKIT_PHILOX_HPP)
#  error \
      "seedkit/stream.hpp reaches the engines of seedkit/philox.hpp; it needs only the block function"
#endif

namespace {
// A stream is usable without seedkit::init: its key says everything.
[[maybe_unused]] std::uint64_t first_word() {
  seedkit::stream s(seedkit::key(12321) / "data/shuffle");
  return s();
}
}  // namespace

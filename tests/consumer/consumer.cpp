// A tiny program that uses seedkit the way a downstream project would. It
// checks one published value (C++26 [rand.predef]: the 10000th output of a
// default-constructed philox4x32 is 1955073260) and exits non-zero otherwise.
#include <seedkit/seedkit.hpp>

#include <cstdio>

int main() {
  seedkit::philox4x32 engine;
  engine.discard(9999);
  const auto value = engine();
  std::printf("seedkit %s: philox4x32 10000th = %llu\n", seedkit::version().string,
              static_cast<unsigned long long>(value));
  return value == 1955073260u ? 0 : 1;
}

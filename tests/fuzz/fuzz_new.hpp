// tests/fuzz/fuzz_new.hpp: a global operator new that throws std::bad_alloc
// for a single request above 1 GiB, as the C++ standard's operator new does
// when memory is exhausted. Include it in exactly one translation unit of a
// fuzz target that passes sizes beyond memory.
//
// Why: AddressSanitizer's own operator new never throws: a request it
// cannot satisfy (say 2^40 elements) aborts the process with "allocator is
// out of memory", whatever allocator_may_return_null says. Code that turns
// std::bad_alloc into seedkit::error could then not be tested under ASan.
// This replacement takes its memory from malloc, which ASan still
// intercepts (overflows, use after free, leaks and new/free mismatches are
// still found); only the scalar forms are replaced, the array and aligned
// forms stay ASan's.
#ifndef SEEDKIT_FUZZ_NEW_HPP
#define SEEDKIT_FUZZ_NEW_HPP

#include <cstddef>
#include <cstdlib>
#include <new>

namespace fuzz {
constexpr std::size_t max_single_allocation = std::size_t{1} << 30;
}  // namespace fuzz

void* operator new(std::size_t n) {
  if (n > fuzz::max_single_allocation) throw std::bad_alloc();
  void* p = std::malloc(n != 0 ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (n > fuzz::max_single_allocation) return nullptr;
  return std::malloc(n != 0 ? n : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

#endif  // SEEDKIT_FUZZ_NEW_HPP

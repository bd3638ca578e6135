// seedkit/detail/alloc.hpp: allocations whose failure is a seedkit::error.
//
// The data utilities and shuffles materialize their results, so their size
// limit is memory: a result that does not fit (std::bad_alloc), or a size
// beyond what a std::vector can hold (std::length_error), becomes a
// seedkit::error naming the function, the element count and the bytes
// asked for, instead of a foreign exception. Internal.
#ifndef SEEDKIT_DETAIL_ALLOC_HPP
#define SEEDKIT_DETAIL_ALLOC_HPP

#include <cstddef>    // size_t
#include <new>        // bad_alloc
#include <stdexcept>  // length_error
#include <string>     // string, to_string
#include <vector>     // vector

#include "seedkit/config.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace detail {

[[noreturn]] inline void throw_too_large(const char* who, std::size_t count, std::size_t size) {
  const std::string bytes =
      count > static_cast<std::size_t>(-1) / size ? "more than 2^64" : std::to_string(count * size);
  throw error(std::string(who) + ": " + std::to_string(count) + " elements (" + bytes +
              " bytes) do not fit in memory; accepted: results that fit in memory");
}

// body(), with an allocation failure inside it reported as seedkit::error
// for `count` elements of `size` bytes (the result's size).
template <class F>
auto guard_alloc(const char* who, std::size_t count, std::size_t size, F&& body)
    -> decltype(body()) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    throw_too_large(who, count, size);
  } catch (const std::length_error&) {
    throw_too_large(who, count, size);
  }
}

// A vector of n copies of `value`, or seedkit::error.
template <class T>
std::vector<T> make_vector(std::size_t n, const char* who, const T& value = T()) {
  if (n > std::vector<T>().max_size()) throw_too_large(who, n, sizeof(T));
  return guard_alloc(who, n, sizeof(T), [&] { return std::vector<T>(n, value); });
}

// v.reserve(n), or seedkit::error.
template <class T>
void reserve(std::vector<T>& v, std::size_t n, const char* who) {
  if (n > v.max_size()) throw_too_large(who, n, sizeof(T));
  guard_alloc(who, n, sizeof(T), [&] { v.reserve(n); });
}

// v.resize(n), or seedkit::error.
template <class T>
void resize(std::vector<T>& v, std::size_t n, const char* who) {
  if (n > v.max_size()) throw_too_large(who, n, sizeof(T));
  guard_alloc(who, n, sizeof(T), [&] { v.resize(n); });
}

}  // namespace detail
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_DETAIL_ALLOC_HPP

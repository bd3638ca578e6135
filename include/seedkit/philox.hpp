// seedkit/philox.hpp: philox_engine, the Philox counter-based engines with
// the interface of C++26's std::philox_engine ([rand.eng.philox]), so code
// can move between the two. They wrap the block functions of
// seedkit/philox_block.hpp. Everything is constexpr, noexcept,
// allocation-free and usable in CUDA device code (the engine's set_counter
// and stream operators are host-only).
#ifndef SEEDKIT_PHILOX_HPP
#define SEEDKIT_PHILOX_HPP

#include <array>        // array
#include <cstddef>      // size_t
#include <cstdint>      // uint32_t, uint64_t, uint_least32_t, uint_fast32_t
#include <iosfwd>       // basic_ostream, basic_istream
#include <iterator>     // iterator_traits
#include <limits>       // numeric_limits
#include <type_traits>  // is_same, enable_if_t, is_unsigned, conditional_t

#include "seedkit/config.hpp"
#include "seedkit/detail/philox_core.hpp"
#include "seedkit/philox_block.hpp"

SEEDKIT_BEGIN_NAMESPACE

// philox_engine: the C++26 std::philox_engine, usable from C++17 and in
// device code.
//
// consts are (M0, C0, M1, C1) for n = 4 and (M0, C0) for n = 2: multiplier
// and round constant pairs, as in [rand.eng.philox] (P2075R6 as amended by
// LWG 4134). The state is the n-word counter X, the n/2-word key K, the
// current output block Y and the index i into it; each call returns the next
// word of Y, computing Y = Philox(K, X) and incrementing X when Y is spent.
// Example:
//   seedkit::philox4x32 eng(42);
//   std::uint32_t u = static_cast<std::uint32_t>(eng());
// Stability: published: bit-identical everywhere, forever.
template <class UIntType, std::size_t w, std::size_t n, std::size_t r, UIntType... consts>
class philox_engine {
  static_assert(std::is_unsigned<UIntType>::value, "UIntType must be an unsigned integer type");
  static_assert(n == 2 || n == 4, "philox_engine supports n = 2 and n = 4");
  static_assert(sizeof...(consts) == n, "give n constants: (multiplier, round constant) pairs");
  static_assert(r > 0, "at least one round");
  static_assert(w > 0 && w <= 64 && w <= std::numeric_limits<UIntType>::digits,
                "0 < w <= min(64, digits of UIntType)");

  // Words are computed in the narrowest fitting type.
  using word = std::conditional_t<(w <= 32), std::uint32_t, std::uint64_t>;
  static constexpr word mask = static_cast<word>(detail::low_mask<unsigned{w}>());
  SEEDKIT_HD static constexpr UIntType const_at(std::size_t k) noexcept {
    constexpr UIntType c[] = {consts...};
    return c[k];
  }

 public:
  using result_type = UIntType;

  static constexpr std::size_t word_size = w;
  static constexpr std::size_t word_count = n;
  static constexpr std::size_t round_count = r;
  static constexpr std::array<result_type, n / 2> multipliers = [] {
    std::array<result_type, n / 2> a{};
    for (std::size_t k = 0; k < n / 2; ++k) a[k] = const_at(2 * k);
    return a;
  }();
  static constexpr std::array<result_type, n / 2> round_consts = [] {
    std::array<result_type, n / 2> a{};
    for (std::size_t k = 0; k < n / 2; ++k) a[k] = const_at(2 * k + 1);
    return a;
  }();
  static constexpr result_type default_seed = 20111115u;

  SEEDKIT_HD static constexpr result_type min() noexcept { return 0; }
  SEEDKIT_HD static constexpr result_type max() noexcept {
    return static_cast<result_type>(detail::low_mask<unsigned{w}>());
  }

  SEEDKIT_HD constexpr philox_engine() noexcept : philox_engine(default_seed) {}
  SEEDKIT_HD constexpr explicit philox_engine(result_type value) noexcept { seed(value); }
  // Seeds from a SeedSequence (e.g. std::seed_seq, seedkit::seed_seq).
  template <class Sseq,
            class = std::enable_if_t<!std::is_convertible<Sseq, result_type>::value &&
                                     !std::is_same<std::remove_cv_t<Sseq>, philox_engine>::value>>
  explicit philox_engine(Sseq& q) {
    seed(q);
  }

  // K0 = value mod 2^w, the other key words and the counter 0.
  SEEDKIT_HD constexpr void seed(result_type value = default_seed) noexcept {
    for (std::size_t k = 0; k < n / 2; ++k) k_[k] = 0;
    k_[0] = static_cast<word>(value & mask);
    reset_counter();
  }

  // Key words from q.generate(): ceil(w/32) 32-bit values per key word,
  // least significant first ([rand.eng.philox]/9). Counter 0.
  template <class Sseq, class = std::enable_if_t<!std::is_convertible<Sseq, result_type>::value>>
  void seed(Sseq& q) {
    constexpr std::size_t p = (w + 31) / 32;
    std::uint_least32_t a[(n / 2) * p] = {};
    q.generate(a, a + (n / 2) * p);
    for (std::size_t k = 0; k < n / 2; ++k) {
      std::uint64_t v = 0;
      for (std::size_t j = 0; j < p; ++j) {
        v |= static_cast<std::uint64_t>(a[k * p + j] & 0xffffffffu) << (32 * j);
      }
      k_[k] = static_cast<word>(v & mask);
    }
    reset_counter();
  }

  // Sets the counter; c[0] is the most significant word (X[n-1]).
  // Host-only. The next call computes a fresh block from this counter.
  constexpr void set_counter(const std::array<result_type, n>& c) noexcept {
    for (std::size_t j = 0; j < n; ++j) x_[j] = static_cast<word>(c[n - 1 - j] & mask);
    i_ = n - 1;
  }

  // The next w-bit word.
  SEEDKIT_HD constexpr result_type operator()() noexcept {
    if (++i_ == n) {
      refill();
      i_ = 0;
    }
    return y_[i_];
  }

  // Advances by z calls in O(1).
  SEEDKIT_HD constexpr void discard(unsigned long long z) noexcept {
    const std::size_t buffered = n - 1 - i_;
    if (z <= buffered) {
      i_ += static_cast<std::size_t>(z);
      return;
    }
    z -= buffered;
    add_to_counter(z / n);
    const auto rest = static_cast<std::size_t>(z % n);
    i_ = n - 1;
    if (rest != 0) {
      refill();
      i_ = rest - 1;
    }
  }

  // Fills [first, last) with the next words: the same values, in the same
  // order, as calling operator() once per element, but whole blocks are
  // computed several at a time in SIMD lanes. The iterator's value type must
  // be an unsigned integer type of at least w bits (uint32_t works for
  // philox4x32), so that no word is truncated.
  template <class RandomIt>
  constexpr void generate(RandomIt first, RandomIt last) noexcept {
    using value = typename std::iterator_traits<RandomIt>::value_type;
    using diff = typename std::iterator_traits<RandomIt>::difference_type;
    static_assert(std::is_unsigned<value>::value && std::numeric_limits<value>::digits >= int{w},
                  "generate() needs an unsigned value type of at least w bits");
    while (first != last && i_ != n - 1) *first++ = static_cast<value>((*this)());
    if constexpr (n == 4) {
      // Batches of `lanes` blocks. The key and counter word 0 live in locals:
      // stores through `first` may alias the members (both can be uint32_t).
      constexpr std::size_t lanes = 16;
      const word k0 = k_[0], k1 = k_[1];
      word x0 = x_[0];
      while (static_cast<std::size_t>(last - first) >= lanes * 4) {
        if (x0 >= mask - (lanes - 1)) {  // word 0 carries in or after this batch:
          x_[0] = x0;                    // one block at a time
          for (std::size_t j = 0; j < lanes * 4; ++j) *first++ = static_cast<value>((*this)());
          x0 = x_[0];
          continue;
        }
        detail::philox4_lanes<r, unsigned{w}, lanes>(x0, x_[1], x_[2], x_[3], k0, k1, m(0), m(1),
                                                     c(0), c(1), first);
        x0 = static_cast<word>(x0 + lanes);
        first += static_cast<diff>(4 * lanes);
      }
      x_[0] = x0;
    }
    while (first != last) *first++ = static_cast<value>((*this)());
  }

  SEEDKIT_HD friend constexpr bool operator==(const philox_engine& a,
                                              const philox_engine& b) noexcept {
    // Y is a function of X and K whenever i < n - 1, so it need not be compared.
    for (std::size_t j = 0; j < n; ++j) {
      if (a.x_[j] != b.x_[j]) return false;
    }
    for (std::size_t k = 0; k < n / 2; ++k) {
      if (a.k_[k] != b.k_[k]) return false;
    }
    return a.i_ == b.i_;
  }
  SEEDKIT_HD friend constexpr bool operator!=(const philox_engine& a,
                                              const philox_engine& b) noexcept {
    return !(a == b);
  }

  // Writes the state as decimal numbers separated by spaces: X0..X(n-1),
  // K0..K(n/2-1), i. The stream's flags are restored afterwards.
  template <class CharT, class Traits>
  friend std::basic_ostream<CharT, Traits>& operator<<(std::basic_ostream<CharT, Traits>& os,
                                                       const philox_engine& e) {
    using ios = std::basic_ios<CharT, Traits>;
    const auto flags = os.flags(ios::dec | ios::left);
    const CharT fill = os.fill(os.widen(' '));
    const CharT space = os.widen(' ');
    for (std::size_t j = 0; j < n; ++j) os << static_cast<std::uint64_t>(e.x_[j]) << space;
    for (std::size_t k = 0; k < n / 2; ++k) os << static_cast<std::uint64_t>(e.k_[k]) << space;
    os << e.i_;
    os.flags(flags);
    os.fill(fill);
    return os;
  }

  // Reads what operator<< wrote. On malformed input sets failbit and leaves
  // the engine unchanged.
  template <class CharT, class Traits>
  friend std::basic_istream<CharT, Traits>& operator>>(std::basic_istream<CharT, Traits>& is,
                                                       philox_engine& e) {
    using ios = std::basic_ios<CharT, Traits>;
    const auto flags = is.flags(ios::dec | ios::skipws);
    philox_engine t = e;
    std::uint64_t v = 0;
    for (std::size_t j = 0; j < n && is >> v; ++j) {
      if (v > mask) is.setstate(ios::failbit);
      t.x_[j] = static_cast<word>(v);
    }
    for (std::size_t k = 0; k < n / 2 && is >> v; ++k) {
      if (v > mask) is.setstate(ios::failbit);
      t.k_[k] = static_cast<word>(v);
    }
    std::size_t i = 0;
    if (is >> i && i >= n) is.setstate(ios::failbit);
    if (is) {
      t.i_ = i;
      if (i != n - 1) {  // recompute the current block: it came from counter X - 1
        philox_engine prev = t;
        prev.sub_one_from_counter();
        prev.refill();
        for (std::size_t j = 0; j < n; ++j) t.y_[j] = prev.y_[j];
      }
      e = t;
    }
    is.flags(flags);
    return is;
  }

 private:
  SEEDKIT_HD static constexpr word m(std::size_t k) noexcept {
    return static_cast<word>(const_at(2 * k));
  }
  SEEDKIT_HD static constexpr word c(std::size_t k) noexcept {
    return static_cast<word>(const_at(2 * k + 1));
  }

  SEEDKIT_HD constexpr void reset_counter() noexcept {
    for (std::size_t j = 0; j < n; ++j) x_[j] = 0;
    i_ = n - 1;
  }

  // Y = Philox(K, X); X = X + 1.
  SEEDKIT_HD constexpr void refill() noexcept {
    word x[n] = {};
    for (std::size_t j = 0; j < n; ++j) x[j] = x_[j];
    if constexpr (n == 4) {
      detail::philox4_rounds<r, unsigned{w}>(x, k_[0], k_[1], m(0), m(1), c(0), c(1));
    } else {
      detail::philox2_rounds<r, unsigned{w}>(x, k_[0], m(0), c(0));
    }
    for (std::size_t j = 0; j < n; ++j) y_[j] = x[j];
    add_to_counter(1);
  }

  // X = (X + z) mod 2^(n w), X0 least significant.
  SEEDKIT_HD constexpr void add_to_counter(unsigned long long z) noexcept {
    std::uint64_t carry = 0;
    std::uint64_t rest = z;
    for (std::size_t j = 0; j < n && (rest | carry) != 0; ++j) {
      const std::uint64_t addend = rest & detail::low_mask<unsigned{w}>();
      if constexpr (w < 64) {
        rest >>= w;
        // x, addend < 2^w <= 2^63: the sum cannot overflow 64 bits.
        const std::uint64_t s = std::uint64_t{x_[j]} + addend + carry;
        x_[j] = static_cast<word>(s & mask);
        carry = s >> w;
      } else {
        rest = 0;
        const std::uint64_t s1 = std::uint64_t{x_[j]} + addend;  // wraps by design
        const std::uint64_t s2 = s1 + carry;
        carry = (s1 < addend || s2 < carry) ? 1 : 0;
        x_[j] = static_cast<word>(s2);
      }
    }
  }

  // X = (X - 1) mod 2^(n w).
  SEEDKIT_HD constexpr void sub_one_from_counter() noexcept {
    for (std::size_t j = 0; j < n; ++j) {
      const word old = x_[j];
      x_[j] = static_cast<word>((old - 1) & mask);
      if (old != 0) break;
    }
  }

  word x_[n] = {};
  word k_[n / 2] = {};
  word y_[n] = {};
  std::size_t i_ = n - 1;
};

// C++26's philox4x32: Random123's philox4x32_10 with a 64-bit key.
// Stability: published: bit-identical everywhere, forever.
using philox4x32 =
    philox_engine<std::uint_fast32_t, 32, 4, 10, 0xCD9E8D57, 0x9E3779B9, 0xD2511F53, 0xBB67AE85>;

// C++26's philox4x64: Random123's philox4x64_10.
// Stability: published: bit-identical everywhere, forever.
using philox4x64 = philox_engine<std::uint_fast64_t, 64, 4, 10, 0xCA5A826395121157,
                                 0x9E3779B97F4A7C15, 0xD2E7470EE14C6C93, 0xBB67AE8584CAA73B>;

SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_PHILOX_HPP

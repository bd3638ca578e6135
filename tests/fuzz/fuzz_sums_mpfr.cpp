// Fuzz target: seedkit's sums (include/seedkit/reduce.hpp, exact.hpp,
// parallel.hpp) against MPFR, an independent arbitrary-precision library.
//
// Input: a control byte, then the terms' bytes (8 per double, 4 per float).
//   bit 0      float (1) or double (0)
//   bits 1-2   thread count - 1 for parallel_sum (1 to 4)
//   bit 3      also check dot(x, y, exact), x and y the two halves of the terms
//   bits 4-6   7: repeat the terms up to more than 2 * 65536 of them (the
//              blocks of parallel_sum and the binning path of exact sums)
// Checks:
//   - exact_sum equals the correctly rounded sum: MPFR's mpfr_sum of the
//     terms at 2200 bits (exact for doubles), rounded to the format with
//     gradual underflow and overflow to infinity; special values by the
//     table in docs/reductions.md (a NaN term: the canonical NaN; +Inf and
//     -Inf: NaN; one infinity: that infinity; an exact zero is -0.0 only
//     when every term is -0.0; empty: +0.0);
//   - the accumulator (per term, and the range add) gives the same;
//   - parallel_sum with the input's thread count (1 to 4) and with an
//     executor running tasks in reverse, sum(v, mode), and the input-iterator path (std::deque) give
//     the serial function's bits in each mode;
//   - in every mode a NaN term or both infinities give the canonical NaN, a
//     NaN result is canonical, all -0.0 terms give -0.0, zeros with a +0.0
//     give +0.0;
//   - dot(x, y, exact) equals MPFR's correctly rounded sum of the exact
//     products (4400 bits).
#include <mpfr.h>

#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "fuzz_common.hpp"
#include "seedkit/parallel.hpp"
#include "seedkit/reduce.hpp"

namespace {

using seedkit::reduce_mode;

// A reusable array of MPFR numbers of one precision.
class mpfr_pool {
 public:
  explicit mpfr_pool(mpfr_prec_t prec) : prec_(prec) {}
  ~mpfr_pool() {
    for (auto& v : vals_) mpfr_clear(&v);
  }
  mpfr_pool(const mpfr_pool&) = delete;
  mpfr_pool& operator=(const mpfr_pool&) = delete;
  // Pointers to n numbers (their values are whatever was left).
  const std::vector<mpfr_ptr>& get(std::size_t n) {
    while (vals_.size() < n) {
      vals_.emplace_back();
      mpfr_init2(&vals_.back(), prec_);
    }
    ptrs_.resize(n);
    for (std::size_t i = 0; i < n; ++i) ptrs_[i] = &vals_[i];
    return ptrs_;
  }

 private:
  mpfr_prec_t prec_;
  std::deque<__mpfr_struct> vals_;  // a deque: growing it never moves a number
  std::vector<mpfr_ptr> ptrs_;
};

// The IEEE format of T in MPFR's terms: precision, and the exponent range
// [emin, emax] with 2^(e-1) <= |x| < 2^e (so the smallest subnormal is
// 2^(emin-1)).
template <class T>
struct format;
template <>
struct format<double> {
  static constexpr mpfr_prec_t prec = 53;
  static constexpr mpfr_exp_t emin = -1073, emax = 1024;
};
template <>
struct format<float> {
  static constexpr mpfr_prec_t prec = 24;
  static constexpr mpfr_exp_t emin = -148, emax = 128;
};

// A nonzero exact value rounded to nearest-even in T's format, with
// gradual underflow and overflow to infinity.
template <class T>
T round_to(mpfr_srcptr v) {
  using F = format<T>;
  const bool negative = mpfr_sgn(v) < 0;
  const mpfr_exp_t e = mpfr_get_exp(v);
  if (e > F::emax)
    return negative ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  if (e < F::emin) {  // below the smallest subnormal 2^(emin-1): 0 or that subnormal
    mpfr_t half;
    mpfr_init2(half, 2);
    mpfr_set_ui_2exp(half, 1, F::emin - 2, MPFR_RNDN);
    const bool up = mpfr_cmpabs(v, half) > 0;  // exactly half ties to even: 0
    mpfr_clear(half);
    const T r = up ? static_cast<T>(std::ldexp(1.0, static_cast<int>(F::emin - 1))) : T(0);
    return negative ? -r : r;
  }
  const mpfr_exp_t old_min = mpfr_get_emin(), old_max = mpfr_get_emax();
  mpfr_set_emin(F::emin);
  mpfr_set_emax(F::emax);
  mpfr_t r;
  mpfr_init2(r, F::prec);
  int inex = mpfr_set(r, v, MPFR_RNDN);
  inex = mpfr_subnormalize(r, inex, MPFR_RNDN);
  (void)inex;
  const double d = mpfr_get_d(r, MPFR_RNDN);  // exact: r has at most 53 bits
  mpfr_clear(r);
  mpfr_set_emin(old_min);
  mpfr_set_emax(old_max);
  return static_cast<T>(d);
}

template <class T>
T canonical_nan() {
  if constexpr (std::is_same<T, double>::value) {
    return fuzz::double_from_bits(0x7ff8000000000000u);
  } else {
    return fuzz::float_from_bits(0x7fc00000u);
  }
}

template <class T>
bool same_bits(T a, T b) {
  return fuzz::bits_of(a) == fuzz::bits_of(b);
}

template <class T>
const char* type_name() {
  return std::is_same<T, double>::value ? "double" : "float";
}

// What the special-value table says, from the terms' classes; `finite` is
// false when the result is a special value or a signed zero decided here.
struct special_rule {
  bool nan = false, pos_inf = false, neg_inf = false, any = false, all_neg_zero = true,
       all_zero = true;
};
template <class T>
void classify(special_rule& s, T x) {
  s.any = true;
  if (std::isnan(x)) {
    s.nan = true;
  } else if (std::isinf(x)) {
    (x > 0 ? s.pos_inf : s.neg_inf) = true;
  }
  if (!(x == 0 && std::signbit(x))) s.all_neg_zero = false;
  if (x != 0) s.all_zero = false;
}

// The correctly rounded sum of `terms` (exact mode), by MPFR.
template <class T>
T reference_sum(const std::vector<T>& v, mpfr_pool& pool) {
  special_rule s;
  for (T x : v) classify(s, x);
  if (s.nan || (s.pos_inf && s.neg_inf)) return canonical_nan<T>();
  if (s.pos_inf) return std::numeric_limits<T>::infinity();
  if (s.neg_inf) return -std::numeric_limits<T>::infinity();
  const auto& p = pool.get(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) mpfr_set_d(p[i], static_cast<double>(v[i]), MPFR_RNDN);
  mpfr_t sum;
  mpfr_init2(sum, 2200);
  const int inex = mpfr_sum(sum, p.data(), v.size(), MPFR_RNDN);
  FUZZ_CHECK(inex == 0, "fuzz target: 2200 bits do not hold the exact sum of %zu terms", v.size());
  T r;
  if (mpfr_zero_p(sum)) {
    r = (s.any && s.all_neg_zero) ? -T(0) : T(0);
  } else {
    r = round_to<T>(sum);
  }
  mpfr_clear(sum);
  return r;
}

// The correctly rounded exact dot product, by MPFR.
template <class T>
T reference_dot(const std::vector<T>& x, const std::vector<T>& y, mpfr_pool& pool) {
  special_rule s;
  for (std::size_t i = 0; i < x.size(); ++i) {
    // The exact product's class, from the factors' classes (a finite
    // product beyond the format is not infinite: the exact mode keeps it):
    // NaN for a NaN factor or Inf * 0; an infinity for an infinite factor;
    // a zero, with IEEE's sign, for a zero factor; otherwise nonzero finite.
    const double a = static_cast<double>(x[i]), b = static_cast<double>(y[i]);
    if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b) || a == 0 || b == 0) {
      classify(s, a * b);  // IEEE's product gives exactly these classes and signs
    } else {
      classify(s, 1.0);
    }
  }
  if (s.nan || (s.pos_inf && s.neg_inf)) return canonical_nan<T>();
  if (s.pos_inf) return std::numeric_limits<T>::infinity();
  if (s.neg_inf) return -std::numeric_limits<T>::infinity();
  const auto& p = pool.get(x.size());
  mpfr_t a, b;
  mpfr_init2(a, 53);
  mpfr_init2(b, 53);
  for (std::size_t i = 0; i < x.size(); ++i) {
    mpfr_set_d(a, static_cast<double>(x[i]), MPFR_RNDN);
    mpfr_set_d(b, static_cast<double>(y[i]), MPFR_RNDN);
    const int inex = mpfr_mul(p[i], a, b, MPFR_RNDN);  // 106 bits: exact
    FUZZ_CHECK(inex == 0, "fuzz target: an inexact MPFR product");
  }
  mpfr_clear(a);
  mpfr_clear(b);
  mpfr_t sum;
  mpfr_init2(sum, 4400);
  const int inex = mpfr_sum(sum, p.data(), x.size(), MPFR_RNDN);
  FUZZ_CHECK(inex == 0, "fuzz target: 4400 bits do not hold the exact dot product");
  T r;
  if (mpfr_zero_p(sum)) {
    r = (s.any && s.all_neg_zero) ? -T(0) : T(0);
  } else {
    r = round_to<T>(sum);
  }
  mpfr_clear(sum);
  return r;
}

const char* mode_name(reduce_mode m) {
  return m == reduce_mode::pairwise      ? "pairwise"
         : m == reduce_mode::compensated ? "compensated"
                                         : "exact";
}

template <class T>
T serial(const std::vector<T>& v, reduce_mode m) {
  switch (m) {
    case reduce_mode::pairwise:
      return seedkit::pairwise_sum(v);
    case reduce_mode::compensated:
      return seedkit::compensated_sum(v);
    case reduce_mode::exact:
    default:
      return seedkit::exact_sum(v);
  }
}

template <class T>
void check_terms(const std::vector<T>& v, unsigned threads, bool with_dot) {
  static mpfr_pool sum_pool(53);
  static mpfr_pool dot_pool(106);
  const char* type = type_name<T>();
  special_rule s;
  for (T x : v) classify(s, x);

  // exact_sum against MPFR.
  const T want = reference_sum(v, sum_pool);
  const T got = seedkit::exact_sum(v);
  FUZZ_CHECK(same_bits(got, want), "exact_sum of %zu %ss is %s (bits %llx), MPFR says %s (%llx)",
             v.size(), type, fuzz::str(static_cast<double>(got)).c_str(),
             static_cast<unsigned long long>(fuzz::bits_of(got)),
             fuzz::str(static_cast<double>(want)).c_str(),
             static_cast<unsigned long long>(fuzz::bits_of(want)));

  // The accumulator, per term and by range.
  seedkit::exact_accumulator per_term, by_range;
  for (T x : v) per_term.add(x);
  by_range.add(v);
  FUZZ_CHECK(per_term == by_range, "exact_accumulator: per-term and range adds differ (%zu %ss)",
             v.size(), type);
  FUZZ_CHECK(same_bits(per_term.template round<T>(), want),
             "exact_accumulator per-term sum differs from MPFR (%zu %ss)", v.size(), type);

  const std::deque<T> dq(v.begin(), v.end());
  for (const reduce_mode m :
       {reduce_mode::pairwise, reduce_mode::compensated, reduce_mode::exact}) {
    const T r = serial(v, m);
    const auto b = static_cast<unsigned long long>(fuzz::bits_of(r));
    const T by_sum = seedkit::sum(v, m);
    FUZZ_CHECK(same_bits(by_sum, r), "sum(v, %s) differs from the %s function (%zu %ss)",
               mode_name(m), mode_name(m), v.size(), type);
    const T by_iter = seedkit::sum(dq.begin(), dq.end(), m);
    FUZZ_CHECK(same_bits(by_iter, r),
               "%s sum over std::deque iterators is %llx, over the vector %llx (%zu %ss)",
               mode_name(m), static_cast<unsigned long long>(fuzz::bits_of(by_iter)), b, v.size(),
               type);
    const T par = seedkit::parallel_sum(v, m, threads);
    FUZZ_CHECK(same_bits(par, r), "parallel_sum(%s, %u threads) is %llx, serial %llx (%zu %ss)",
               mode_name(m), threads, static_cast<unsigned long long>(fuzz::bits_of(par)), b,
               v.size(), type);
    const T by_executor = seedkit::parallel_sum(v, m, [](std::size_t count, const auto& task) {
      for (std::size_t i = count; i-- > 0;) task(i);
    });
    FUZZ_CHECK(same_bits(by_executor, r),
               "parallel_sum(%s, reverse executor) is %llx, serial %llx (%zu %ss)", mode_name(m),
               static_cast<unsigned long long>(fuzz::bits_of(by_executor)), b, v.size(), type);

    // The special-value rules of every mode.
    if (s.nan || (s.pos_inf && s.neg_inf)) {
      FUZZ_CHECK(same_bits(r, canonical_nan<T>()),
                 "%s sum with a NaN term or both infinities is %llx, not the canonical NaN",
                 mode_name(m), b);
    }
    if (std::isnan(r)) {
      FUZZ_CHECK(same_bits(r, canonical_nan<T>()), "%s sum is a non-canonical NaN %llx",
                 mode_name(m), b);
    }
    if (s.any && s.all_neg_zero) {
      FUZZ_CHECK(same_bits(r, -T(0)), "%s sum of %zu -0.0 terms is %llx, not -0.0", mode_name(m),
                 v.size(), b);
    } else if (s.all_zero) {
      FUZZ_CHECK(same_bits(r, T(0)), "%s sum of zeros (one of them +0.0, or none) is %llx",
                 mode_name(m), b);
    }
  }

  if (with_dot) {
    const std::size_t half = v.size() / 2;
    const std::vector<T> x(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(half));
    const std::vector<T> y(v.begin() + static_cast<std::ptrdiff_t>(half),
                           v.begin() + static_cast<std::ptrdiff_t>(2 * half));
    const T dwant = reference_dot(x, y, dot_pool);
    const T dgot = seedkit::dot(x, y, reduce_mode::exact);
    FUZZ_CHECK(same_bits(dgot, dwant), "dot(exact) of %zu %ss is %s (%llx), MPFR says %s (%llx)",
               x.size(), type, fuzz::str(static_cast<double>(dgot)).c_str(),
               static_cast<unsigned long long>(fuzz::bits_of(dgot)),
               fuzz::str(static_cast<double>(dwant)).c_str(),
               static_cast<unsigned long long>(fuzz::bits_of(dwant)));
    const std::deque<T> dx(x.begin(), x.end());
    const T diter = seedkit::dot(dx.begin(), dx.end(), y.begin(), reduce_mode::exact);
    FUZZ_CHECK(same_bits(diter, dwant), "dot(exact) over iterators differs from MPFR");
  }
}

template <class T>
void run(const std::uint8_t* p, std::size_t n, unsigned threads, bool with_dot, bool tile) {
  std::vector<T> v(n / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), p, v.size() * sizeof(T));
  if (tile && !v.empty()) {
    const std::size_t base = v.size();
    const std::size_t target = 2 * 65536 + 4099;
    v.reserve(target + base);
    while (v.size() < target) {
      for (std::size_t i = 0; i < base; ++i) v.push_back(v[i]);
    }
  }
  check_terms(v, threads, with_dot);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t c = data[0];
  const unsigned threads = 1 + ((c >> 1) & 3u);
  const bool with_dot = (c & 8u) != 0;
  const bool tile = ((c >> 4) & 7u) == 7u;
  if (c & 1u) {
    run<float>(data + 1, size - 1, threads, with_dot, tile);
  } else {
    run<double>(data + 1, size - 1, threads, with_dot, tile);
  }
  return 0;
}

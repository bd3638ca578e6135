// The CUDA add-on's host parts, on the CPU: the cuRAND host generator's words
// against the documented layout of seedkit streams, cuRAND/cuBLAS errors as
// seedkit::error with the status name, the environment checks, and the host
// reference of the deterministic device sum. No GPU is needed; where one is
// present the device-generator and cuBLAS tests also take their success path.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/errors.hpp"
#include "../support/known_answers.hpp"

#include "seedkit/cuda/cuda.hpp"
#include "seedkit/global.hpp"

namespace sc = seedkit::cuda;

namespace {

// The layout docs/cuda.md and the curand_generator comment promise.
std::uint32_t documented_word(std::uint64_t seed, std::uint64_t n) {
  const seedkit::stream s(seedkit::key::from_words(seed, (n / 4) % 65536));
  return s.word(4 * (n / 262144) + n % 4);
}

using seedkit_test::message_of;

}  // namespace

TEST_CASE("the generator's seed is derived from both words of the key", "[cuda][curand]") {
  const seedkit::key k = seedkit::key(2026) / "dropout";
  CHECK(sc::curand_generator::seed_for_key(k) == (k / "seedkit" / "curand_generator").seed());
  CHECK(sc::curand_generator::seed_for_key(k) != k.seed());
  const seedkit::key other = seedkit::key::from_words(k.seed(), k.subsequence() + 1);
  CHECK(sc::curand_generator::seed_for_key(other) != sc::curand_generator::seed_for_key(k));
  static_assert(sc::curand_generator::seed_for_key(seedkit::key(1)) ==
                    (seedkit::key(1) / "seedkit/curand_generator").seed(),
                "seed_for_key is constexpr");
}

TEST_CASE("legacy ordering on the host: 65536 subsequences, four words each in turn",
          "[cuda][curand]") {
  // The host generator (legacy ordering) seeded with 42 gives the first 4
  // words of the device API's subsequence 0, then the first 4 of
  // subsequence 1: tests/reference/known_answers.txt, entries
  // curand.philox4_32_10.seed42.sub0 and .sub1 (seed, subsequence, offset,
  // then the words; equal to Random123 philox4x32_10 with key {42, 0}).
  const std::vector<std::uint64_t> sub0 =
      seedkit_test::known_answer("curand.philox4_32_10.seed42.sub0");
  const std::vector<std::uint64_t> sub1 =
      seedkit_test::known_answer("curand.philox4_32_10.seed42.sub1");
  REQUIRE((sub0.size() >= 7 && sub1.size() >= 7));
  REQUIRE((sub0[0] == sub1[0] && sub0[1] == 0 && sub1[1] == 1 && sub0[2] == 0 && sub1[2] == 0));
  std::vector<std::uint64_t> expected(sub0.begin() + 3, sub0.begin() + 7);
  expected.insert(expected.end(), sub1.begin() + 3, sub1.begin() + 7);

  auto gen = sc::curand_generator::host(seedkit::key(1));
  sc::check(curandSetPseudoRandomGeneratorSeed(gen.get(), sub0[0]),
            "curandSetPseudoRandomGeneratorSeed");
  sc::check(curandSetGeneratorOffset(gen.get(), 0), "curandSetGeneratorOffset");
  std::vector<unsigned> w(8);
  gen.generate(w.data(), w.size());
  CHECK(std::vector<std::uint64_t>(w.begin(), w.end()) == expected);
}

TEST_CASE("a host generator's words follow the documented layout", "[cuda][curand]") {
  for (const seedkit::key k :
       {seedkit::key(0), seedkit::key(12321) / "data/shuffle", seedkit::key(7) / 3 / "x"}) {
    auto gen = sc::curand_generator::host(k);
    REQUIRE(gen.location() == sc::curand_location::host);
    REQUIRE(gen.seed() == sc::curand_generator::seed_for_key(k));
    // Successive calls continue the sequence; the first crosses into block 1
    // of every subsequence (word 262144 onward).
    std::uint64_t n = 0;
    int mismatches = 0;
    for (const std::size_t len : {std::size_t{1}, std::size_t{3}, std::size_t{10},
                                  std::size_t{262144}, std::size_t{1000}}) {
      std::vector<unsigned> w(len);
      gen.generate(w.data(), len);
      for (std::size_t i = 0; i < len; ++i)
        mismatches += w[i] != documented_word(gen.seed(), n + i);
      n += len;
    }
    CHECK(mismatches == 0);
    // set_offset is an absolute word position.
    for (const std::uint64_t offset :
         {std::uint64_t{0}, std::uint64_t{5}, std::uint64_t{262147}, std::uint64_t{1} << 40}) {
      gen.set_offset(offset);
      std::vector<unsigned> w(9);
      gen.generate(w.data(), w.size());
      for (std::size_t i = 0; i < w.size(); ++i) {
        CHECK(w[i] == documented_word(gen.seed(), offset + i));
      }
    }
  }
}

TEST_CASE("a named stream's generator is the generator of key_for(path)", "[cuda][curand]") {
  seedkit::init(424242);
  auto a = sc::curand_generator(seedkit::key_for("model/dropout"), sc::curand_location::host);
  auto b = sc::curand_generator::host(seedkit::key(424242) / "model/dropout");
  CHECK(a.seed() == b.seed());
  std::vector<unsigned> wa(16), wb(16);
  a.generate(wa.data(), wa.size());
  b.generate(wb.data(), wb.size());
  CHECK(wa == wb);
  seedkit::reset();
}

TEST_CASE("cuRAND failures are seedkit::error naming the call and status", "[cuda][curand]") {
  const std::string m = message_of([] { sc::check(CURAND_STATUS_OUT_OF_RANGE, "curandFoo"); });
  CHECK(m ==
        "seedkit::cuda: curandFoo returned CURAND_STATUS_OUT_OF_RANGE (expected "
        "CURAND_STATUS_SUCCESS)");
  CHECK(sc::curand_status_name(CURAND_STATUS_NOT_INITIALIZED) == "CURAND_STATUS_NOT_INITIALIZED");
  CHECK(sc::curand_status_name(static_cast<curandStatus_t>(77)) == "CURAND_STATUS_77");
  CHECK_NOTHROW(sc::check(CURAND_STATUS_SUCCESS, "curandFoo"));

  // A real refusal: a quasirandom ordering on a pseudorandom generator.
  auto gen = sc::curand_generator::host(seedkit::key(3));
  const std::string real = message_of([&] {
    sc::check(curandSetGeneratorOrdering(gen.get(), CURAND_ORDERING_QUASI_DEFAULT),
              "curandSetGeneratorOrdering");
  });
  CHECK_THAT(real,
             Catch::Contains("curandSetGeneratorOrdering returned CURAND_STATUS_OUT_OF_RANGE"));

  // Moved-from generators refuse to generate.
  auto moved = std::move(gen);
  CHECK(gen.get() == nullptr);
  CHECK(moved.get() != nullptr);
  unsigned w = 0;
  CHECK_THAT(message_of([&] { gen.generate(&w, 1); }), Catch::Contains("moved from"));
}

TEST_CASE("a device generator needs a GPU: without one the error names the status",
          "[cuda][curand]") {
  int devices = 0;
  const bool gpu = cudaGetDeviceCount(&devices) == cudaSuccess && devices > 0;
  if (gpu) {
    sc::curand_generator gen(seedkit::key(5));
    CHECK(gen.location() == sc::curand_location::device);
  } else {
    const std::string m = message_of([] { sc::curand_generator gen(seedkit::key(5)); });
    CHECK_THAT(m,
               Catch::StartsWith("seedkit::cuda: curandCreateGenerator returned CURAND_STATUS_"));
  }
}

TEST_CASE("the cuBLAS guard reports a null handle with the status name", "[cuda][cublas]") {
  const std::string m = message_of([] { sc::cublas_determinism_guard guard(nullptr); });
  CHECK(m ==
        "seedkit::cuda: cublasGetAtomicsMode returned CUBLAS_STATUS_NOT_INITIALIZED "
        "(1; expected CUBLAS_STATUS_SUCCESS)");
  CHECK_THAT(message_of([] { sc::check(CUBLAS_STATUS_INVALID_VALUE, "cublasFoo"); }),
             Catch::Contains("cublasFoo returned CUBLAS_STATUS_INVALID_VALUE"));
  CHECK(message_of([] { sc::check_handle(nullptr); }) ==
        "seedkit::cuda: cublasGetMathMode returned CUBLAS_STATUS_NOT_INITIALIZED "
        "(1; expected CUBLAS_STATUS_SUCCESS)");
  CHECK_THAT(message_of([] { sc::check_environment(cublasHandle_t{}); }),
             Catch::Contains("cublasGetMathMode returned CUBLAS_STATUS_NOT_INITIALIZED"));
}

TEST_CASE("the cuBLAS guard forbids atomics and restores the mode (GPU only)", "[cuda][cublas]") {
  cublasHandle_t h = nullptr;
  if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
    WARN("cuBLAS guard success path not run: cublasCreate failed (no CUDA device)");
    return;
  }
  sc::check(cublasSetAtomicsMode(h, CUBLAS_ATOMICS_ALLOWED), "cublasSetAtomicsMode");
  {
    sc::cublas_determinism_guard guard(h, sc::environment_policy::report);
    cublasAtomicsMode_t mode{};
    sc::check(cublasGetAtomicsMode(h, &mode), "cublasGetAtomicsMode");
    CHECK(mode == CUBLAS_ATOMICS_NOT_ALLOWED);
    CHECK(guard.previous_mode() == CUBLAS_ATOMICS_ALLOWED);
  }
  cublasAtomicsMode_t after{};
  sc::check(cublasGetAtomicsMode(h, &after), "cublasGetAtomicsMode");
  CHECK(after == CUBLAS_ATOMICS_ALLOWED);
  // TF32 on the handle: reported by check_handle, disabled and restored by
  // the guard on request.
  sc::check(cublasSetMathMode(h, CUBLAS_TF32_TENSOR_OP_MATH), "cublasSetMathMode");
  CHECK(sc::check_handle(h).size() == 1);
  {
    sc::cublas_determinism_guard guard(h, sc::environment_policy::throw_error,
                                       sc::tf32_policy::disable);
    cublasMath_t m{};
    sc::check(cublasGetMathMode(h, &m), "cublasGetMathMode");
    CHECK(m == CUBLAS_DEFAULT_MATH);
    CHECK(sc::check_handle(h).empty());
  }
  cublasMath_t m{};
  sc::check(cublasGetMathMode(h, &m), "cublasGetMathMode");
  CHECK(m == CUBLAS_TF32_TENSOR_OP_MATH);
  cublasDestroy(h);
}

namespace {
// An independent statement of the chunk order: lane sums, then the halving
// strides written as a recursion: join(start, step) combines the lanes
// congruent to start modulo step, evens before odds.
template <class T>
T tree(const std::vector<T>& lanes, std::size_t start, std::size_t step) {
  if (step == lanes.size()) return lanes[start];
  return tree(lanes, start, 2 * step) + tree(lanes, start + step, 2 * step);
}
template <class T>
T chunk_by_definition(const T* x, std::size_t n) {
  std::vector<T> lanes(256, T(-0.0));
  for (std::size_t i = 0; i < n; ++i) lanes[i % 256] = lanes[i % 256] + x[i];
  return tree(lanes, 0, 1);
}
template <class T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}
}  // namespace

TEMPLATE_TEST_CASE("the device sum's host reference follows its documented order", "[cuda][sum]",
                   float, double) {
  seedkit::stream s(seedkit::key(99) / "cuda/sum");
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{255}, std::size_t{4096},
                              std::size_t{4097}, std::size_t{3 * 4096 + 17}, std::size_t{100000}}) {
    std::vector<TestType> x(n);
    for (auto& v : x) {
      // Mixed magnitudes and signs, so the order shows in the bits.
      const std::uint64_t w = s();
      v = static_cast<TestType>(std::ldexp(static_cast<double>(w >> 11) / 9007199254740992.0 - 0.5,
                                           static_cast<int>(w & 31) - 10));
    }
    std::vector<TestType> partials;
    for (std::size_t b = 0; b < n; b += 4096) {
      const std::size_t len = n - b < 4096 ? n - b : 4096;
      partials.push_back(chunk_by_definition(x.data() + b, len));
      CHECK(same_bits(sc::sum_chunk_partial_host(x.data() + b, len), partials.back()));
    }
    CHECK(same_bits(sc::device_sum_reference(x.data(), n), seedkit::pairwise_sum(partials)));
  }
  // Exact on integers; an empty sum is +0.0.
  std::vector<TestType> ints(10000);
  for (std::size_t i = 0; i < ints.size(); ++i) ints[i] = static_cast<TestType>(i % 100);
  CHECK(sc::device_sum_reference(ints.data(), ints.size()) == TestType(495000));
  CHECK(same_bits(sc::device_sum_reference(ints.data(), 0), TestType(0)));
}

// --- the exact device sum, its algorithm run on the host ----------------------
namespace {

// Adds pieces to a plain array: the kernel's shared-memory atomics, serial.
struct host_adder {
  unsigned long long* chunk;
  void operator()(unsigned i, unsigned long long piece) const { chunk[i] += piece; }
};

// exact_sum_kernel's algorithm with `grid` blocks of `block` threads run one
// after the other on the host, in a scrambled block order: segments dealt
// to blocks, each thread's runs, flushes, the per-segment normalization,
// the global total. Returns what device_exact_accumulate would.
template <class T>
seedkit::exact_accumulator emulate_exact_kernel(const std::vector<T>& x, unsigned grid,
                                                unsigned block) {
  std::vector<unsigned long long> total(sc::exact_chunks + 1, 0);
  const std::size_t n = x.size();
  const std::size_t segments = (n + sc::exact_segment - 1) / sc::exact_segment;
  for (unsigned b = grid; b-- > 0;) {  // blocks in reverse: order does not matter
    for (std::size_t s = b; s < segments; s += grid) {
      unsigned long long acc[sc::exact_chunks] = {};
      unsigned flags = 0;
      host_adder add{acc};
      const std::size_t begin = s * sc::exact_segment;
      const std::size_t end = n - begin < sc::exact_segment ? n : begin + sc::exact_segment;
      for (unsigned t = block; t-- > 0;) {  // threads in reverse: order does not matter
        sc::detail::exact_run run;
        for (std::size_t i = begin + t; i < end; i += block) {
          flags |= sc::detail::exact_term(add, run, sc::detail::term_bits(x[i]));
        }
        sc::detail::exact_flush(add, run);
      }
      sc::detail::exact_normalize(acc);
      for (unsigned i = 0; i < sc::exact_chunks; ++i) total[i] += acc[i];
      total[sc::exact_chunks] |= flags;
    }
  }
  return sc::exact_accumulator_from_chunks(total.data(),
                                           static_cast<unsigned>(total[sc::exact_chunks]));
}

template <class T>
std::vector<T> hard_terms(std::size_t n, std::uint64_t seed) {
  seedkit::stream s(seedkit::key(seed) / "cuda/exact");
  std::vector<T> x(n);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t w = s();
    // Any finite value of T: random bits with the all-ones exponent avoided;
    // every fourth term cancels an earlier one exactly.
    T v{};
    if constexpr (sizeof(T) == 8) {
      std::uint64_t b = w;
      if (((b >> 52) & 0x7ff) == 0x7ff) b ^= std::uint64_t{1} << 62;
      std::memcpy(&v, &b, 8);
    } else {
      std::uint32_t b = static_cast<std::uint32_t>(w);
      if (((b >> 23) & 0xff) == 0xff) b ^= std::uint32_t{1} << 30;
      std::memcpy(&v, &b, 4);
    }
    x[i] = (i % 4 == 3) ? -x[i / 2] : v;
  }
  return x;
}

}  // namespace

TEMPLATE_TEST_CASE("the exact device sum's algorithm equals exact_sum for any launch shape",
                   "[cuda][sum][exact]", float, double) {
  using T = TestType;
  // Sizes below, at and across a segment (2^20 terms).
  for (const std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{1000}, std::size_t{70001},
                              sc::exact_segment + 3}) {
    const std::vector<T> x = hard_terms<T>(n, 7 + n);
    const seedkit::exact_accumulator want = [&] {
      seedkit::exact_accumulator a;
      a.add(x);
      return a;
    }();
    const T want_sum = seedkit::exact_sum(x);
    const unsigned shapes[][2] = {{1, 1}, {1, 256}, {7, 96}, {3, 1024}};
    for (const auto& shape : shapes) {
      if (n > 100000 && shape[1] == 1) continue;  // the one-thread case is slow and adds nothing
      const seedkit::exact_accumulator got = emulate_exact_kernel(x, shape[0], shape[1]);
      CHECK(got == want);
      CHECK(same_bits(got.template round<T>(), want_sum));
    }
  }
}

TEST_CASE("the exact device sum's algorithm: specials, zeros, long runs, cancellation",
          "[cuda][sum][exact]") {
  const double inf = std::numeric_limits<double>::infinity();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double big = std::numeric_limits<double>::max();
  const double tiny = std::numeric_limits<double>::denorm_min();
  const std::vector<std::vector<double>> cases = {
      {-0.0, -0.0},
      {-0.0, 0.0},
      {1e100, 1.0, -1e100},
      {big, big, -big},          // overflows on the way, exact in the end
      {big, big},                // rounds to +inf
      {tiny, tiny, -tiny, 0.5},  // subnormal runs
      {1.0, inf},
      {-inf, 1.0},
      {inf, -inf},
      {nan, 1.0},
      std::vector<double>(5000, 0.1),    // one key for 5000 terms: runs of 2048 flush
      std::vector<double>(5000, -tiny),  // a long run of negative subnormals
  };
  for (const auto& x : cases) {
    seedkit::exact_accumulator want;
    want.add(x);
    for (const unsigned block : {1u, 3u, 256u}) {
      const seedkit::exact_accumulator got = emulate_exact_kernel(x, 2, block);
      CHECK(got == want);
      CHECK(same_bits(got.to_double(), seedkit::exact_sum(x)));
    }
  }
  // Every one of 4096 alternating huge and tiny terms matters.
  std::vector<double> alt;
  for (int i = 0; i < 4096; ++i)
    alt.push_back(i % 2 == 0 ? std::ldexp(1.0, 1000 - i % 700) : tiny * (i + 1));
  seedkit::exact_accumulator want;
  want.add(alt);
  CHECK(emulate_exact_kernel(alt, 5, 64) == want);
}

TEST_CASE("float terms widen to double bits without a float conversion", "[cuda][sum][exact]") {
  // float_to_double_bits must equal the exact conversion for every class of
  // float: all subnormals and zeros (both signs), the normal range's ends,
  // a million random bit patterns, infinities and NaN payloads.
  const auto expect_same = [](std::uint32_t f) {
    float x;
    std::memcpy(&x, &f, 4);
    const double d = static_cast<double>(x);
    std::uint64_t want;
    std::memcpy(&want, &d, 8);
    if (std::isnan(x)) {  // keep sign and payload: the quiet bit is set already or not
      want = (std::uint64_t{f >> 31} << 63) | (std::uint64_t{0x7ff} << 52) |
             (std::uint64_t{f & 0x7fffffu} << 29);
    }
    return sc::detail::float_to_double_bits(f) == want;
  };
  std::size_t bad = 0;
  for (std::uint32_t f = 0; f < 0x00800000u; ++f) {
    bad += !expect_same(f);
    bad += !expect_same(f | 0x80000000u);
  }
  seedkit::stream s(seedkit::key(5) / "cuda/float_bits");
  for (int i = 0; i < 1000000; ++i) bad += !expect_same(s.next_u32());
  for (const std::uint32_t f : {0x00800000u, 0x7f7fffffu, 0x7f800000u, 0xff800000u, 0x7fc00000u,
                                0x7f800001u, 0xffffffffu, 0x3f800000u}) {
    bad += !expect_same(f);
  }
  CHECK(bad == 0);
  CHECK(sc::detail::term_bits(1.5f) == sc::detail::double_bits(1.5));
}

TEMPLATE_TEST_CASE("the device's last step is pairwise_sum, bit for bit", "[cuda][sum]", float,
                   double) {
  // combine_partials_kernel's code (pairwise_leaf_sum per 256 partials, then
  // pairwise_of_leaves, with add_rn_op) run on the host against seedkit::pairwise_sum, for
  // sizes around leaf and power-of-two boundaries and for specials.
  using T = TestType;
  const auto device_step = [](const std::vector<T>& p) {
    std::vector<T> leaves;
    for (std::size_t b = 0; b < p.size(); b += 256) {
      leaves.push_back(seedkit::detail::pairwise_leaf_sum(
          p.data() + b, p.size() - b < 256 ? p.size() - b : 256, sc::detail::add_rn_op{}));
    }
    return seedkit::detail::pairwise_of_leaves(leaves.data(), leaves.size(),
                                               sc::detail::add_rn_op{});
  };
  seedkit::stream s(seedkit::key(3) / "cuda/combine");
  for (const std::size_t n : {1, 2, 15, 16, 17, 255, 256, 257, 511, 512, 513, 768, 4095, 4096,
                              65536, 65537, 3 * 65536 + 1000, 1000003}) {
    std::vector<T> p(n);
    for (auto& v : p) {
      const std::uint64_t w = s();
      v = static_cast<T>(std::ldexp(static_cast<double>(w >> 11) / 9007199254740992.0 - 0.5,
                                    static_cast<int>(w & 63) - 30));
    }
    INFO("n = " << n);
    CHECK(same_bits(device_step(p), seedkit::pairwise_sum(p)));
  }
  const T inf = std::numeric_limits<T>::infinity();
  for (const std::vector<T>& p :
       std::vector<std::vector<T>>{{T(-0.0)},
                                   {T(-0.0), T(0.0)},
                                   {inf, T(1)},
                                   {inf, -inf},
                                   {std::numeric_limits<T>::quiet_NaN()},
                                   {-std::numeric_limits<T>::quiet_NaN(), T(2)},
                                   std::vector<T>(300, T(-0.0))}) {
    CHECK(same_bits(device_step(p), seedkit::pairwise_sum(p)));
  }
}

// seedkit/cudnn/cudnn.hpp against the link-seam fake of fake_cudnn.cpp: this
// executable does not link libcudnn, so every cuDNN call the header makes
// lands in the fake, which serves scripted engine configs and records the
// calls. Covered: filtering and its order, configs with several or no
// notes, the NONDETERMINISTIC note anywhere, more notes than the headers
// know, every created descriptor destroyed (also when a query fails),
// errors naming the call, the status and the index, and the legacy
// perf-result filter.
#include <dlfcn.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../support/errors.hpp"

#include "fake_cudnn.hpp"
#include "seedkit/cudnn/cudnn.hpp"

namespace sc = seedkit::cuda;
namespace fk = fake_cudnn;

namespace {

using seedkit_test::message_of;

cudnnBackendDescriptor_t config(std::vector<cudnnBackendNumericalNote_t> notes) {
  fk::engine_config_script s;
  s.notes = std::move(notes);
  return fk::add_engine_config(s);
}

// All ten notes cuDNN 9 knows, NONDETERMINISTIC moved to position `at`.
std::vector<cudnnBackendNumericalNote_t> all_notes_with_nondeterministic_at(std::size_t at) {
  std::vector<cudnnBackendNumericalNote_t> notes;
  for (int i = 0; i < CUDNN_NUMERICAL_NOTE_TYPE_COUNT; ++i) {
    const auto n = static_cast<cudnnBackendNumericalNote_t>(i);
    if (n != CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC) notes.push_back(n);
  }
  notes.insert(notes.begin() + static_cast<std::ptrdiff_t>(at),
               CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC);
  return notes;
}

// The calls the header makes for one engine config, in order.
void require_one_config_protocol(const std::vector<fk::call>& log, std::size_t first,
                                 cudnnBackendDescriptor_t cfg) {
  REQUIRE(log.size() >= first + 4);
  const fk::call& create = log[first];
  CHECK(create.fn == fk::function::create);
  CHECK(create.type == CUDNN_BACKEND_ENGINE_DESCRIPTOR);
  const fk::call& engine = log[first + 1];
  CHECK(engine.fn == fk::function::get_attribute);
  CHECK(engine.descriptor == cfg);
  CHECK(engine.attribute == CUDNN_ATTR_ENGINECFG_ENGINE);
  CHECK(engine.attribute_type == CUDNN_TYPE_BACKEND_DESCRIPTOR);
  CHECK(engine.requested == 1);
  const fk::call& notes = log[first + 2];
  CHECK(notes.fn == fk::function::get_attribute);
  CHECK(notes.descriptor == create.descriptor);
  CHECK(notes.attribute == CUDNN_ATTR_ENGINE_NUMERICAL_NOTE);
  CHECK(notes.attribute_type == CUDNN_TYPE_NUMERICAL_NOTE);
  CHECK(notes.requested == CUDNN_NUMERICAL_NOTE_TYPE_COUNT);
  const fk::call& destroy = log[first + 3];
  CHECK(destroy.fn == fk::function::destroy);
  CHECK(destroy.descriptor == create.descriptor);
  CHECK(destroy.status == CUDNN_STATUS_SUCCESS);
}

}  // namespace

TEST_CASE("the fake, not libcudnn, serves this executable", "[cudnn][fake]") {
  // libcudnn would bring cudnnGetVersion, which the fake does not define.
  CHECK(dlsym(RTLD_DEFAULT, "cudnnGetVersion") == nullptr);
  fk::reset();
  (void)sc::cudnn_status_name(CUDNN_STATUS_BAD_PARAM);
  CHECK(fk::calls_to(fk::function::error_string).size() == 1);
}

TEST_CASE("check() names the call and the status from cudnnGetErrorString", "[cudnn][fake]") {
  fk::reset();
  CHECK_NOTHROW(sc::check(CUDNN_STATUS_SUCCESS, "cudnnCreate"));
  CHECK(fk::calls().empty());  // success looks nothing up
  CHECK(message_of([] { sc::check(CUDNN_STATUS_BAD_PARAM, "cudnnCreate"); }) ==
        "seedkit::cuda: cudnnCreate returned CUDNN_STATUS_BAD_PARAM "
        "(expected CUDNN_STATUS_SUCCESS)");
  REQUIRE(fk::calls_to(fk::function::error_string).size() == 1);
  CHECK(fk::calls_to(fk::function::error_string)[0].status == CUDNN_STATUS_BAD_PARAM);
  // A value cuDNN answers CUDNN_UNKNOWN_STATUS for keeps its number.
  CHECK(message_of([] { sc::check(static_cast<cudnnStatus_t>(1234), "cudnnFoo"); }) ==
        "seedkit::cuda: cudnnFoo returned CUDNN_STATUS_1234 (expected CUDNN_STATUS_SUCCESS)");
  CHECK_THROWS_AS(sc::check(CUDNN_STATUS_EXECUTION_FAILED, "x"), seedkit::error);
}

TEST_CASE("keep_deterministic keeps the deterministic configs in ranked order", "[cudnn][fake]") {
  fk::reset();
  const auto a = config({});
  const auto b = config({CUDNN_NUMERICAL_NOTE_TENSOR_CORE, CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC});
  const auto c = config({CUDNN_NUMERICAL_NOTE_TENSOR_CORE});
  const auto d = config({CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC});
  const auto e = config({CUDNN_NUMERICAL_NOTE_FFT, CUDNN_NUMERICAL_NOTE_WINOGRAD,
                         CUDNN_NUMERICAL_NOTE_DOWN_CONVERT_INPUTS,
                         CUDNN_NUMERICAL_NOTE_REDUCED_PRECISION_REDUCTION});
  const std::vector<cudnnBackendDescriptor_t> ranked = {e, b, a, d, c};

  const std::vector<cudnnBackendDescriptor_t> kept = sc::keep_deterministic(ranked);
  CHECK(kept == std::vector<cudnnBackendDescriptor_t>{e, a, c});

  // One engine descriptor per config, queried and destroyed in turn; the
  // caller's configs are never destroyed.
  const std::vector<fk::call> log = fk::calls();
  REQUIRE(log.size() == 4 * ranked.size());
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    INFO("config " << i);
    require_one_config_protocol(log, 4 * i, ranked[i]);
  }
  CHECK(fk::live_created() == 0);
  CHECK(fk::foreign_destroys() == 0);

  // The pointer overload gives the same, and reusing the kept handles works
  // (they are still the caller's and still alive).
  CHECK(sc::keep_deterministic(ranked.data(), static_cast<std::int64_t>(ranked.size())) == kept);
  CHECK(sc::keep_deterministic(kept) == kept);
  CHECK(fk::live_created() == 0);
  CHECK(fk::foreign_destroys() == 0);
}

TEST_CASE("numerical_notes returns every note in cuDNN's order", "[cudnn][fake]") {
  fk::reset();
  const std::vector<cudnnBackendNumericalNote_t> notes = {CUDNN_NUMERICAL_NOTE_WINOGRAD_TILE_6x6,
                                                          CUDNN_NUMERICAL_NOTE_TENSOR_CORE,
                                                          CUDNN_NUMERICAL_NOTE_STRICT_NAN_PROP};
  const auto cfg = config(notes);
  CHECK(sc::numerical_notes(cfg) == notes);
  CHECK(sc::is_deterministic(cfg));
  CHECK(sc::numerical_notes(config({})).empty());
  CHECK(fk::live_created() == 0);
}

TEST_CASE("a config with no numerical notes is deterministic", "[cudnn][fake]") {
  fk::reset();
  const auto cfg = config({});
  CHECK(sc::is_deterministic(cfg));
  CHECK(sc::keep_deterministic({cfg}) == std::vector<cudnnBackendDescriptor_t>{cfg});
  CHECK(fk::live_created() == 0);
}

TEST_CASE("the NONDETERMINISTIC note anywhere among the notes removes the config",
          "[cudnn][fake]") {
  for (std::size_t at = 0; at < CUDNN_NUMERICAL_NOTE_TYPE_COUNT; ++at) {
    INFO("NONDETERMINISTIC at position " << at);
    fk::reset();
    const auto notes = all_notes_with_nondeterministic_at(at);
    REQUIRE(notes.size() == CUDNN_NUMERICAL_NOTE_TYPE_COUNT);
    const auto nondeterministic = config(notes);
    const auto fine = config({CUDNN_NUMERICAL_NOTE_TENSOR_CORE});
    CHECK_FALSE(sc::is_deterministic(nondeterministic));
    CHECK(sc::keep_deterministic({nondeterministic, fine}) ==
          std::vector<cudnnBackendDescriptor_t>{fine});
    CHECK(fk::live_created() == 0);
  }
}

TEST_CASE("more notes than these headers know are all read", "[cudnn][fake]") {
  // A newer cuDNN may report more notes than CUDNN_NUMERICAL_NOTE_TYPE_COUNT:
  // the header asks again for all of them, so a NONDETERMINISTIC note past
  // the first CUDNN_NUMERICAL_NOTE_TYPE_COUNT is not missed.
  fk::reset();
  std::vector<cudnnBackendNumericalNote_t> many(12, CUDNN_NUMERICAL_NOTE_TENSOR_CORE);
  many[11] = CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC;
  const auto late = config(many);
  CHECK_FALSE(sc::is_deterministic(late));
  const auto queries = fk::calls_to(fk::function::get_attribute);
  REQUIRE(queries.size() == 3);
  CHECK(queries[1].requested == CUDNN_NUMERICAL_NOTE_TYPE_COUNT);
  CHECK(queries[2].attribute == CUDNN_ATTR_ENGINE_NUMERICAL_NOTE);
  CHECK(queries[2].requested == 12);
  CHECK(sc::numerical_notes(late) == many);

  std::vector<cudnnBackendNumericalNote_t> many_fine(11, CUDNN_NUMERICAL_NOTE_FFT);
  CHECK(sc::is_deterministic(config(many_fine)));
  CHECK(fk::live_created() == 0);
}

TEST_CASE("an empty list gives an empty result without calling cuDNN", "[cudnn][fake]") {
  fk::reset();
  CHECK(sc::keep_deterministic(std::vector<cudnnBackendDescriptor_t>{}).empty());
  CHECK(sc::keep_deterministic(nullptr, 0).empty());
  CHECK(fk::calls().empty());
}

TEST_CASE("when nothing is deterministic keep_deterministic is empty, require_deterministic throws",
          "[cudnn][fake]") {
  fk::reset();
  const auto x = config({CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC});
  const auto y = config({CUDNN_NUMERICAL_NOTE_FFT, CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC});
  CHECK(sc::keep_deterministic({x, y}).empty());
  CHECK(message_of([&] {
          sc::require_deterministic({x, y});
        }) ==
        "seedkit::cuda::require_deterministic: none of the 2 engine configs is deterministic "
        "(each engine has CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC); change the graph or allow "
        "non-deterministic engines");
  CHECK(message_of([] { sc::require_deterministic(std::vector<cudnnBackendDescriptor_t>{}); }) ==
        "seedkit::cuda::require_deterministic: no engine configs were given (the heuristics "
        "found none for this graph)");
  const auto z = config({CUDNN_NUMERICAL_NOTE_TENSOR_CORE});
  CHECK(sc::require_deterministic({x, z, y}) == std::vector<cudnnBackendDescriptor_t>{z});
  const std::vector<cudnnBackendDescriptor_t> both = {z, x};
  CHECK(sc::require_deterministic(both.data(), 2) == std::vector<cudnnBackendDescriptor_t>{z});
  CHECK(fk::live_created() == 0);
  CHECK(fk::foreign_destroys() == 0);
}

TEST_CASE(
    "a failing engine query names the call, the status and the index, and destroys the engine",
    "[cudnn][fake]") {
  fk::reset();
  fk::engine_config_script broken;
  broken.engine_status = CUDNN_STATUS_BAD_PARAM;
  const std::vector<cudnnBackendDescriptor_t> ranked = {
      config({}), config({CUDNN_NUMERICAL_NOTE_NONDETERMINISTIC}), fk::add_engine_config(broken),
      config({})};
  CHECK(message_of([&] { sc::keep_deterministic(ranked); }) ==
        "seedkit::cuda: cudnnBackendGetAttribute(CUDNN_ATTR_ENGINECFG_ENGINE) returned "
        "CUDNN_STATUS_BAD_PARAM (expected CUDNN_STATUS_SUCCESS); in "
        "seedkit::cuda::keep_deterministic at engine_configs[2] (of 4)");
  CHECK(fk::calls_to(fk::function::create).size() == 3);  // config 3 was not reached
  CHECK(fk::calls_to(fk::function::destroy).size() == 3);
  CHECK(fk::live_created() == 0);
  CHECK(fk::foreign_destroys() == 0);
  CHECK(fk::calls().back().fn == fk::function::destroy);  // the error came after the cleanup
}

TEST_CASE("a failing notes query names the call, the status and the index, and destroys the engine",
          "[cudnn][fake]") {
  fk::reset();
  fk::engine_config_script broken;
  broken.notes = {CUDNN_NUMERICAL_NOTE_TENSOR_CORE};
  broken.notes_status = CUDNN_STATUS_NOT_SUPPORTED;
  const std::vector<cudnnBackendDescriptor_t> ranked = {config({}), fk::add_engine_config(broken)};
  CHECK(message_of([&] { sc::keep_deterministic(ranked); }) ==
        "seedkit::cuda: cudnnBackendGetAttribute(CUDNN_ATTR_ENGINE_NUMERICAL_NOTE) returned "
        "CUDNN_STATUS_NOT_SUPPORTED (expected CUDNN_STATUS_SUCCESS); in "
        "seedkit::cuda::keep_deterministic at engine_configs[1] (of 2)");
  CHECK(fk::live_created() == 0);
  CHECK(fk::foreign_destroys() == 0);
  CHECK(message_of([&] { sc::is_deterministic(ranked[1]); }) ==
        "seedkit::cuda: cudnnBackendGetAttribute(CUDNN_ATTR_ENGINE_NUMERICAL_NOTE) returned "
        "CUDNN_STATUS_NOT_SUPPORTED (expected CUDNN_STATUS_SUCCESS)");
  CHECK(fk::live_created() == 0);
}

TEST_CASE("a failing descriptor creation is reported and nothing is destroyed", "[cudnn][fake]") {
  fk::reset();
  const std::vector<cudnnBackendDescriptor_t> ranked = {config({}), config({})};
  fk::fail_create(1, CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED);
  CHECK(message_of([&] { sc::keep_deterministic(ranked); }) ==
        "seedkit::cuda: cudnnBackendCreateDescriptor(CUDNN_BACKEND_ENGINE_DESCRIPTOR) returned "
        "CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED (expected CUDNN_STATUS_SUCCESS); in "
        "seedkit::cuda::keep_deterministic at engine_configs[1] (of 2)");
  CHECK(fk::calls_to(fk::function::create).size() == 2);
  CHECK(fk::calls_to(fk::function::destroy).size() == 1);  // only config 0's engine existed
  CHECK(fk::live_created() == 0);
  CHECK(fk::foreign_destroys() == 0);
}

TEST_CASE("implausible element counts are errors", "[cudnn][fake]") {
  fk::reset();
  fk::engine_config_script no_engine;
  no_engine.engines_reported = 0;
  CHECK(message_of([&] {
          sc::keep_deterministic({config({}), fk::add_engine_config(no_engine)});
        }) ==
        "seedkit::cuda: cudnnBackendGetAttribute(CUDNN_ATTR_ENGINECFG_ENGINE) reported 0 engines "
        "(expected 1); in seedkit::cuda::keep_deterministic at engine_configs[1] (of 2)");
  fk::engine_config_script negative;
  negative.override_notes_count = true;
  negative.notes_count = -3;
  CHECK(message_of([&] { sc::is_deterministic(fk::add_engine_config(negative)); }) ==
        "seedkit::cuda: cudnnBackendGetAttribute(CUDNN_ATTR_ENGINE_NUMERICAL_NOTE) reported -3 "
        "elements (expected 0 or more)");
  // A count that keeps growing between the two queries.
  fk::engine_config_script growing;
  growing.notes = {CUDNN_NUMERICAL_NOTE_FFT};
  growing.override_notes_count = true;
  growing.notes_count = 40;
  growing.notes_count_step = 1;
  CHECK(message_of([&] { sc::is_deterministic(fk::add_engine_config(growing)); }) ==
        "seedkit::cuda: cudnnBackendGetAttribute(CUDNN_ATTR_ENGINE_NUMERICAL_NOTE) reported 40 "
        "notes, then 41 (expected the same count twice)");
  CHECK(fk::live_created() == 0);
  CHECK(fk::foreign_destroys() == 0);
}

TEST_CASE("null configs and bad counts are rejected before any cuDNN call", "[cudnn][fake]") {
  fk::reset();
  CHECK(message_of([] { sc::is_deterministic(nullptr); }) ==
        "seedkit::cuda::numerical_notes: the engine config is null (expected a finalized "
        "CUDNN_BACKEND_ENGINECFG_DESCRIPTOR)");
  CHECK(message_of([] {
          sc::keep_deterministic(nullptr, 3);
        }).find("got 3 engine configs at null") != std::string::npos);
  const cudnnBackendDescriptor_t one[1] = {nullptr};
  CHECK(message_of([&] { sc::keep_deterministic(one, -1); }).find("got -1 engine configs") !=
        std::string::npos);
  CHECK(message_of([&] { sc::keep_deterministic(one, 1); }) ==
        "seedkit::cuda::numerical_notes: the engine config is null (expected a finalized "
        "CUDNN_BACKEND_ENGINECFG_DESCRIPTOR); in seedkit::cuda::keep_deterministic at "
        "engine_configs[0] (of 1)");
  CHECK(fk::calls().empty());
}

namespace {

template <class Perf>
Perf perf(int algo, cudnnStatus_t status, cudnnDeterminism_t determinism) {
  Perf p{};
  p.algo = static_cast<decltype(p.algo)>(algo);
  p.status = status;
  p.determinism = determinism;
  p.time = static_cast<float>(algo);
  return p;
}

template <class Perf>
std::vector<int> algos(const std::vector<Perf>& ps) {
  std::vector<int> out;
  for (const Perf& p : ps) out.push_back(static_cast<int>(p.algo));
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("keep_deterministic_algos keeps successful deterministic perf results in order",
                   "[cudnn][fake][legacy]", cudnnConvolutionFwdAlgoPerf_t,
                   cudnnConvolutionBwdDataAlgoPerf_t, cudnnConvolutionBwdFilterAlgoPerf_t) {
  fk::reset();
  const std::vector<TestType> ranked = {
      perf<TestType>(5, CUDNN_STATUS_SUCCESS, CUDNN_NON_DETERMINISTIC),
      perf<TestType>(3, CUDNN_STATUS_SUCCESS, CUDNN_DETERMINISTIC),
      perf<TestType>(0, CUDNN_STATUS_NOT_SUPPORTED, CUDNN_DETERMINISTIC),
      perf<TestType>(1, CUDNN_STATUS_SUCCESS, CUDNN_DETERMINISTIC),
      perf<TestType>(2, CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED,
                     CUDNN_NON_DETERMINISTIC),
      perf<TestType>(4, CUDNN_STATUS_SUCCESS, CUDNN_DETERMINISTIC)};
  const std::vector<TestType> kept = sc::keep_deterministic_algos(ranked);
  CHECK(algos(kept) == std::vector<int>{3, 1, 4});
  REQUIRE(kept.size() == 3);
  CHECK(kept[1].time == 1.0f);  // whole entries are copied

  // The pointer overload looks only at the first `count` (cuDNN's
  // returnedAlgoCount) entries.
  CHECK(algos(sc::keep_deterministic_algos(ranked.data(), 3)) == std::vector<int>{3});
  CHECK(sc::keep_deterministic_algos(ranked.data(), 0).empty());
  CHECK(sc::keep_deterministic_algos(std::vector<TestType>{}).empty());
  CHECK(message_of([&] {
          sc::keep_deterministic_algos(ranked.data(), -2);
        }).find("got -2 perf results") != std::string::npos);
  CHECK(message_of([] {
          sc::keep_deterministic_algos(static_cast<const TestType*>(nullptr), 1);
        }).find("at null") != std::string::npos);
  CHECK(fk::calls().empty());  // pure filtering
}

// The link-seam fake of cuDNN (see fake_cudnn.hpp). The four functions are
// defined with exactly cudnn_graph.h's declarations, inside extern "C": a
// definition that differed in any parameter or return type would be a
// second C function of the same name, which the compiler rejects, and the
// static_asserts below spell the types out once more.
#include "fake_cudnn.hpp"

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace fake_cudnn {
namespace {

struct object {
  bool scripted = false;  // an engine config from add_engine_config
  bool live = true;       // created and not yet destroyed (always true when scripted)
  cudnnBackendDescriptorType_t type = CUDNN_BACKEND_ENGINECFG_DESCRIPTOR;
  engine_config_script script;     // scripted config, or what an engine was filled from
  bool filled = false;             // an engine read from a config
  std::int64_t notes_queries = 0;  // successful notes queries on this engine
};

struct state {
  // Objects are never freed before reset(), so a destroyed handle is never
  // reused and a second destroy is detected.
  std::vector<std::unique_ptr<object>> objects;
  std::vector<call> log;
  std::map<int, cudnnStatus_t> create_failures;
  int creates = 0;
  std::size_t foreign = 0;
};

state& the_state() {
  static state s;
  return s;
}

object* find(cudnnBackendDescriptor_t d) {
  for (const auto& o : the_state().objects) {
    if (static_cast<void*>(o.get()) == d) return o.get();
  }
  return nullptr;
}

cudnnBackendDescriptor_t handle(object* o) { return static_cast<cudnnBackendDescriptor_t>(o); }

}  // namespace

void reset() { the_state() = state{}; }

cudnnBackendDescriptor_t add_engine_config(const engine_config_script& script) {
  auto o = std::make_unique<object>();
  o->scripted = true;
  o->script = script;
  the_state().objects.push_back(std::move(o));
  return handle(the_state().objects.back().get());
}

void fail_create(int n, cudnnStatus_t status) { the_state().create_failures[n] = status; }

const std::vector<call>& calls() { return the_state().log; }

std::vector<call> calls_to(function fn) {
  std::vector<call> out;
  for (const call& c : the_state().log) {
    if (c.fn == fn) out.push_back(c);
  }
  return out;
}

std::size_t live_created() {
  return static_cast<std::size_t>(
      std::count_if(the_state().objects.begin(), the_state().objects.end(),
                    [](const std::unique_ptr<object>& o) { return !o->scripted && o->live; }));
}

std::size_t foreign_destroys() { return the_state().foreign; }

}  // namespace fake_cudnn

// The declarations these definitions must match (cudnn_graph.h, cuDNN 9).
static_assert(
    std::is_same<decltype(&cudnnBackendCreateDescriptor),
                 cudnnStatus_t (*)(cudnnBackendDescriptorType_t, cudnnBackendDescriptor_t*)>::value,
    "cudnnBackendCreateDescriptor's declaration changed");
static_assert(std::is_same<decltype(&cudnnBackendDestroyDescriptor),
                           cudnnStatus_t (*)(cudnnBackendDescriptor_t)>::value,
              "cudnnBackendDestroyDescriptor's declaration changed");
static_assert(
    std::is_same<decltype(&cudnnBackendGetAttribute),
                 cudnnStatus_t (*)(cudnnBackendDescriptor_t, cudnnBackendAttributeName_t,
                                   cudnnBackendAttributeType_t, int64_t, int64_t*, void*)>::value,
    "cudnnBackendGetAttribute's declaration changed");
static_assert(std::is_same<decltype(&cudnnGetErrorString), const char* (*)(cudnnStatus_t)>::value,
              "cudnnGetErrorString's declaration changed");

extern "C" {

cudnnStatus_t CUDNNWINAPI cudnnBackendCreateDescriptor(cudnnBackendDescriptorType_t descriptorType,
                                                       cudnnBackendDescriptor_t* descriptor) {
  using namespace fake_cudnn;
  state& s = the_state();
  call c;
  c.fn = function::create;
  c.type = descriptorType;
  const int n = s.creates++;
  const auto failure = s.create_failures.find(n);
  if (failure != s.create_failures.end()) {
    c.status = failure->second;
  } else if (descriptor == nullptr) {
    c.status = CUDNN_STATUS_BAD_PARAM_NULL_POINTER;
  } else {
    auto o = std::make_unique<object>();
    o->type = descriptorType;
    s.objects.push_back(std::move(o));
    *descriptor = handle(s.objects.back().get());
    c.descriptor = *descriptor;
  }
  s.log.push_back(c);
  return c.status;
}

cudnnStatus_t CUDNNWINAPI cudnnBackendDestroyDescriptor(cudnnBackendDescriptor_t descriptor) {
  using namespace fake_cudnn;
  state& s = the_state();
  call c;
  c.fn = function::destroy;
  c.descriptor = descriptor;
  object* o = find(descriptor);
  if (o != nullptr && !o->scripted && o->live) {
    o->live = false;
  } else {
    ++s.foreign;
    c.status = CUDNN_STATUS_BAD_PARAM;
  }
  s.log.push_back(c);
  return c.status;
}

cudnnStatus_t CUDNNWINAPI cudnnBackendGetAttribute(cudnnBackendDescriptor_t const descriptor,
                                                   cudnnBackendAttributeName_t attributeName,
                                                   cudnnBackendAttributeType_t attributeType,
                                                   int64_t requestedElementCount,
                                                   int64_t* elementCount, void* arrayOfElements) {
  using namespace fake_cudnn;
  state& s = the_state();
  call c;
  c.fn = function::get_attribute;
  c.descriptor = descriptor;
  c.attribute = attributeName;
  c.attribute_type = attributeType;
  c.requested = requestedElementCount;
  const auto answer = [&](cudnnStatus_t status) {
    c.status = status;
    s.log.push_back(c);
    return status;
  };

  object* o = find(descriptor);
  if (o == nullptr || !o->live) return answer(CUDNN_STATUS_BAD_PARAM);
  if (elementCount == nullptr) return answer(CUDNN_STATUS_BAD_PARAM_NULL_POINTER);

  if (o->scripted) {
    // An engine config: only its engine can be read.
    if (attributeName != CUDNN_ATTR_ENGINECFG_ENGINE) return answer(CUDNN_STATUS_NOT_SUPPORTED);
    if (attributeType != CUDNN_TYPE_BACKEND_DESCRIPTOR) {
      return answer(CUDNN_STATUS_BAD_PARAM_ATTRIBUTE_TYPE);
    }
    if (o->script.engine_status != CUDNN_STATUS_SUCCESS) return answer(o->script.engine_status);
    if (requestedElementCount >= 1 && arrayOfElements != nullptr) {
      // Like cuDNN: the array holds descriptors the caller created, of the
      // attribute's type, and they are filled in place.
      object* engine = find(static_cast<cudnnBackendDescriptor_t*>(arrayOfElements)[0]);
      if (engine == nullptr || engine->scripted || !engine->live ||
          engine->type != CUDNN_BACKEND_ENGINE_DESCRIPTOR) {
        return answer(CUDNN_STATUS_BAD_PARAM_DESCRIPTOR_TYPE);
      }
      engine->script = o->script;
      engine->filled = true;
    }
    *elementCount = o->script.engines_reported;
    return answer(CUDNN_STATUS_SUCCESS);
  }

  // A created descriptor: only an engine read from a config answers, and
  // only its numerical notes.
  if (o->type != CUDNN_BACKEND_ENGINE_DESCRIPTOR || !o->filled) {
    return answer(CUDNN_STATUS_NOT_INITIALIZED);
  }
  if (attributeName != CUDNN_ATTR_ENGINE_NUMERICAL_NOTE) return answer(CUDNN_STATUS_NOT_SUPPORTED);
  if (attributeType != CUDNN_TYPE_NUMERICAL_NOTE) {
    return answer(CUDNN_STATUS_BAD_PARAM_ATTRIBUTE_TYPE);
  }
  if (o->script.notes_status != CUDNN_STATUS_SUCCESS) return answer(o->script.notes_status);
  const std::vector<cudnnBackendNumericalNote_t>& notes = o->script.notes;
  if (arrayOfElements != nullptr && requestedElementCount > 0) {
    const std::size_t n = std::min(notes.size(), static_cast<std::size_t>(requestedElementCount));
    std::copy(notes.begin(), notes.begin() + static_cast<std::ptrdiff_t>(n),
              static_cast<cudnnBackendNumericalNote_t*>(arrayOfElements));
  }
  *elementCount = o->script.override_notes_count
                      ? o->script.notes_count + o->script.notes_count_step * o->notes_queries
                      : static_cast<int64_t>(notes.size());
  ++o->notes_queries;
  return answer(CUDNN_STATUS_SUCCESS);
}

const char* CUDNNWINAPI cudnnGetErrorString(cudnnStatus_t status) {
  using namespace fake_cudnn;
  call c;
  c.fn = function::error_string;
  c.status = status;
  the_state().log.push_back(c);
  switch (status) {
    case CUDNN_STATUS_SUCCESS:
      return "CUDNN_STATUS_SUCCESS";
    case CUDNN_STATUS_NOT_INITIALIZED:
      return "CUDNN_STATUS_NOT_INITIALIZED";
    case CUDNN_STATUS_BAD_PARAM:
      return "CUDNN_STATUS_BAD_PARAM";
    case CUDNN_STATUS_BAD_PARAM_NULL_POINTER:
      return "CUDNN_STATUS_BAD_PARAM_NULL_POINTER";
    case CUDNN_STATUS_BAD_PARAM_ATTRIBUTE_TYPE:
      return "CUDNN_STATUS_BAD_PARAM_ATTRIBUTE_TYPE";
    case CUDNN_STATUS_BAD_PARAM_DESCRIPTOR_TYPE:
      return "CUDNN_STATUS_BAD_PARAM_DESCRIPTOR_TYPE";
    case CUDNN_STATUS_NOT_SUPPORTED:
      return "CUDNN_STATUS_NOT_SUPPORTED";
    case CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED:
      return "CUDNN_STATUS_INTERNAL_ERROR_HOST_ALLOCATION_FAILED";
    case CUDNN_STATUS_EXECUTION_FAILED:
      return "CUDNN_STATUS_EXECUTION_FAILED";
    default:
      return "CUDNN_UNKNOWN_STATUS";  // what cuDNN 9.19 answers
  }
}

}  // extern "C"

// A link-seam fake of the four cuDNN functions seedkit/cudnn/cudnn.hpp calls
// (cudnnBackendCreateDescriptor, cudnnBackendDestroyDescriptor,
// cudnnBackendGetAttribute, cudnnGetErrorString), defined in fake_cudnn.cpp
// for a test executable that does not link libcudnn. Tests script engine
// configurations with numerical notes and failures, and read back a record
// of every call.
#ifndef SEEDKIT_TESTS_FAKE_CUDNN_HPP
#define SEEDKIT_TESTS_FAKE_CUDNN_HPP

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <cudnn.h>

namespace fake_cudnn {

// One engine configuration served by the fake. The fields script what
// cudnnBackendGetAttribute answers for it and for the engine read from it.
struct engine_config_script {
  std::vector<cudnnBackendNumericalNote_t> notes;
  // Status of the CUDNN_ATTR_ENGINECFG_ENGINE query (nothing is written
  // unless it is CUDNN_STATUS_SUCCESS).
  cudnnStatus_t engine_status = CUDNN_STATUS_SUCCESS;
  // The element count that query reports.
  std::int64_t engines_reported = 1;
  // Status of the CUDNN_ATTR_ENGINE_NUMERICAL_NOTE query on its engine.
  cudnnStatus_t notes_status = CUDNN_STATUS_SUCCESS;
  // When set, the notes query reports this count instead of notes.size()
  // (still writing at most min(requested, notes.size()) notes).
  bool override_notes_count = false;
  std::int64_t notes_count = 0;
  // Added to that count once more at each further notes query on the same
  // engine (a count that changes between queries).
  std::int64_t notes_count_step = 0;
};

enum class function { create, destroy, get_attribute, error_string };

// One recorded call. Fields not meaningful for a function stay at their
// defaults.
struct call {
  function fn = function::create;
  cudnnBackendDescriptor_t descriptor = nullptr;  // created/destroyed/queried
  cudnnBackendDescriptorType_t type = CUDNN_BACKEND_POINTWISE_DESCRIPTOR;  // create
  cudnnBackendAttributeName_t attribute = CUDNN_ATTR_POINTWISE_MODE;       // get_attribute
  cudnnBackendAttributeType_t attribute_type = CUDNN_TYPE_HANDLE;          // get_attribute
  std::int64_t requested = -1;                                             // get_attribute
  cudnnStatus_t status = CUDNN_STATUS_SUCCESS;  // what the fake returned (or was asked about)
};

// Forgets every scripted config, created descriptor and recorded call.
void reset();

// A new scripted engine configuration. It is owned by the fake (not created
// through cudnnBackendCreateDescriptor); destroying it is recorded as an
// error (see foreign_destroys).
cudnnBackendDescriptor_t add_engine_config(const engine_config_script& script);

// Makes the n-th (0-based, counted since reset) cudnnBackendCreateDescriptor
// call fail with `status`, creating nothing.
void fail_create(int n, cudnnStatus_t status);

// Every call so far, in order.
const std::vector<call>& calls();

// The calls to one function, in order.
std::vector<call> calls_to(function fn);

// Descriptors created through cudnnBackendCreateDescriptor and not yet
// destroyed.
std::size_t live_created();

// cudnnBackendDestroyDescriptor calls on something that was not a live
// created descriptor (a scripted config, a repeated destroy, garbage).
std::size_t foreign_destroys();

}  // namespace fake_cudnn

#endif  // SEEDKIT_TESTS_FAKE_CUDNN_HPP

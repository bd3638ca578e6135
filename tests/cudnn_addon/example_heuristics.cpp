// The example of docs/cudnn.md, compiled and linked against libcudnn (never
// run: it needs a finalized operation graph, hence a GPU) so that the
// documented code stays valid. The functions have external linkage, so
// they are emitted and their cuDNN symbols resolved at link time.
#include <cstdint>
#include <memory>
#include <vector>

#include <cudnn.h>

#include "seedkit/cudnn/cudnn.hpp"

namespace example {

using seedkit::cuda::check;

// Backend descriptors the caller owns, destroyed on every path.
struct destroy_descriptor {
  void operator()(void* d) const noexcept { cudnnBackendDestroyDescriptor(d); }
};
using owned_descriptor = std::unique_ptr<void, destroy_descriptor>;

owned_descriptor make_descriptor(cudnnBackendDescriptorType_t type) {
  cudnnBackendDescriptor_t d = nullptr;
  check(cudnnBackendCreateDescriptor(type, &d), "cudnnBackendCreateDescriptor");
  return owned_descriptor(d);
}

// The heuristics' engine configs for a finalized operation graph, best first.
std::vector<owned_descriptor> ranked_engine_configs(cudnnBackendDescriptor_t op_graph) {
  owned_descriptor heur = make_descriptor(CUDNN_BACKEND_ENGINEHEUR_DESCRIPTOR);
  cudnnBackendHeurMode_t mode = CUDNN_HEUR_MODE_A;
  check(cudnnBackendSetAttribute(heur.get(), CUDNN_ATTR_ENGINEHEUR_OPERATION_GRAPH,
                                 CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &op_graph),
        "cudnnBackendSetAttribute(CUDNN_ATTR_ENGINEHEUR_OPERATION_GRAPH)");
  check(cudnnBackendSetAttribute(heur.get(), CUDNN_ATTR_ENGINEHEUR_MODE, CUDNN_TYPE_HEUR_MODE, 1,
                                 &mode),
        "cudnnBackendSetAttribute(CUDNN_ATTR_ENGINEHEUR_MODE)");
  check(cudnnBackendFinalize(heur.get()), "cudnnBackendFinalize");

  std::int64_t count = 0;  // first ask how many results there are
  check(cudnnBackendGetAttribute(heur.get(), CUDNN_ATTR_ENGINEHEUR_RESULTS,
                                 CUDNN_TYPE_BACKEND_DESCRIPTOR, 0, &count, nullptr),
        "cudnnBackendGetAttribute(CUDNN_ATTR_ENGINEHEUR_RESULTS)");
  std::vector<owned_descriptor> configs;
  std::vector<cudnnBackendDescriptor_t> raw;
  for (std::int64_t i = 0; i < count; ++i) {
    configs.push_back(make_descriptor(CUDNN_BACKEND_ENGINECFG_DESCRIPTOR));
    raw.push_back(configs.back().get());
  }
  std::int64_t returned = 0;
  check(cudnnBackendGetAttribute(heur.get(), CUDNN_ATTR_ENGINEHEUR_RESULTS,
                                 CUDNN_TYPE_BACKEND_DESCRIPTOR, count, &returned, raw.data()),
        "cudnnBackendGetAttribute(CUDNN_ATTR_ENGINEHEUR_RESULTS)");
  if (returned < count) configs.resize(static_cast<std::size_t>(returned));
  return configs;
}

// An execution plan on the best-ranked deterministic engine config among
// `configs` (from ranked_engine_configs). Keep `configs` alive as long as
// the plan, as cudnn-frontend does.
owned_descriptor deterministic_plan(const std::vector<owned_descriptor>& configs) {
  std::vector<cudnnBackendDescriptor_t> ranked;
  for (const owned_descriptor& c : configs) ranked.push_back(c.get());

  // Throws seedkit::error when no config is deterministic (with
  // keep_deterministic, test empty() instead). Nothing changes hands:
  // `configs` still owns every descriptor.
  const std::vector<cudnnBackendDescriptor_t> ok = seedkit::cuda::require_deterministic(ranked);

  owned_descriptor plan = make_descriptor(CUDNN_BACKEND_EXECUTION_PLAN_DESCRIPTOR);
  cudnnBackendDescriptor_t best = ok.front();
  check(cudnnBackendSetAttribute(plan.get(), CUDNN_ATTR_EXECUTION_PLAN_ENGINE_CONFIG,
                                 CUDNN_TYPE_BACKEND_DESCRIPTOR, 1, &best),
        "cudnnBackendSetAttribute(CUDNN_ATTR_EXECUTION_PLAN_ENGINE_CONFIG)");
  check(cudnnBackendFinalize(plan.get()), "cudnnBackendFinalize");
  return plan;
}

}  // namespace example

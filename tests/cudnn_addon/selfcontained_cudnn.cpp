// Proves seedkit/cudnn.hpp is self-contained (included twice: the guard
// holds) and uses nothing cuDNN 9 marks deprecated: CUDNN_WARN_DEPRECATED
// turns cuDNN's deprecation markers on, and warnings are errors.
#define CUDNN_WARN_DEPRECATED 1
#include "seedkit/cudnn.hpp"
#include "seedkit/cudnn.hpp"

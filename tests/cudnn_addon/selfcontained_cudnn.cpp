// Proves seedkit/cudnn.hpp is self-contained (included twice: the guard holds).
#include "seedkit/cudnn.hpp"
#include "seedkit/cudnn.hpp"

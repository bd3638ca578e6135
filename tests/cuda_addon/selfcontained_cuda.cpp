// Proves seedkit/cuda.hpp is self-contained (included twice: the guard holds).
#include "seedkit/cuda.hpp"
#include "seedkit/cuda.hpp"

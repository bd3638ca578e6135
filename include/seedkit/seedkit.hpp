// seedkit/seedkit.hpp: the whole core in one include.
//
// The optional add-ons (manifest, fmt, CUDA, libtorch, MPI) have their own
// headers and CMake targets and are not included here.
#ifndef SEEDKIT_SEEDKIT_HPP
#define SEEDKIT_SEEDKIT_HPP

#include "seedkit/config.hpp"
#include "seedkit/data.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/error.hpp"
#include "seedkit/global.hpp"
#include "seedkit/numpy.hpp"
#include "seedkit/philox.hpp"
#include "seedkit/reduce.hpp"
#include "seedkit/seed_seq.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/splitmix64.hpp"
#include "seedkit/stream.hpp"
#include "seedkit/version.hpp"

#endif  // SEEDKIT_SEEDKIT_HPP

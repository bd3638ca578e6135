// seedkit/seedkit.hpp: the whole core in one include.
//
// The core needs only the standard library. The optional add-ons (record,
// cuda, cudnn, torch, mpi) live in folders named after their CMake targets,
// each with its own umbrella (for example seedkit/record/record.hpp), and
// are not included here.
#ifndef SEEDKIT_SEEDKIT_HPP
#define SEEDKIT_SEEDKIT_HPP

#include "seedkit/config.hpp"
#include "seedkit/data.hpp"
#include "seedkit/derive.hpp"
#include "seedkit/distributions.hpp"
#include "seedkit/error.hpp"
#include "seedkit/exact.hpp"
#include "seedkit/global.hpp"
#include "seedkit/index_permutation.hpp"
#include "seedkit/math.hpp"
#include "seedkit/numpy.hpp"
#include "seedkit/parallel.hpp"
#include "seedkit/philox.hpp"
#include "seedkit/philox_block.hpp"
#include "seedkit/reduce.hpp"
#include "seedkit/seed_seq.hpp"
#include "seedkit/shuffle.hpp"
#include "seedkit/splitmix64.hpp"
#include "seedkit/stream.hpp"
#include "seedkit/version.hpp"

#endif  // SEEDKIT_SEEDKIT_HPP

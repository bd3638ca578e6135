// seedkit/mpi/detail/comm.hpp: the MPI add-on's error checks and
// communicator queries (internal; part of the seedkit::mpi add-on): an MPI
// return code that is not MPI_SUCCESS becomes a seedkit::error naming the
// call and MPI's own text, a call outside MPI_Init .. MPI_Finalize is
// refused with a message that says so, and a communicator's rank and size
// come through those checks. Shared by consensus.hpp, streams.hpp and
// reduce.hpp.
#ifndef SEEDKIT_MPI_DETAIL_COMM_HPP
#define SEEDKIT_MPI_DETAIL_COMM_HPP

#include <mpi.h>

#include <cstddef>  // size_t
#include <string>   // string

#include "seedkit/config.hpp"
#include "seedkit/error.hpp"

SEEDKIT_BEGIN_NAMESPACE
namespace mpi {
namespace detail {

inline void check_mpi(int rc, const char* call) {
  if (rc != MPI_SUCCESS) {
    char text[MPI_MAX_ERROR_STRING] = {};
    int len = 0;
    MPI_Error_string(rc, text, &len);
    throw error(std::string("seedkit::mpi: ") + call +
                " failed: " + std::string(text, static_cast<std::size_t>(len)));
  }
}

inline void check_initialized(const char* who) {
  int on = 0, off = 0;
  MPI_Initialized(&on);
  MPI_Finalized(&off);
  if (!on || off) {
    throw error(std::string(who) + ": MPI is " + (off ? "already finalized" : "not initialized") +
                ": call it between MPI_Init (or MPI_Init_thread) and MPI_Finalize");
  }
}

inline int comm_rank(MPI_Comm comm) {
  int r = 0;
  check_mpi(MPI_Comm_rank(comm, &r), "MPI_Comm_rank");
  return r;
}

inline int comm_size(MPI_Comm comm) {
  int s = 0;
  check_mpi(MPI_Comm_size(comm, &s), "MPI_Comm_size");
  return s;
}

}  // namespace detail
}  // namespace mpi
SEEDKIT_END_NAMESPACE

#endif  // SEEDKIT_MPI_DETAIL_COMM_HPP

# Tests of the seedkit::mpi add-on, run under mpiexec with 1 to 4 ranks on
# this machine (shared-memory transport only). Added only when
# SEEDKIT_ENABLE_MPI is ON.
if(NOT TARGET seedkit::mpi)
  message(STATUS "seedkit: MPI add-on tests skipped (SEEDKIT_ENABLE_MPI is OFF)")
  return()
endif()

add_executable(seedkit_mpi_tests "${CMAKE_CURRENT_SOURCE_DIR}/mpi/test_mpi.cpp")
target_link_libraries(seedkit_mpi_tests PRIVATE seedkit::mpi seedkit_warnings)
add_executable(seedkit_mpi_consensus "${CMAKE_CURRENT_SOURCE_DIR}/mpi/consensus.cpp")
target_link_libraries(seedkit_mpi_consensus PRIVATE seedkit::mpi seedkit_warnings)

# OpenMPI as root on a small machine: allow root, oversubscribe, shared
# memory only, loopback for mpiexec's own channel, no hwloc GL probe.
set(seedkit_mpi_env
  "OMPI_ALLOW_RUN_AS_ROOT=1" "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1" "OMPI_MCA_btl=self,vader"
  "OMPI_MCA_oob_tcp_if_include=lo" "HWLOC_COMPONENTS=-gl" "OMPI_MCA_rmaps_base_oversubscribe=1")
# OpenMPI's own allocations that live until exit trip LeakSanitizer.
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize=[^ ]*address")
  list(APPEND seedkit_mpi_env "ASAN_OPTIONS=detect_leaks=0")
endif()

foreach(np 1 2 3 4)
  add_test(NAME mpi.np${np}
           COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} --oversubscribe ${MPIEXEC_PREFLAGS}
                   $<TARGET_FILE:seedkit_mpi_tests> ${MPIEXEC_POSTFLAGS})
  set_tests_properties(mpi.np${np} PROPERTIES ENVIRONMENT "${seedkit_mpi_env}" TIMEOUT 60
                       FAIL_REGULAR_EXPRESSION "FAILED")
endforeach()

foreach(mode agree disagree disagree3 unset0)
  add_test(NAME mpi.consensus.${mode}
           COMMAND ${CMAKE_COMMAND} -DMPIEXEC=${MPIEXEC_EXECUTABLE} -DNP_FLAG=${MPIEXEC_NUMPROC_FLAG}
                   -DPROGRAM=$<TARGET_FILE:seedkit_mpi_consensus> -DMODE=${mode}
                   -P "${CMAKE_CURRENT_SOURCE_DIR}/mpi/check_consensus.cmake")
  set_tests_properties(mpi.consensus.${mode} PROPERTIES ENVIRONMENT "${seedkit_mpi_env}" TIMEOUT 60)
endforeach()


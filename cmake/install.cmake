# Install rules: headers, the exported target, a package config with a
# SameMajorVersion version file (streams change only with a major version),
# and a pkg-config file.
include(CMakePackageConfigHelpers)

set(SEEDKIT_CMAKE_DIR "${CMAKE_INSTALL_DATADIR}/cmake/seedkit"
    CACHE STRING "Where to install seedkit-config.cmake, relative to the prefix")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/seedkit"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.hpp")
install(TARGETS seedkit EXPORT seedkit-targets)
if(SEEDKIT_ENABLE_MANIFEST)
  install(TARGETS seedkit_manifest EXPORT seedkit-targets)
  install(TARGETS seedkit-diff RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
if(SEEDKIT_ENABLE_MPI)
  install(TARGETS seedkit_mpi EXPORT seedkit-targets)
endif()
if(SEEDKIT_ENABLE_TORCH)
  install(TARGETS seedkit_torch EXPORT seedkit-targets)
endif()
if(SEEDKIT_ENABLE_CUDA)
  install(TARGETS seedkit_cuda EXPORT seedkit-targets)
endif()
install(EXPORT seedkit-targets
        NAMESPACE seedkit::
        FILE seedkit-targets.cmake
        DESTINATION "${SEEDKIT_CMAKE_DIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/seedkit-config.cmake.in"
  "${PROJECT_BINARY_DIR}/seedkit-config.cmake"
  INSTALL_DESTINATION "${SEEDKIT_CMAKE_DIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/seedkit-config-version.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion
  ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/seedkit-config.cmake"
              "${PROJECT_BINARY_DIR}/seedkit-config-version.cmake"
        DESTINATION "${SEEDKIT_CMAKE_DIR}")

# pkg-config: Cflags only, the library is header-only. The file finds its
# prefix relative to itself (${pcfiledir}), so `cmake --install --prefix` works.
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(SEEDKIT_PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(SEEDKIT_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file("${PROJECT_SOURCE_DIR}/cmake/seedkit.pc.in"
               "${PROJECT_BINARY_DIR}/seedkit.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/seedkit.pc"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/pkgconfig")

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
install(EXPORT seedkit-targets
        NAMESPACE seedkit::
        FILE seedkit-targets.cmake
        DESTINATION "${SEEDKIT_CMAKE_DIR}")
# Each add-on defined by seedkit_add_addon is its own export set, so that
# find_package(seedkit COMPONENTS mpi) needs only MPI's (and record's)
# dependencies. The config file learns the list and what each requires.
get_property(SEEDKIT_EXPORTED_ADDONS GLOBAL PROPERTY SEEDKIT_EXPORTED_ADDONS)
set(SEEDKIT_ADDON_REQUIRES_LINES "")
foreach(addon IN LISTS SEEDKIT_EXPORTED_ADDONS)
  install(TARGETS seedkit_${addon} EXPORT seedkit-${addon}-targets)
  install(EXPORT seedkit-${addon}-targets
          NAMESPACE seedkit::
          FILE seedkit-${addon}-targets.cmake
          DESTINATION "${SEEDKIT_CMAKE_DIR}")
  get_property(requires GLOBAL PROPERTY SEEDKIT_ADDON_REQUIRES_${addon})
  string(APPEND SEEDKIT_ADDON_REQUIRES_LINES "set(seedkit_${addon}_requires \"${requires}\")\n")
endforeach()
if(TARGET seedkit-diff)
  install(TARGETS seedkit-diff RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()

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

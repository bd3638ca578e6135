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
# OPTIONAL: a build that made only some targets (the README's demo build
# makes train_mlp and seedkit-diff; `--target train_mlp` alone skips the
# tool) still installs; the tool is installed when it was built.
foreach(tool IN ITEMS seedkit-diff seedkit-sweep)
  if(TARGET ${tool})
    install(TARGETS ${tool} RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" OPTIONAL)
  endif()
endforeach()
if(TARGET seedkit-sweep)  # its picture (needs python3 and matplotlib when run)
  install(PROGRAMS "${PROJECT_SOURCE_DIR}/tools/seedkit_sweep_plot.py"
          DESTINATION "${CMAKE_INSTALL_BINDIR}" RENAME seedkit-sweep-plot)
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
# The add-ons whose dependencies have pkg-config files get their own
# seedkit-<add-on>.pc whose Requires pull those in (fmt and nlohmann_json
# for record; record and mpi-cxx for mpi). libtorch and the CUDA toolkit
# ship no pkg-config file: use CMake for the torch and cuda add-ons.
set(seedkit_pc_requires_record "seedkit fmt nlohmann_json")
set(seedkit_pc_requires_mpi "seedkit-record mpi-cxx")
foreach(SEEDKIT_PC_ADDON IN ITEMS record mpi)
  if(TARGET seedkit_${SEEDKIT_PC_ADDON})
    set(SEEDKIT_PC_REQUIRES "${seedkit_pc_requires_${SEEDKIT_PC_ADDON}}")
    configure_file("${PROJECT_SOURCE_DIR}/cmake/seedkit-addon.pc.in"
                   "${PROJECT_BINARY_DIR}/seedkit-${SEEDKIT_PC_ADDON}.pc" @ONLY)
    install(FILES "${PROJECT_BINARY_DIR}/seedkit-${SEEDKIT_PC_ADDON}.pc"
            DESTINATION "${CMAKE_INSTALL_DATADIR}/pkgconfig")
  endif()
endforeach()

# Consumer tests: seedkit used the three ways a project pulls it in, each
# building and running tests/consumer/consumer.cpp with this build's compiler.
set(consumer_dir "${CMAKE_CURRENT_SOURCE_DIR}/consumer")
set(consumer_bin "${CMAKE_CURRENT_BINARY_DIR}/consumer")
set(consumer_prefix "${consumer_bin}/prefix")
set(consumer_options
  "-DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}"
  "-DCMAKE_CXX_FLAGS=${CMAKE_CXX_FLAGS}"
  "-DCMAKE_BUILD_TYPE=Release"
  "-DSEEDKIT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")

add_test(NAME consumer.install
         COMMAND "${CMAKE_COMMAND}" --install "${PROJECT_BINARY_DIR}" --prefix "${consumer_prefix}")
set_tests_properties(consumer.install PROPERTIES FIXTURES_SETUP seedkit_installed)

add_test(NAME consumer.find_package
         COMMAND "${CMAKE_CTEST_COMMAND}" --build-and-test
                 "${consumer_dir}/find_package" "${consumer_bin}/find_package"
                 --build-generator "${CMAKE_GENERATOR}"
                 --build-options ${consumer_options} "-DCMAKE_PREFIX_PATH=${consumer_prefix}"
                 --test-command consumer)
set_tests_properties(consumer.find_package PROPERTIES FIXTURES_REQUIRED seedkit_installed)

# SameMajorVersion: asking for seedkit 2 must not accept the installed 1.x.
add_test(NAME consumer.find_package_rejects_other_major
         COMMAND "${CMAKE_CTEST_COMMAND}" --build-and-test
                 "${consumer_dir}/find_package" "${consumer_bin}/find_package_major2"
                 --build-generator "${CMAKE_GENERATOR}"
                 --build-options ${consumer_options} "-DCMAKE_PREFIX_PATH=${consumer_prefix}"
                                 -DSEEDKIT_REQUIRED_VERSION=2)
set_tests_properties(consumer.find_package_rejects_other_major PROPERTIES
  FIXTURES_REQUIRED seedkit_installed
  PASS_REGULAR_EXPRESSION "considered but not accepted")

# COMPONENTS: asking for record loads it alone; asking for an add-on the
# install lacks fails and names the installed ones.
if(TARGET seedkit::record)
  add_test(NAME consumer.find_package_components
           COMMAND "${CMAKE_CTEST_COMMAND}" --build-and-test
                   "${consumer_dir}/find_package_components" "${consumer_bin}/find_package_components"
                   --build-generator "${CMAKE_GENERATOR}"
                   --build-options ${consumer_options} "-DCMAKE_PREFIX_PATH=${consumer_prefix}"
                   --test-command consumer)
  set_tests_properties(consumer.find_package_components PROPERTIES FIXTURES_REQUIRED seedkit_installed)
  add_test(NAME consumer.find_package_missing_component
           COMMAND "${CMAKE_CTEST_COMMAND}" --build-and-test
                   "${consumer_dir}/find_package_components" "${consumer_bin}/find_package_missing"
                   --build-generator "${CMAKE_GENERATOR}"
                   --build-options ${consumer_options} "-DCMAKE_PREFIX_PATH=${consumer_prefix}"
                                   "-DSEEDKIT_COMPONENTS=record;no_such_addon")
  set_tests_properties(consumer.find_package_missing_component PROPERTIES
    FIXTURES_REQUIRED seedkit_installed
    PASS_REGULAR_EXPRESSION "installed without the 'no_such_addon' add-on")
endif()

add_test(NAME consumer.add_subdirectory
         COMMAND "${CMAKE_CTEST_COMMAND}" --build-and-test
                 "${consumer_dir}/add_subdirectory" "${consumer_bin}/add_subdirectory"
                 --build-generator "${CMAKE_GENERATOR}"
                 --build-options ${consumer_options}
                 --test-command consumer)

add_test(NAME consumer.fetchcontent
         COMMAND "${CMAKE_CTEST_COMMAND}" --build-and-test
                 "${consumer_dir}/fetchcontent" "${consumer_bin}/fetchcontent"
                 --build-generator "${CMAKE_GENERATOR}"
                 --build-options ${consumer_options}
                 --test-command consumer)

# Every add-on this build has, through all three routes: a vendored add-on
# must configure, build and run as the installed one does (the torch and MPI
# add-ons link imported targets, which are directory-scoped).
set(consumer_addons)
foreach(addon IN ITEMS record mpi torch)
  if(TARGET seedkit::${addon})
    list(APPEND consumer_addons ${addon})
  endif()
endforeach()
if(consumer_addons)
  string(REPLACE ";" "," consumer_addons_arg "${consumer_addons}")
  foreach(route IN ITEMS find_package add_subdirectory fetchcontent)
    add_test(NAME consumer.${route}_addons
             COMMAND "${CMAKE_CTEST_COMMAND}" --build-and-test
                     "${consumer_dir}/addons" "${consumer_bin}/${route}_addons"
                     --build-generator "${CMAKE_GENERATOR}"
                     --build-options ${consumer_options} "-DCMAKE_PREFIX_PATH=${consumer_prefix}"
                                     -DSEEDKIT_ROUTE=${route} "-DSEEDKIT_ADDONS=${consumer_addons_arg}"
                     --test-command consumer)
    set_tests_properties(consumer.${route}_addons PROPERTIES TIMEOUT 600)
  endforeach()
  set_tests_properties(consumer.find_package_addons PROPERTIES FIXTURES_REQUIRED seedkit_installed)
endif()

# The install rules hold for a build that made only some targets (the
# README's demo build): configure a fresh tree, build nothing, install.
add_test(NAME consumer.install_without_building
         COMMAND "${CMAKE_COMMAND}" "-DSOURCE=${PROJECT_SOURCE_DIR}"
                 "-DWORK=${consumer_bin}/install_without_building"
                 "-DCXX=${CMAKE_CXX_COMPILER}" -P "${consumer_dir}/install_without_building.cmake")

find_program(SEEDKIT_PKG_CONFIG pkg-config)
if(SEEDKIT_PKG_CONFIG)
  add_test(NAME consumer.pkg_config
           COMMAND "${CMAKE_COMMAND}" "-DPKG_CONFIG=${SEEDKIT_PKG_CONFIG}"
                   "-DPREFIX=${consumer_prefix}" "-DCXX=${CMAKE_CXX_COMPILER}"
                   "-DCXX_FLAGS=${CMAKE_CXX_FLAGS}"
                   "-DSOURCE=${consumer_dir}/consumer.cpp" "-DOUTPUT=${consumer_bin}/pkgconfig_consumer"
                   "-DRECORD_SOURCE=$<$<TARGET_EXISTS:seedkit::record>:${consumer_dir}/find_package_components/consumer_record.cpp>"
                   -P "${consumer_dir}/pkgconfig.cmake")
  set_tests_properties(consumer.pkg_config PROPERTIES FIXTURES_REQUIRED seedkit_installed)
else()
  message(STATUS "seedkit: pkg-config consumer test skipped: no pkg-config")
endif()

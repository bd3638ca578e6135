# Tests of the seedkit::manifest add-on: manifest, fingerprint, trace, fmt
# formatters and seedkit-diff. Each add-on header also compiles on its own.
if(NOT TARGET seedkit::manifest)
  message(STATUS "seedkit: manifest add-on tests skipped (SEEDKIT_ENABLE_MANIFEST is OFF)")
  return()
endif()

set(manifest_headers fingerprint.hpp manifest.hpp trace.hpp fmt.hpp detail/atomic_file.hpp)
set(manifest_selfcontained)
foreach(header IN LISTS manifest_headers)
  string(REGEX REPLACE "[/.]" "_" stem "${header}")
  set(tu "${CMAKE_CURRENT_BINARY_DIR}/selfcontained/addon_${stem}.cpp")
  file(CONFIGURE OUTPUT "${tu}" CONTENT
    "// Generated: proves seedkit/${header} is self-contained.\n#include \"seedkit/${header}\"\n#include \"seedkit/${header}\"\n")
  list(APPEND manifest_selfcontained "${tu}")
endforeach()
add_library(seedkit_manifest_selfcontained OBJECT ${manifest_selfcontained})
target_link_libraries(seedkit_manifest_selfcontained PRIVATE seedkit::manifest seedkit_warnings)

file(GLOB manifest_test_sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/manifest/test_*.cpp")
add_executable(seedkit_manifest_tests ${manifest_test_sources} $<TARGET_OBJECTS:seedkit_catch_main>)
target_link_libraries(seedkit_manifest_tests PRIVATE seedkit::manifest seedkit_warnings Catch2::Catch2)
target_compile_definitions(seedkit_manifest_tests PRIVATE
  SEEDKIT_TEST_BINARY_DIR="${CMAKE_CURRENT_BINARY_DIR}")
catch_discover_tests(seedkit_manifest_tests TEST_PREFIX "manifest.")

target_link_libraries(seedkit-diff PRIVATE seedkit_warnings)

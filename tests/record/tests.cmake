# Tests of the seedkit::record add-on: manifest, fingerprint, trace, fmt
# formatters and seedkit-diff. Each add-on header also compiles on its own.
if(NOT TARGET seedkit::record)
  message(STATUS "seedkit: manifest add-on tests skipped (SEEDKIT_ENABLE_RECORD is OFF)")
  return()
endif()

file(GLOB record_test_sources CONFIGURE_DEPENDS "${CMAKE_CURRENT_LIST_DIR}/test_*.cpp")
seedkit_add_suite(record SOURCES ${record_test_sources} LINK seedkit::record PREFIX "record.")

target_link_libraries(seedkit-diff PRIVATE seedkit_warnings)

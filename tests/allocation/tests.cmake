# The no-allocation test replaces the global operator new, so it is its own
# program, and it is left out of sanitizer builds (their runtimes replace
# operator new themselves).
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  message(STATUS "seedkit: no-allocation test skipped in a sanitizer build")
  return()
endif()
add_executable(seedkit_allocation_tests "${CMAKE_CURRENT_SOURCE_DIR}/allocation/test_no_allocation.cpp"
                                        $<TARGET_OBJECTS:seedkit_catch_main>)
target_link_libraries(seedkit_allocation_tests PRIVATE seedkit::seedkit seedkit_warnings Catch2::Catch2)
catch_discover_tests(seedkit_allocation_tests TEST_PREFIX "allocation.")

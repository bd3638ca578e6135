# The no-allocation test replaces the global operator new, so it is its own
# program, and it is left out of sanitizer builds (their runtimes replace
# operator new themselves).
if(CMAKE_CXX_FLAGS MATCHES "-fsanitize")
  message(STATUS "seedkit: no-allocation test skipped in a sanitizer build")
  return()
endif()
seedkit_add_suite(allocation SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_no_allocation.cpp"
                  LINK seedkit::seedkit)

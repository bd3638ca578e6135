# tests/permutation: seedkit::index_permutation against the golden values of
# its independent Python reference (tests/reference/index_permutation.py),
# bijection, inverse, sharding and resuming, and the statistical quality
# tests of docs/index_permutation.md, beside a TensorFlow-style peer
# (tests/support/tf_index_shuffle.hpp).
seedkit_add_suite(permutation
  SOURCES "${CMAKE_CURRENT_LIST_DIR}/test_index_permutation.cpp"
          "${CMAKE_CURRENT_LIST_DIR}/test_index_permutation_long.cpp"
  LINK seedkit::seedkit)

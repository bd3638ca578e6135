# The checked-in goldens are current: each independent Python reference
# (standard library only) is re-run and its output compared byte for byte
# with the file the C++ tests replay. One mechanism, one naming scheme:
# reference.<name>_is_current.
seedkit_add_reference_check(derive
  SCRIPT tests/reference/derive.py GOLDEN tests/reference/derive_golden.txt)
seedkit_add_reference_check(distributions
  SCRIPT tests/reference/distributions.py GOLDEN tests/reference/distributions_golden.txt)
seedkit_add_reference_check(ziggurat_tables
  SCRIPT tests/reference/ziggurat_tables.py GOLDEN include/seedkit/detail/ziggurat_tables.hpp)
seedkit_add_reference_check(data
  SCRIPT tests/reference/data.py GOLDEN tests/reference/data_golden.txt)
seedkit_add_reference_check(pairwise_sum
  SCRIPT tests/reference/pairwise_sum.py GOLDEN tests/reference/pairwise_sum_golden.txt)
seedkit_add_reference_check(math
  SCRIPT tests/reference/math.py GOLDEN tests/reference/math_golden.txt)
seedkit_add_reference_check(index_permutation
  SCRIPT tests/reference/index_permutation.py GOLDEN tests/reference/index_permutation_golden.txt)

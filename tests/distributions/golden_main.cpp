// Stand-alone golden check: argv[1] is the golden file, read by the one
// golden-file reader (tests/support/golden.hpp) and replayed by
// golden_checks.hpp. Built by tests/distributions/tests.cmake with several
// floating-point flag sets (-ffp-contract=off; -ffp-contract=fast with FMA
// instructions; -O0), so the same expected bits are checked in each; exit
// status 0 when every case matches.
#include <cstdio>

#include "golden_checks.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s distributions_golden.txt\n", argv[0]);
    return 2;
  }
#if defined(SEEDKIT_GOLDEN_NEEDS_FMA) && (defined(__GNUC__) || defined(__clang__)) && \
    (defined(__x86_64__) || defined(__i386__))
  if (!__builtin_cpu_supports("fma")) {
    std::printf("skipped: this CPU has no FMA instructions\n");
    return 77;
  }
#endif
  const golden::report r = golden::check_file(argv[1]);
  for (const auto& f : r.failures) std::fprintf(stderr, "FAIL %s\n", f.c_str());
  std::printf("%zu golden cases, %zu failed (%s)\n", r.cases, r.failures.size(),
              SEEDKIT_GOLDEN_FLAVOUR);
  return r.failures.empty() && r.cases > 100 ? 0 : 1;
}

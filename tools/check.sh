#!/usr/bin/env bash
# Builds and runs every test configuration, one after another:
#   dev           g++ -O2 C++17: the whole suite, examples, consumer tests,
#                 the MPI add-on (1-4 ranks), the CUDA compile test (when
#                 nvcc is present), the Python reference re-runs, benchmarks built
#   clang-libcxx  clang++ + libc++ -O3 -march=native -ffp-contract=fast, C++20
#   asan          g++ ASan + UBSan, C++20
#   tsan          clang++ ThreadSanitizer, C++17
# Then the fuzz targets (tests/fuzz/run.sh 15: libFuzzer under ASan + UBSan,
# 15 s per target) when clang++ and libclang-rt-14-dev are installed.
# First, every C++ source must match .clang-format (clang-format 14; the
# generated ziggurat tables are exempt: a Python reference writes them).
# Usage: tools/check.sh [preset...]   (default: all four)
set -euo pipefail
cd "$(dirname "$0")/.."

presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(dev clang-libcxx asan tsan)

if ! command -v nvcc >/dev/null 2>&1 && [ ! -x /usr/local/cuda/bin/nvcc ]; then
  echo "seedkit: CUDA device-code test skipped: no nvcc"
fi

failed=()
format_check() {
  local fmt
  fmt=$(command -v clang-format-14 || command -v clang-format || true)
  if [ -z "${fmt}" ]; then
    echo "seedkit: format check skipped: no clang-format (apt-get install clang-format)"
    return 0
  fi
  local bad
  bad=$(git ls-files '*.hpp' '*.cpp' '*.cu' ':!include/seedkit/detail/ziggurat_tables.hpp' |
        xargs "${fmt}" --dry-run 2>&1 | grep -c 'warning:' || true)
  if [ "${bad}" != "0" ]; then
    echo "=== format: FAILED (${bad} places differ from .clang-format; run: git ls-files '*.hpp' '*.cpp' '*.cu' | xargs ${fmt} -i) ==="
    return 1
  fi
  echo "=== format: passed ==="
}
if [ -d .git ] || git rev-parse --git-dir >/dev/null 2>&1; then
  format_check || failed+=("format")
fi

for preset in "${presets[@]}"; do
  echo "=== seedkit: workflow preset '${preset}' ==="
  start=$(date +%s)
  if cmake --workflow --preset "${preset}"; then
    echo "=== ${preset}: passed in $(( $(date +%s) - start )) s ==="
  else
    echo "=== ${preset}: FAILED ==="
    failed+=("${preset}")
  fi
done

# The CUDA add-on (SEEDKIT_ENABLE_CUDA, default OFF) joins the dev build when
# the toolkit is here: its host tests and the cuDNN helpers' tests (when
# cuDNN is found) run, its device code and benchmarks compile (and run where
# a GPU is present), and the consumer tests find the exported seedkit::cuda.
# Its host tests also run under ASan + UBSan (the asan build gains only the
# CUDA test programs; nvcc's compile tests run once, in dev).
have_nvcc() { command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; }
cuda_step() {  # name, preset, ctest arguments...
  local name=$1 preset=$2
  shift 2
  echo "=== seedkit: ${name} ==="
  presets+=("${name}")
  local start
  start=$(date +%s)
  if cmake --preset "${preset}" -DSEEDKIT_ENABLE_CUDA=ON >/dev/null &&
     cmake --build --preset "${preset}" &&
     ctest --preset "${preset}" "$@" ; then
    echo "=== ${name}: passed in $(( $(date +%s) - start )) s ==="
  else
    echo "=== ${name}: FAILED ==="
    failed+=("${name}")
  fi
}
if have_nvcc; then
  if [[ " ${presets[*]} " == *" dev "* ]]; then
    cuda_step "dev+cuda" dev -R "cuda|cudnn|consumer"
  fi
  if [[ " ${presets[*]} " == *" asan "* ]]; then
    cuda_step "asan+cuda" asan -R "cuda_addon\\.|cudnn_addon\\." -E "compile|run_device"
  fi
else
  echo "seedkit: CUDA add-on skipped: no nvcc"
fi

# The fuzz targets (tests/fuzz: libFuzzer under ASan + UBSan, one per input
# surface), 15 s each on their seed corpora, when clang++ and its libFuzzer
# (Debian libclang-rt-14-dev) are here. Long runs: tests/fuzz/run.sh 600.
have_libfuzzer() {
  command -v clang++ >/dev/null 2>&1 || return 1
  local dir
  dir=$(mktemp -d)
  printf '%s\n' 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
    >"${dir}/probe.cpp"
  clang++ -fsanitize=fuzzer,address,undefined "${dir}/probe.cpp" -o "${dir}/probe" >/dev/null 2>&1
  local ok=$?
  rm -rf "${dir}"
  return ${ok}
}
if have_libfuzzer; then
  echo "=== seedkit: fuzz (tests/fuzz/run.sh 15) ==="
  presets+=("fuzz")
  start=$(date +%s)
  if tests/fuzz/run.sh 15; then
    echo "=== fuzz: passed in $(( $(date +%s) - start )) s ==="
  else
    echo "=== fuzz: FAILED ==="
    failed+=("fuzz")
  fi
else
  echo "seedkit: fuzz targets skipped: no clang++ with libFuzzer (apt-get install clang libclang-rt-14-dev)"
fi

total=${#presets[@]}
echo "configurations: $(( total - ${#failed[@]} )) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]

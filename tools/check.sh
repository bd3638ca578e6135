#!/usr/bin/env bash
# Builds and runs every test configuration, one after another:
#   dev           g++ -O2 C++17: the whole suite, examples, consumer tests,
#                 the MPI add-on (1-4 ranks), the CUDA compile test (when
#                 nvcc is present), the Python reference re-runs, benchmarks built
#   clang-libcxx  clang++ + libc++ -O3 -march=native -ffp-contract=fast, C++20
#   asan          g++ ASan + UBSan, C++20
#   tsan          clang++ ThreadSanitizer, C++17
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

total=${#presets[@]}
echo "configurations: $(( total - ${#failed[@]} )) passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]

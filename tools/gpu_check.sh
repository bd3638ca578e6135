#!/usr/bin/env bash
# The CUDA add-on on a machine with an NVIDIA GPU, in one command:
# compiles the device tests (tests/cuda_addon/test_cuda_device.cu,
# tests/cuda/test_device_engines.cu) and the benchmarks (bench/bench_cuda.cu)
# with nvcc and the flags ctest uses, runs the tests, runs the benchmarks into
# <build-dir>/bench_cuda.json and prints bench/gpu_summary.py's table of
# ratios against the targets. Without a GPU it still compiles everything and
# says that nothing ran. docs/cuda-benchmarks.md explains what is timed.
#
# Usage: tools/gpu_check.sh [build-dir]        (default: build/gpu-check)
# Environment:
#   NVCC               the nvcc to use (default: nvcc on PATH, then
#                      $CUDA_HOME/bin/nvcc, then /usr/local/cuda/bin/nvcc)
#   SEEDKIT_CUDA_ARCH  the -arch value (default: native when a GPU is present,
#                      sm_90 if nvcc rejects native; sm_75 without a GPU)
#   SEEDKIT_BENCH_ARGS extra arguments for bench_cuda, split on spaces, e.g.
#                      "--benchmark_repetitions=5" (the summary then uses medians)
#
# Exit status:
#   0  a GPU ran everything: device tests passed, every performance target met
#   1  a compile step failed (or bad usage)
#   2  a GPU ran it, but a device test failed, the benchmark run failed or
#      reported an error, or its output could not be summarized (no python3)
#   3  no GPU (cudaGetDeviceCount found none, or no nvidia-smi): everything
#      compiled, device tests and benchmarks not run
#   4  no nvcc: nothing done
#   5  a GPU ran everything and the device tests passed, but at least one
#      performance target is NOT met (see the table)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

if [ $# -gt 1 ]; then
  echo "usage: $0 [build-dir]" >&2
  exit 1
fi

# --- nvcc ----------------------------------------------------------------------
nvcc=${NVCC:-}
if [ -z "${nvcc}" ]; then
  if command -v nvcc >/dev/null 2>&1; then
    nvcc=$(command -v nvcc)
  elif [ -n "${CUDA_HOME:-}" ] && [ -x "${CUDA_HOME}/bin/nvcc" ]; then
    nvcc=${CUDA_HOME}/bin/nvcc
  elif [ -x /usr/local/cuda/bin/nvcc ]; then
    nvcc=/usr/local/cuda/bin/nvcc
  fi
fi
if [ -n "${nvcc}" ] && [ ! -x "${nvcc}" ]; then
  echo "gpu_check: no nvcc: ${nvcc} (from \$NVCC) is not an executable: nothing compiled or run"
  exit 4
elif [ -z "${nvcc}" ]; then
  echo "gpu_check: no nvcc (looked at \$NVCC, PATH, \$CUDA_HOME/bin, /usr/local/cuda/bin):" \
       "nothing compiled or run"
  exit 4
fi
echo "gpu_check: nvcc: ${nvcc} ($("${nvcc}" --version | tail -n 1))"

build=${1:-"${root}/build/gpu-check"}
mkdir -p "${build}"
build=$(cd "${build}" && pwd)
echo "gpu_check: build directory: ${build}"

# --- is there a GPU? ---------------------------------------------------------------
# Both must agree: nvidia-smi lists a GPU and cudaGetDeviceCount finds one.
have_gpu=1
why_no_gpu=()
if command -v nvidia-smi >/dev/null 2>&1; then
  if gpus=$(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1); then
    while IFS= read -r line; do
      echo "gpu_check: nvidia-smi: GPU: ${line} (name, driver, memory)"
    done <<<"${gpus}"
  else
    have_gpu=0
    why_no_gpu+=("nvidia-smi failed: ${gpus}")
  fi
else
  have_gpu=0
  why_no_gpu+=("no nvidia-smi")
fi

probe_src=${build}/gpu_probe.cu
cat >"${probe_src}" <<'EOF'
// Written by tools/gpu_check.sh: prints the CUDA device count and the status
// of cudaGetDeviceCount.
#include <cstdio>
#include <cuda_runtime.h>
int main() {
  int n = 0;
  const cudaError_t e = cudaGetDeviceCount(&n);
  std::printf("%d %s\n", e == cudaSuccess ? n : 0, cudaGetErrorName(e));
  return 0;
}
EOF
if ! "${nvcc}" -std=c++17 -O1 "${probe_src}" -o "${build}/gpu_probe"; then
  echo "gpu_check: FAILED to compile the device-count probe with ${nvcc}"
  exit 1
fi
probe_out=$("${build}/gpu_probe" 2>&1) || true
read -r device_count probe_status <<<"${probe_out}"
if ! [[ "${device_count:-}" =~ ^[0-9]+$ ]]; then
  probe_status="the probe printed '${probe_out}'"
  device_count=0
fi
echo "gpu_check: cudaGetDeviceCount: ${device_count} device(s) (${probe_status})"
if [ "${device_count}" -eq 0 ]; then
  have_gpu=0
  why_no_gpu+=("cudaGetDeviceCount found no device (${probe_status})")
fi

# --- compile -------------------------------------------------------------------------
if [ -n "${SEEDKIT_CUDA_ARCH:-}" ]; then
  arch=${SEEDKIT_CUDA_ARCH}
elif [ "${have_gpu}" -eq 1 ]; then
  if "${nvcc}" -std=c++17 -O1 -arch=native "${probe_src}" -o "${build}/gpu_probe_native" \
       >"${build}/arch_native.log" 2>&1; then
    arch=native
  else
    echo "gpu_check: nvcc -arch=native failed (see ${build}/arch_native.log); using sm_90"
    arch=sm_90
  fi
else
  arch=sm_75  # compile only, as ctest does
fi
echo "gpu_check: -arch=${arch}"

# The flags of tests/cuda_addon/tests.cmake and tests/cuda/cuda_compile.cmake.
flags=(-std=c++17 -O2 "-arch=${arch}" -Werror all-warnings "-Xcompiler=-Wall,-Wextra,-Werror"
       -I "${root}/include")

compile() {  # compile NAME SOURCE [LIBS...]
  local name=$1 source=$2
  shift 2
  echo "gpu_check: compiling ${name}"
  if ! "${nvcc}" "${flags[@]}" "${source}" -o "${build}/${name}" "$@"; then
    echo "gpu_check: FAILED to compile ${source}"
    exit 1
  fi
}
compile test_cuda_device "${root}/tests/cuda_addon/test_cuda_device.cu" -lcurand -lcublas
compile test_device_engines "${root}/tests/cuda/test_device_engines.cu"
compile bench_cuda "${root}/bench/bench_cuda.cu" -lcurand -lcublas -lbenchmark -lpthread

if [ "${have_gpu}" -eq 0 ]; then
  for why in "${why_no_gpu[@]}"; do echo "gpu_check: ${why}"; done
  echo "no GPU: device tests and benchmarks compiled but not run"
  exit 3
fi

# --- run the device tests --------------------------------------------------------------
failed=()
for test in test_cuda_device test_device_engines; do
  echo "=== gpu_check: ${test} ==="
  if "${build}/${test}"; then
    echo "=== ${test}: passed ==="
  else
    echo "=== ${test}: FAILED (exit $?) ==="
    failed+=("${test}")
  fi
done

# --- run the benchmarks and summarize -------------------------------------------------------
extra=()
if [ -n "${SEEDKIT_BENCH_ARGS:-}" ]; then
  read -r -a extra <<<"${SEEDKIT_BENCH_ARGS}"
fi
json=${build}/bench_cuda.json
rm -f "${json}"
echo "=== gpu_check: bench_cuda ==="
if ! "${build}/bench_cuda" "--benchmark_out=${json}" --benchmark_out_format=json \
     ${extra[@]+"${extra[@]}"}; then
  echo "=== bench_cuda: FAILED (exit status) ==="
  failed+=("bench_cuda")
fi

summary_status=2
if [ ! -s "${json}" ]; then
  echo "gpu_check: no benchmark output in ${json}"
elif ! command -v python3 >/dev/null 2>&1; then
  echo "gpu_check: no python3: cannot summarize ${json}"
else
  echo "=== gpu_check: summary (also in ${build}/summary.txt) ==="
  set +e
  python3 "${root}/bench/gpu_summary.py" "${json}" | tee "${build}/summary.txt"
  summary_status=${PIPESTATUS[0]}
  set -e
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "gpu_check: FAILED: ${failed[*]}"
  exit 2
fi
case "${summary_status}" in
  0) echo "gpu_check: device tests passed; every performance target met"; exit 0 ;;
  1) echo "gpu_check: device tests passed; some performance target NOT met"; exit 5 ;;
  *) echo "gpu_check: the benchmark results could not be summarized (see above)"; exit 2 ;;
esac

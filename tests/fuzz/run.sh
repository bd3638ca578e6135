#!/usr/bin/env bash
# Builds seedkit's fuzz targets (tests/fuzz, clang++ libFuzzer under ASan +
# UBSan) into build/fuzz and runs each for SECONDS seconds on a copy of its
# seed corpus (build/fuzz/corpus/<surface>; new inputs go there, never into
# tests/fuzz/corpus). Prints one line per target: its executions, and "ok"
# or the file holding the crashing input (build/fuzz/artifacts/<surface>/),
# with its log beside it. Exits 1 if any target found a crash, a leak, a
# timeout or an out-of-memory, 2 on a usage or build error.
#
# Usage: tests/fuzz/run.sh SECONDS [SURFACE...]
#   tests/fuzz/run.sh 15                 what tools/check.sh runs
#   tests/fuzz/run.sh 600                a long run: 10 minutes per target
#   tests/fuzz/run.sh 3600 manifest      one target for an hour
# FUZZ_JOBS sets the build's parallelism (default 2), FUZZ_BUILD the build
# directory (default build/fuzz). A crash reproduces
# with build/fuzz/fuzz_<surface> <crash file> (tests/fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ $# -lt 1 ] || ! [[ "$1" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ]; then
  echo "usage: tests/fuzz/run.sh SECONDS [SURFACE...]   (seconds per target, at least 1)" >&2
  exit 2
fi
secs=$1
shift

build=${FUZZ_BUILD:-build/fuzz}
surfaces=("$@")
if [ ${#surfaces[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do
    s=$(basename "$f" .cpp)
    surfaces+=("${s#fuzz_}")
  done
fi
for s in "${surfaces[@]}"; do
  if [ ! -f "tests/fuzz/fuzz_${s}.cpp" ]; then
    echo "tests/fuzz/run.sh: no fuzz target \"${s}\" (tests/fuzz/fuzz_${s}.cpp)" >&2
    exit 2
  fi
done

targets=()
for s in "${surfaces[@]}"; do targets+=("fuzz_${s}"); done
mkdir -p "${build}"
# One run at a time in build/fuzz: a second run (another checkout's
# tools/check.sh, say) would delete this one's corpus copies and artifacts.
if command -v flock >/dev/null 2>&1; then
  exec 9>"${build}/run.lock"
  if ! flock -n 9; then
    echo "tests/fuzz/run.sh: waiting for another run in ${build} to finish" >&2
    flock 9
  fi
fi
if ! cmake -S tests/fuzz -B "${build}" -DCMAKE_CXX_COMPILER=clang++ >"${build}/configure.log" 2>&1; then
  cat "${build}/configure.log" >&2
  echo "tests/fuzz/run.sh: configuring ${build} failed" >&2
  exit 2
fi
# A target whose dependency is missing (fuzz_rng_checkpoint without
# libtorch) is not defined: skip it, saying so.
kept=()
for s in "${surfaces[@]}"; do
  if grep -qx "fuzz_${s}" "${build}/targets.txt"; then
    kept+=("${s}")
  else
    echo "tests/fuzz/run.sh: fuzz_${s} skipped: not defined here (${build}/configure.log says why)"
  fi
done
surfaces=("${kept[@]}")
targets=()
for s in "${surfaces[@]}"; do targets+=("fuzz_${s}"); done
if [ ${#targets[@]} -eq 0 ]; then
  echo "tests/fuzz/run.sh: no fuzz target to run" >&2
  exit 2
fi
if ! cmake --build "${build}" -j "${FUZZ_JOBS:-2}" --target "${targets[@]}"; then
  echo "tests/fuzz/run.sh: building the fuzz targets failed" >&2
  exit 2
fi

# Halt on the first UBSan report with a stack (the build already makes every
# check fatal); keep any options the caller set.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=0
summary=()
for s in "${surfaces[@]}"; do
  corpus="${build}/corpus/${s}"
  artifacts="${build}/artifacts/${s}"
  log="${build}/logs/${s}.log"
  rm -rf "${corpus}" "${artifacts}"
  mkdir -p "${corpus}" "${artifacts}" "${build}/logs"
  if [ -d "tests/fuzz/corpus/${s}" ]; then
    cp -R "tests/fuzz/corpus/${s}/." "${corpus}/"
  fi
  echo "=== fuzz_${s}: ${secs} s ==="
  rc=0
  "${build}/fuzz_${s}" -max_total_time="${secs}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="${artifacts}/" "${corpus}" >"${log}" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "${log}" | tail -n 1)
  if [ -z "${execs}" ]; then  # a crash ends the run before the final stats
    execs=$(grep -o '^#[0-9]*' "${log}" | tail -n 1 | tr -d '#' || true)
  fi
  crash=$(find "${artifacts}" -type f -print -quit)
  if [ "${rc}" -eq 0 ] && [ -z "${crash}" ]; then
    summary+=("fuzz_${s}: ${execs:-0} executions, ok")
  elif [ "${rc}" -eq 72 ] && [ -z "${crash}" ]; then  # libFuzzer's exit code for SIGINT/SIGTERM
    failed=1
    summary+=("fuzz_${s}: ${execs:-?} executions, INTERRUPTED (a signal stopped it); log ${log}")
  else
    failed=1
    summary+=("fuzz_${s}: ${execs:-?} executions, CRASH ${crash:-(no input saved, exit ${rc})}; log ${log}")
    grep -m 3 -E 'seedkit fuzz FINDING|ERROR: |runtime error|terminate called' "${log}" | sed 's/^/    /' || true
  fi
done

echo "=== fuzz summary (${secs} s per target) ==="
printf '%s\n' "${summary[@]}"
exit "${failed}"

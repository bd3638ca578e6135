#!/usr/bin/env python3
"""Summarize bench_cuda's Google Benchmark JSON as the ratios docs/cuda-benchmarks.md defines.

Usage:
  bench/gpu_summary.py BENCH.json                  print the table
  bench/gpu_summary.py BENCH.json --expect KEY=VALUE[:STATUS] ...
                                                   also compare rows with expected values
  bench/gpu_summary.py --names FILE                check a list of benchmark names
                                                   (bench_cuda --benchmark_list_tests; '-' = stdin)

Rows, per size (all ratios are throughputs, bytes_per_second over bytes_per_second,
so with equal bytes they are inverse time ratios):
  fill@B         BM_fill_seedkit / BM_fill_curand at B bytes written     target >= 0.9
  fill_legacy@B  BM_fill_seedkit / BM_fill_curand_legacy                 info
  sum_double@N   BM_device_sum<double> / BM_cub_sum<double> at N terms   target >= 0.8
  sum_float@N    BM_device_sum<float> / BM_cub_sum<float>                target >= 0.8
  bw_sum_double@N, bw_sum_float@N, bw_cub_double@N, bw_cub_float@N, bw_fill@B
                 bytes read (sums) or written (fill) per second divided by
                 the copy bandwidth of BM_memcpy_d2d at the same byte count,
                 which counts read + write bytes                          info

A target is met when ratio >= target (with a relative tolerance of 1e-9, so
a ratio of exactly 0.9 meets 0.9). An expectation KEY=VALUE compares VALUE
with the ratio printed to three decimals; an optional :STATUS is one of
met, NOT_met, info.

Exit status: 0 every target met (with --expect: every expectation holds;
with --names: every comparison has both of its benchmarks); 1 some target
NOT met (with --expect: some expectation failed); 2 unusable input: the file
cannot be read, a benchmark reported an error, a comparison lacks one of its
two benchmarks, or nothing to compare. Standard library only.
"""

import argparse
import json
import re
import sys

NAME_RE = re.compile(r"^(BM_[A-Za-z0-9_<>]+)/(bytes|n):(\d+)(?:/|$)")
MET_TOLERANCE = 1e-9
SIZEOF = {"double": 8, "float": 4}


class InputError(Exception):
    pass


def parse_name(name):
    """(base, size) for a bench_cuda benchmark name, or None."""
    m = NAME_RE.match(name)
    if not m:
        return None
    return m.group(1), int(m.group(3))


def load_results(path):
    """{(base, size): {"bps": float or None, "error": str or None}} and the context."""
    try:
        with (sys.stdin if path == "-" else open(path, encoding="utf-8")) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read {path}: {e}") from e
    entries = doc.get("benchmarks")
    if not isinstance(entries, list):
        raise InputError(f"{path}: no 'benchmarks' list (not Google Benchmark JSON?)")
    medians, iterations, errors = {}, {}, {}
    for b in entries:
        run_name = b.get("run_name", b.get("name", ""))
        parsed = parse_name(run_name)
        if parsed is None:
            continue
        if b.get("error_occurred"):
            errors[parsed] = b.get("error_message", "error")
            continue
        bps = b.get("bytes_per_second")
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median" and bps is not None:
                medians[parsed] = float(bps)
        elif bps is not None:
            iterations.setdefault(parsed, []).append(float(bps))
    results = {}
    for key, values in iterations.items():
        results[key] = {"bps": sum(values) / len(values), "error": None}
    for key, bps in medians.items():  # repetitions: the median wins
        results[key] = {"bps": bps, "error": None}
    for key, message in errors.items():
        results[key] = {"bps": None, "error": message}
    return results, doc.get("context", {})


def comparisons(keys):
    """The rows for the (base, size) keys present: (row key, label, size text,
    numerator, denominator, target or None)."""
    rows = []

    def sizes(base):
        return sorted(size for b, size in keys if b == base)

    def mib(nbytes):
        return f"{nbytes / (1 << 20):g} MiB"

    def pow2(n):
        return f"n=2^{n.bit_length() - 1}" if n & (n - 1) == 0 else f"n={n}"

    for b in sizes("BM_fill_seedkit"):
        ours = ("BM_fill_seedkit", b)
        rows.append((f"fill@{b}", "stream_fill / curandGenerate (Philox, default)", mib(b),
                     ours, ("BM_fill_curand", b), 0.9))
        rows.append((f"fill_legacy@{b}", "stream_fill / curandGenerate (Philox, LEGACY)", mib(b),
                     ours, ("BM_fill_curand_legacy", b), None))
    for t in ("double", "float"):
        for n in sizes(f"BM_device_sum<{t}>"):
            rows.append((f"sum_{t}@{n}", f"device_sum<{t}> / cub::DeviceReduce::Sum", pow2(n),
                         (f"BM_device_sum<{t}>", n), (f"BM_cub_sum<{t}>", n), 0.8))
    for t in ("double", "float"):
        for n in sizes(f"BM_device_sum<{t}>"):
            copy = ("BM_memcpy_d2d", n * SIZEOF[t])
            rows.append((f"bw_sum_{t}@{n}", f"device_sum<{t}> bandwidth / copy bandwidth",
                         pow2(n), (f"BM_device_sum<{t}>", n), copy, None))
            rows.append((f"bw_cub_{t}@{n}", f"CUB Sum<{t}> bandwidth / copy bandwidth",
                         pow2(n), (f"BM_cub_sum<{t}>", n), copy, None))
    for b in sizes("BM_fill_seedkit"):
        rows.append((f"bw_fill@{b}", "stream_fill bandwidth / copy bandwidth", mib(b),
                     ("BM_fill_seedkit", b), ("BM_memcpy_d2d", b), None))
    return rows


def evaluate(results):
    """[(row key, label, size, ratio text, target text, status)] and whether
    the input was complete."""
    table, complete = [], True
    for key, label, size, num, den, target in comparisons(results.keys()):
        target_text = f">= {target:g}" if target is not None else "-"
        problem = None
        for side in (num, den):
            if side not in results:
                problem = f"missing {side[0]} at {side[1]}"
            elif results[side]["error"] is not None:
                problem = f"{side[0]} at {side[1]}: {results[side]['error']}"
            if problem:
                break
        if problem is None and not results[den]["bps"]:
            problem = f"{den[0]} at {den[1]} has zero throughput"
        if problem:
            complete = False
            table.append((key, label, size, "-", target_text, f"ERROR ({problem})"))
            continue
        ratio = results[num]["bps"] / results[den]["bps"]
        if target is None:
            status = "info"
        elif ratio >= target * (1 - MET_TOLERANCE):
            status = "met"
        else:
            status = "NOT met"
        table.append((key, label, size, f"{ratio:.3f}", target_text, status))
    return table, complete


def print_table(table):
    header = ("key", "comparison", "size", "ratio", "target", "result")
    widths = [max(len(r[i]) for r in [header] + table) for i in range(len(header) - 1)]
    for row in [header] + table:
        cells = [row[i].ljust(widths[i]) for i in range(len(widths))] + [row[-1]]
        print("  ".join(cells).rstrip())


def check_expectations(table, expectations):
    by_key = {row[0]: row for row in table}
    failures = 0
    for text in expectations:
        key, sep, want = text.partition("=")
        if not sep:
            print(f"expect {text}: malformed (use KEY=VALUE[:STATUS])")
            failures += 1
            continue
        want_ratio, _, want_status = want.partition(":")
        row = by_key.get(key)
        if row is None:
            print(f"expect {key}: MISMATCH (no such row)")
            failures += 1
            continue
        got_status = row[5].replace(" ", "_")
        ok = row[3] == want_ratio and (not want_status or got_status == want_status)
        shown = f"{row[3]}:{got_status}"
        print(f"expect {key}={want}: {'ok' if ok else 'MISMATCH (got ' + shown + ')'}")
        failures += 0 if ok else 1
    print(f"expectations: {len(expectations) - failures} ok, {failures} failed")
    return failures == 0


def check_names(path):
    try:
        with (sys.stdin if path == "-" else open(path, encoding="utf-8")) as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e}") from e
    keys = {p for p in (parse_name(line.strip()) for line in lines) if p is not None}
    rows = comparisons(keys)
    missing = [(key, side) for key, _, _, num, den, _ in rows for side in (num, den)
               if side not in keys]
    for key, side in missing:
        print(f"names: {key} needs {side[0]} at {side[1]}, which is not listed")
    targeted = {row[0].split("@")[0] for row in rows if row[5] is not None}
    for needed in ("fill", "sum_double", "sum_float"):
        if needed not in targeted:
            print(f"names: no {needed} comparison can be formed")
            missing.append((needed, None))
    print(f"names: {len(keys)} benchmarks, {len(rows)} comparisons, "
          f"{'all complete' if not missing else str(len(missing)) + ' problem(s)'}")
    return 0 if not missing else 2


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", nargs="?", help="bench_cuda --benchmark_out JSON file ('-' = stdin)")
    parser.add_argument("--expect", action="append", default=[], metavar="KEY=VALUE[:STATUS]",
                        help="expected ratio (three decimals) and optionally status of a row")
    parser.add_argument("--names", metavar="FILE",
                        help="check that benchmark names (one per line) form every comparison")
    args = parser.parse_args(argv)
    try:
        if args.names is not None:
            return check_names(args.names)
        if args.json is None:
            parser.error("a JSON file (or --names) is required")
        results, context = load_results(args.json)
    except InputError as e:
        print(f"gpu_summary: {e}")
        return 2

    print(f"seedkit CUDA benchmark summary ({args.json})")
    if "cuda_device" in context:
        print(f"device: {context.get('cuda_device')}, compute capability "
              f"{context.get('cuda_compute_capability', '?')}, "
              f"{context.get('cuda_global_memory_mib', '?')} MiB; CUDA driver "
              f"{context.get('cuda_driver_version', '?')}, runtime "
              f"{context.get('cuda_runtime_version', '?')}")
    table, complete = evaluate(results)
    if not table:
        print("gpu_summary: no bench_cuda benchmarks in the input")
        return 2
    print_table(table)
    not_met = sum(1 for row in table if row[5] == "NOT met")
    met = sum(1 for row in table if row[5] == "met")
    print(f"targets: {met} met, {not_met} NOT met"
          + ("" if complete else "; some comparisons could not be made (ERROR)"))
    if args.expect:
        return 0 if check_expectations(table, args.expect) else 1
    if not complete:
        return 2
    return 0 if not_met == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

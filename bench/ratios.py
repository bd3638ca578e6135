#!/usr/bin/env python3
"""Turns Google Benchmark JSON output into the ratio tables of docs/performance.md.

Usage:
  bench/ratios.py PAIRS [PAIRS ...] --run LABEL=RESULT.json [--run LABEL=RESULT.json ...]

Each PAIRS file holds one ratio per line, tab-separated:
  label <TAB> numerator benchmark <TAB> denominator benchmark [<TAB> target]
('#' starts a comment). A ratio is the numerator's throughput over the
denominator's (items or bytes per second when both report them, else the
inverse ratio of real times): above 1, the numerator is faster. The target,
if given, is the least ratio wanted ("≥ 3.0"). Where a run has repetitions
(--benchmark_repetitions), the medians are used. Each --run is one column,
e.g. -O2 and native: ratios are only ever taken within one run.
Standard library only.
"""
import argparse
import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    rows = {}
    medians = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[b["run_name"]] = b
        else:
            rows.setdefault(b.get("run_name", b["name"]), []).append(b)
    out = {}
    for name, runs in rows.items():
        out[name] = medians.get(name, runs[len(runs) // 2])
    for name, b in medians.items():
        out.setdefault(name, b)
    return out


def throughput(b):
    for key in ("items_per_second", "bytes_per_second"):
        if key in b:
            return key, float(b[key])
    return "time", 1.0 / float(b["real_time"])


def ratio(results, num, den):
    if num not in results or den not in results:
        return None
    kn, tn = throughput(results[num])
    kd, td = throughput(results[den])
    if kn != kd:  # different counters: compare times
        tn, td = 1.0 / float(results[num]["real_time"]), 1.0 / float(results[den]["real_time"])
    return tn / td


def read_pairs(path):
    pairs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) not in (3, 4):
                sys.exit(f"{path}:{n}: expected 3 or 4 tab-separated columns, got {len(cols)}")
            target = float(cols[3]) if len(cols) == 4 and cols[3].strip() else None
            pairs.append((cols[0].strip(), cols[1].strip(), cols[2].strip(), target))
    return pairs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pairs", nargs="+")
    ap.add_argument("--run", action="append", required=True, metavar="LABEL=JSON")
    args = ap.parse_args()
    runs = []
    for spec in args.run:
        label, sep, path = spec.partition("=")
        if not sep:
            sys.exit(f"--run {spec}: expected LABEL=RESULT.json")
        runs.append((label, load(path)))
    header = "| ratio | target | " + " | ".join(label for label, _ in runs) + " |"
    print(header)
    print("|" + "---|" * (2 + len(runs)))
    for path in args.pairs:
        for label, num, den, target in read_pairs(path):
            cells = []
            for _, results in runs:
                r = ratio(results, num, den)
                if r is None:
                    cells.append("—")
                elif target is None:
                    cells.append(f"{r:.2f}")
                else:
                    cells.append(f"{r:.2f}" if r >= target else f"**{r:.2f}** (missed)")
            t = f"≥ {target:g}" if target is not None else ""
            print(f"| {label} | {t} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

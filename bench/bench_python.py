#!/usr/bin/env python3
"""Speed of seedkit's Python module against its peers, in one run.

Usage: PYTHONPATH=build/dev/python /usr/bin/python3 bench/bench_python.py [C++ fill rate GB/s]

Reports medians of 7 repetitions (timeit): stream.fill(10**6) in GB/s (and
its ratio to a C++ fill rate given on the command line, from
bench_streams), numpy's PCG64 random_raw for comparison, exact_sum against
math.fsum and np.sum on 10**6 doubles. Shared machines are noisy: compare
ratios from one run, never absolute times across runs.
"""
import math
import statistics
import sys
import timeit

import numpy as np

import seedkit


def median_seconds(stmt, number):
    times = timeit.repeat(stmt, number=number, repeat=7)
    return statistics.median(times) / number


def main():
    n = 10**6
    s = seedkit.stream(seedkit.key(1) / "bench")
    fill = median_seconds(lambda: s.fill(n), 20)
    pcg = np.random.PCG64(1)
    raw = median_seconds(lambda: pcg.random_raw(n), 20)
    x = np.random.default_rng(2).standard_normal(n) * 1e10
    exact = median_seconds(lambda: seedkit.exact_sum(x), 20)
    fsum = median_seconds(lambda: math.fsum(x), 3)
    npsum = median_seconds(lambda: np.sum(x), 50)
    gbs = 8 * n / fill / 1e9
    print(f"stream.fill(1e6): {gbs:.2f} GB/s; numpy PCG64.random_raw: {8 * n / raw / 1e9:.2f} GB/s"
          f" (seedkit {raw / fill:.2f}x)")
    if len(sys.argv) > 1:
        print(f"  against the C++ fill rate {sys.argv[1]} GB/s: {gbs / float(sys.argv[1]):.2f}x")
    print(f"exact_sum(1e6): {exact * 1e3:.3f} ms; math.fsum {fsum * 1e3:.1f} ms "
          f"(exact_sum {fsum / exact:.1f}x faster); np.sum {npsum * 1e3:.3f} ms "
          f"(exact_sum at {npsum / exact:.2f}x np.sum)")


if __name__ == "__main__":
    main()

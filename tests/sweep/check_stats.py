#!/usr/bin/env python3
"""Checks seedkit-sweep's statistics in a sweep.json against scipy and numpy.

Usage: check_stats.py sweep.json
For every metric: mean, sd (ddof 1), se, the 95% Student t interval
(its quantile's scipy.stats.t.cdf is 0.975), median (numpy.median), interquartile mean
(scipy.stats.trim_mean(x, 0.25)), min and max, to a relative 1e-12; the
bootstrap interval lies within [min, max] around the mean, its half-width
within 0.25 to 1.5 times the t interval's (scipy.stats.bootstrap uses another
random source, so its bits cannot be compared).
"""
import json
import sys

import numpy
import scipy.stats


def close(a, b, what):
    if abs(a - b) > 1e-12 * max(1.0, abs(b)):
        raise SystemExit(f"{what}: seedkit-sweep {a!r}, scipy/numpy {b!r}")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        report = json.load(f)
    # A plain sweep's metrics, each arm's (--vary-each, --compare) and the
    # paired differences (--compare).
    groups = [report["metrics"]] if "metrics" in report else []
    groups += [a["metrics"] for a in report.get("arms", [])]
    if "paired" in report:
        groups.append(report["paired"])
        a, b = report["arms"]
        for name, p in report["paired"].items():
            xa = [r["metrics"][name] for r in a["runs"] if r["ok"]]
            xb = [r["metrics"][name] for r in b["runs"] if r["ok"]]
            close(p["correlation"], float(scipy.stats.pearsonr(xa, xb)[0]), f"{name} correlation")
            d = numpy.array(xb) - numpy.array(xa)
            close(p["mean"], float(numpy.mean(d)), f"{name} paired mean")
            print(f"{name}: paired difference and correlation agree with scipy")
    if not any(groups):
        raise SystemExit("no metrics in the report")
    for metrics in groups:
        check(metrics)


def check(metrics):
    for name, m in metrics.items():
        x = numpy.array(m["values"], dtype=float)
        n = len(x)
        close(m["mean"], float(numpy.mean(x)), f"{name} mean")
        close(m["sd"], float(numpy.std(x, ddof=1)), f"{name} sd")
        close(m["se"], float(scipy.stats.sem(x)), f"{name} se")
        # The interval's quantile: scipy's t.cdf there must be 0.975 (t.ppf
        # itself is only good to about 1e-9 relative: 2.4469118487916806 for
        # 6 degrees of freedom, where t.cdf gives 0.975 at 2.4469118511449692).
        se = float(scipy.stats.sem(x))
        t_low = (float(numpy.mean(x)) - m["t95"][0]) / se
        t_high = (m["t95"][1] - float(numpy.mean(x))) / se
        for q, what in ((t_low, "low"), (t_high, "high")):
            p = float(scipy.stats.t.cdf(q, n - 1))
            if abs(p - 0.975) > 1e-12:
                raise SystemExit(f"{name} t95 {what}: quantile {q!r} has CDF {p!r}, not 0.975")
        t = scipy.stats.t.ppf(0.975, n - 1)
        if abs(t_low - t) > 1e-8 * t:
            raise SystemExit(f"{name} t95: quantile {t_low!r}, scipy's t.ppf {t!r}")
        close(m["median"], float(numpy.median(x)), f"{name} median")
        close(m["iqm"], float(scipy.stats.trim_mean(x, 0.25)), f"{name} iqm")
        close(m["min"], float(numpy.min(x)), f"{name} min")
        close(m["max"], float(numpy.max(x)), f"{name} max")
        lo, hi = m["bootstrap95"]
        half = t * se
        mean = numpy.mean(x)
        if not (numpy.min(x) <= lo <= mean <= hi <= numpy.max(x)):
            raise SystemExit(f"{name} bootstrap interval {lo}, {hi} outside the data")
        # A sanity bound, not a test of the bootstrap's own quality: the
        # percentile interval is narrower than t's for small n (t_0.975 with
        # 3 degrees of freedom is 3.18, the bootstrap's spread ~1.96 sd/sqrt(n)).
        if not (0.25 * half <= (hi - lo) / 2 <= 1.5 * half):
            raise SystemExit(f"{name} bootstrap half-width {(hi - lo) / 2} far from t's {half}")
        print(f"{name}: n={n} mean, sd, se, t interval, median, IQM, min, max agree with scipy")


if __name__ == "__main__":
    main()

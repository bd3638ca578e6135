#!/usr/bin/env python3
"""seedkit-sweep-plot: a picture of a seedkit-sweep report.

Usage: seedkit-sweep-plot SWEEP_JSON OUTPUT.svg|.png [METRIC]

One panel per metric (or only METRIC): each arm or source (a plain sweep
has one) as a column of its replicates' values, with its mean, its 95%
Student t interval (thick bar) and its 95% bootstrap interval (thin bar);
for --compare, a third column with the paired differences B - A and their
intervals. Needs matplotlib (Debian: python3-matplotlib). Exit status: 0
when written, 2 for a usage error or an unreadable report (with a message).
"""
import json
import os
import sys


def fail(why):
    print(f"seedkit-sweep-plot: {why}", file=sys.stderr)
    sys.exit(2)


def columns(report, metric):
    """(label, summary) pairs for one metric, in the report's order."""
    out = []
    if "arms" in report:
        for arm in report["arms"]:
            if metric in arm["metrics"]:
                label = arm["label"] if report.get("mode") != "compare" else "arm " + arm["label"]
                out.append((label, arm["metrics"][metric]))
    elif metric in report.get("metrics", {}):
        out.append(("replicates", report["metrics"][metric]))
    if metric in report.get("paired", {}):
        out.append(("B - A (paired)", report["paired"][metric]))
    return out


def main():
    if len(sys.argv) >= 2 and sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        sys.exit(0)
    if len(sys.argv) not in (3, 4):
        fail("usage: seedkit-sweep-plot SWEEP_JSON OUTPUT.svg|.png [METRIC]")
    path, output = sys.argv[1], sys.argv[2]
    if not output.endswith((".svg", ".png")):
        fail(f"{output}: the picture's name must end in .svg or .png")
    try:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        fail(f"cannot read the sweep report {path}: {e}")
    if not isinstance(report, dict) or report.get("format") != "seedkit-sweep":
        fail(f"{path} is not a seedkit-sweep report (no \"format\": \"seedkit-sweep\")")
    names = set(report.get("metrics", {}))
    for arm in report.get("arms", []):
        names |= set(arm.get("metrics", {}))
    names = sorted(names)
    if len(sys.argv) == 4:
        if sys.argv[3] not in names:
            fail(f"no metric \"{sys.argv[3]}\" in {path}; it has: {', '.join(names) or 'none'}")
        names = [sys.argv[3]]
    if not names:
        fail(f"{path} holds no metric with 2 or more values")

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(names), figsize=(4.5 * len(names), 4.2), squeeze=False)
    for ax, metric in zip(axes[0], names):
        cols = columns(report, metric)
        for i, (label, s) in enumerate(cols):
            values = s["values"]
            # Spread the points a little sideways, deterministically.
            xs = [i - 0.15 + 0.3 * (k + 0.5) / len(values) for k in range(len(values))]
            ax.plot(xs, values, "o", color="0.55", markersize=4, zorder=2)
            lo, hi = s["t95"]
            ax.plot([i + 0.25, i + 0.25], [lo, hi], color="C0", linewidth=4, zorder=3,
                    label="95% t interval" if i == 0 else None)
            blo, bhi = s["bootstrap95"]
            ax.plot([i + 0.33, i + 0.33], [blo, bhi], color="C1", linewidth=1.5, zorder=3,
                    label="95% bootstrap" if i == 0 else None)
            ax.plot([i + 0.18, i + 0.40], [s["mean"], s["mean"]], color="k", linewidth=1.5,
                    zorder=4, label="mean" if i == 0 else None)
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels([c[0] for c in cols], rotation=20, ha="right")
        ax.set_title(f"{metric} ({report.get('replicates', '?')} replicates)")
        if any(c[0].startswith("B - A") for c in cols):
            ax.axhline(0.0, color="0.8", linewidth=0.8, zorder=1)
        ax.legend(fontsize="small")
    fig.tight_layout()
    # Written next to the target, then renamed: never a partial picture.
    temporary = output + ".partial"
    try:
        fig.savefig(temporary, format=output.rsplit(".", 1)[1])
        os.replace(temporary, output)
    except OSError as e:
        if os.path.exists(temporary):
            os.remove(temporary)
        fail(f"cannot write {output}: {e}")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()

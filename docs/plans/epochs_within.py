"""How much of the spread between fresh JVMs run one after another is between JVMs, and how much
moves within one JVM's life: JVMs of one workload with several epochs each, one after another.

    python3 docs/plans/epochs_within.py docs/plans/issue-13-epochs-session28.jsonl
    python3 docs/plans/epochs_within.py docs/plans/issue-13-long-session28.jsonl

Each JVM's first epoch holds the compiles that spill out of the warm-up, so only epochs 2 on are
counted, besides the first alone (what `bench` reports). For each workload: every JVM's epochs,
with the C peak and one thread's DRAM copy read just before it where the file has them; the spread
of the JVMs' mean rates (each JVM over its epochs 2 on, as one long window); the spread of epoch 1
and of epoch 2 alone; the within-JVM range (least over greatest of a JVM's epochs 2 on); and the
share of the epochs' variance that lies between JVMs (the intraclass correlation: near 1, a JVM
keeps its speed for its life; near 0, its epochs move as much as the JVMs differ).
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from turns_spread import rate  # noqa: E402


def spread(xs):
    m = statistics.median(xs)
    return f"{100 * (min(xs) - m) / m:+.1f}/{100 * (max(xs) - m) / m:+.1f}%"


rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
jvms = {}
for i, d in enumerate(rows):
    if d.get("impl") != "aestack" or "epoch_samples_per_s" not in d:
        continue
    peak = next((r["gflops"] for r in reversed(rows[:i]) if r.get("probe") and "gflops" in r), None)
    dram = next((r["dram_copy_gbs"] for r in reversed(rows[:i]) if r.get("probe") and "dram_copy_gbs" in r), None)
    jvms.setdefault(d["workload"], []).append((d["epoch_samples_per_s"], peak, dram))

for w, runs in jvms.items():
    print(f"{w}: {len(runs)} JVMs, {len(runs[0][0])} epochs each")
    for epochs, peak, dram in runs:
        later = epochs[1:]
        probes = f"after C peak {peak}, DRAM copy {dram}: " if peak else ""
        print(f"  {probes}{epochs}; epochs 2 on {rate(later):,.0f}, "
              f"least/greatest {min(later) / max(later):.3f}")
    means = [rate(e[1:]) for e, _, _ in runs]
    first = [e[0] for e, _, _ in runs]
    second = [e[1] for e, _, _ in runs]
    ranges = [min(e[1:]) / max(e[1:]) for e, _, _ in runs]
    k = len(runs[0][0]) - 1
    grand = statistics.mean(x for e, _, _ in runs for x in e[1:])
    between = k * sum((statistics.mean(e[1:]) - grand) ** 2 for e, _, _ in runs) / (len(runs) - 1)
    within = sum((x - statistics.mean(e[1:])) ** 2 for e, _, _ in runs for x in e[1:]) / (len(runs) * (k - 1))
    icc = (between - within) / (between + (k - 1) * within)
    print(f"  JVMs over epochs 2 on: median {statistics.median(means):,.0f}, spread {spread(means)}")
    print(f"  epoch 1 alone (what `bench` reports): median {statistics.median(first):,.0f}, spread {spread(first)}")
    print(f"  epoch 2 alone: median {statistics.median(second):,.0f}, spread {spread(second)}")
    print(f"  within a JVM, least/greatest epoch: median {statistics.median(ranges):.3f}, lowest {min(ranges):.3f}")
    print(f"  share of the epochs' variance between JVMs (intraclass correlation): {icc:.2f}")

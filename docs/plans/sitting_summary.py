"""Recounts the README's "Speed" tables from a sitting's JSON lines.

    python3 docs/plans/sitting_summary.py docs/plans/issue-13-sitting-session27.jsonl

A sitting file is what `../shared/anchors/run-all` and `./aestack bench all` printed, three rounds
back to back, then four more fresh JVMs of W1-W3 each with the anchors' C peak before each (lines
with "probe"), then JDK 17; lines with "part" mark where each begins. The machine's peak is the
median of the anchors' C peak on 2 threads over the rounds (the probes are reported beside it).
Every aestack figure is a median over fresh JVMs, with the least and greatest; a ratio is one of
medians; "rounds" pairs each round's aestack line with the same round's anchor line.

From session 28 on, a sitting also holds `./aestack bench memory` (in `bench all`, and as a probe
beside the C peak before each extra JVM) and runs of seven fresh JVMs of W1-W3 in turns
(`scripts/bench-in-turns.sh`; their lines carry "in_turns" and stay out of the tables above them),
counted as `turns_spread.py` counts them.
"""
import json
import os
import statistics
import sys
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from turns_spread import MEASURES, count, runs_in_turns  # noqa: E402

MFLOP = {"W1": 3.92, "W2": 15.4, "W3": 3.92, "W4": 93}
SHAPES = [(1024, 1024, 1024), (128, 500, 784), (128, 784, 500), (500, 784, 128)]

rows = []
part = turns = None
for line in open(sys.argv[1]):
    if not line.strip():
        continue
    d = json.loads(line)
    if "part" in d:
        part = d["part"]
        turns = d if part == "in turns" else None
        continue
    d["_part"] = part
    if "in_turns" in d:
        d["_turns"] = turns
    rows.append(d)


def jdk(d, feature):
    return d.get("jdk", "").split(".")[0] == str(feature)


def ours(feature=25, **match):
    return [d for d in rows if d.get("impl") == "aestack" and jdk(d, feature) and "in_turns" not in d
            and all(d.get(k) == v for k, v in match.items())]


def anchor(prefix, **match):
    return [d for d in rows if d.get("impl", "").startswith(prefix)
            and all(d.get(k) == v for k, v in match.items())]


def one_place(x):
    """x to one decimal place as a person rounds the number written in the lines (297.95 to 298.0;
    a float's own rounding gives 297.9, its binary value lying just below)."""
    return f"{Decimal(repr(x)).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):,f}"


def figure(xs):
    return f"{one_place(statistics.median(xs))} ({one_place(min(xs))}-{one_place(max(xs))})"


def spread(xs):
    m = statistics.median(xs)
    return f"{100 * (min(xs) - m) / m:+.1f}/{100 * (max(xs) - m) / m:+.1f}%"


peaks = [d["gflops"] for d in rows if d.get("impl") == "c-avx512-fma" and d["threads"] == 2 and "probe" not in d]
probes = [d["gflops"] for d in rows if d.get("probe") == "between JVMs" and "gflops" in d]
peak = statistics.median(peaks)
print(f"C peak, 2 threads: {peaks}, median {peak}")
if probes:
    print(f"C peak before the extra JVMs: {figure(probes)}")
print(f"bench peak: {[d['gflops'] for d in rows if d.get('impl') == 'aestack-java-fma']}")

print("\nGEMM, GFLOP/s (JDK 25)")
for m, n, k in SHAPES:
    a = [d["gflops"] for d in ours(workload="gemm", form="nn", m=m, n=n, k=k)]
    b = [d["gflops"] for d in anchor("numpy", workload="gemm", m=m, n=n, k=k)]
    ratio = statistics.median(a) / statistics.median(b)
    rounds = [round(x / y, 2) for x, y in zip(a, b)]
    print(f"{m}x{n}x{k}: aestack {figure(a)}, {100 * statistics.median(a) / peak:.1f}% of the peak; "
          f"OpenBLAS {figure(b)}, {100 * statistics.median(b) / peak:.1f}%; {ratio:.2f}x, rounds {rounds}")
for form in ["nt", "tn"]:
    for m, n, k in [(128, 500, 784), (128, 784, 500), (784, 500, 128), (500, 784, 128)]:
        a = [d["gflops"] for d in ours(workload="gemm", form=form, m=m, n=n, k=k)]
        if a:
            print(f"  {form} {m}x{n}x{k}: {figure(a)}")

print("\nWorkloads, samples/s (JDK 25)")
for w in MFLOP:
    a = [d["samples_per_s"] for d in ours(workload=w)]
    if not a:
        continue
    m = statistics.median(a)
    bound = 100 * m * MFLOP[w] * 1e6 / (peak * 1e9)
    alloc = sorted({d["alloc_mb"] for d in ours(workload=w)})
    loss = sorted({d["final_loss"] for d in ours(workload=w)})
    print(f"{w}: {len(a)} JVMs {figure(a)}, spread {spread(a)}, {bound:.1f}% of the FMA bound"
          + (f" ({100 * m * MFLOP[w] * 1e6 / (statistics.median(probes) * 1e9):.1f}% against the probes)" if probes else "")
          + f"; alloc MB {alloc}; final loss {loss}")
    print(f"   in order: {a}")
    extra = [d["samples_per_s"] for d in ours(workload=w) if d["_part"].startswith("extra")]
    if extra:
        print(f"   the extra JVMs: {figure(extra)}")
    for name in ["pytorch", "sklearn"]:
        b = [d["samples_per_s"] for d in anchor(name, workload=w)]
        if b:
            rounds = [round(x / y, 2) for x, y in zip(a, b)]
            print(f"   {name} {figure(b)}: {m / statistics.median(b):.2f}x, rounds {rounds}, "
                  f"final loss {sorted({d['final_loss'] for d in anchor(name, workload=w)})}")

print("\nJDK 17 against JDK 25's medians")
for w in ["W1", "W2", "W3"]:
    a = [d["samples_per_s"] for d in ours(17, workload=w)]
    if a:
        base = statistics.median([d["samples_per_s"] for d in ours(workload=w)])
        print(f"{w}: {figure(a)}: {statistics.median(a) / base:.2f}x; alloc MB {sorted({d['alloc_mb'] for d in ours(17, workload=w)})}")
g17 = [d["gflops"] for d in ours(17, workload="gemm", m=1024)]
if g17:
    base = statistics.median([d["gflops"] for d in ours(workload="gemm", form="nn", m=1024, n=1024, k=1024)])
    print(f"GEMM 1024^3: {figure(g17)}: {statistics.median(g17) / base:.2f}x")

memory = [d for d in rows if d.get("workload") == "memory"]
if memory:
    print("\nbench memory, one thread's copy GB/s: DRAM, L3, L2")
    for label, lines in (("in bench all", [d for d in memory if "probe" not in d]),
                         ("before the extra JVMs", [d for d in memory if "probe" in d])):
        if lines:
            print(f"  {label}: " + "; ".join(
                f"{key.split('_')[0]} {figure([d[key] for d in lines])}" for key in ("dram_copy_gbs", "l3_copy_gbs", "l2_copy_gbs")))
    print("  each extra JVM after its probes (C peak, DRAM copy):")
    for i, d in enumerate(rows):
        if d.get("_part", "").startswith("extra") and d.get("impl") == "aestack":
            peak_before, memory_before = rows[i - 2], rows[i - 1]
            print(f"    {d['workload']} {d['samples_per_s']:,.0f} after {peak_before.get('gflops')}, {memory_before.get('dram_copy_gbs')}")

runs = runs_in_turns([d for d in rows if "_turns" in d])
if runs:
    print("\nSeven fresh JVMs in turns (five epochs each), how many lie within 5% of their run's median")
    named = [(f"run {d['_turns']['run']} {d['workload']}", run) for run in runs for d in run[:1]]
    for w in ("W1", "W2", "W3"):
        print(f"  {w}")
        for measure, label in MEASURES:
            count([(name, run) for name, run in named if run[0]["workload"] == w], measure, label)

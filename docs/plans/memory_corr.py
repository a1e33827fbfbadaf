"""Recounts the plan's memory-probe figures from docs/plans/issue-13-memory-session27.jsonl, part (2).

    python3 docs/plans/memory_corr.py

Each bench JVM there sits between two memory probes (docs/plans/memory_probe.py), with the C peak
after the first: for each workload, the correlation of the JVMs' samples/s with the probes' mean L2
and DRAM copy bandwidth and with the C peak, and each JVM's figures.
"""
import json
import statistics

rows, part = [], None
for line in open("docs/plans/issue-13-memory-session27.jsonl"):
    d = json.loads(line)
    if "part" in d:
        part = d["part"][:3]
    elif part == "(2)":
        rows.append(d)


runs = {}
for before, peak, bench, after in zip(rows[0::4], rows[1::4], rows[2::4], rows[3::4]):
    runs.setdefault(bench["workload"], []).append((bench["samples_per_s"], before, after, peak["gflops"]))
for w, xs in runs.items():
    rate = [x[0] for x in xs]
    l2 = [(x[1]["l2_copy_gbs"] + x[2]["l2_copy_gbs"]) / 2 for x in xs]
    dram = [(x[1]["dram_copy_gbs"] + x[2]["dram_copy_gbs"]) / 2 for x in xs]
    print(f"{w}: {len(xs)} JVMs, {min(rate):,.0f}-{max(rate):,.0f} samples/s; correlation with the L2 copy "
          f"{statistics.correlation(rate, l2):.2f}, the DRAM copy {statistics.correlation(rate, dram):.2f}, the C peak {statistics.correlation(rate, [x[3] for x in xs]):.2f}")
    for r, before, after, peak in xs:
        print(f"    {r:9,.0f}  L2 {before['l2_copy_gbs']:5.1f} then {after['l2_copy_gbs']:5.1f}, "
              f"DRAM {before['dram_copy_gbs']:4.1f} then {after['dram_copy_gbs']:4.1f}, C peak {peak}")

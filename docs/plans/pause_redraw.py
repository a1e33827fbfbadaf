"""Does a JVM's speed move when the machine idles for a moment? Fresh W1 JVMs of nine epochs, one
after another, alternately stopped (SIGSTOP) for one second 8 s after their start and not stopped.

    python3 docs/plans/pause_redraw.py docs/plans/issue-13-pause-session28.jsonl

Each JVM's epochs are laid out in its uptime from window_ms and the epoch rates; the epochs that
touch 7.7-9.3 s (the stop, and the same stretch in the JVMs not stopped) are left out, and so is
the first epoch (compiles spill into it). For each JVM: the rate of its epochs after that stretch
over the rate of its epochs before it. If the speed a JVM keeps for its life were its own (its code,
its memory), a stop would not change it; if it were the host's placement of the guest's processors,
drawn again when the guest idles, the stopped JVMs' ratios would move about as much as fresh JVMs
differ, and the others' would not.
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from turns_spread import rate  # noqa: E402


ratios = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    t = d["window_ms"][0] / 1000
    before, after = [], []
    for i, r in enumerate(d["epoch_samples_per_s"]):
        start, end = t, t + 60000 / r
        t = end
        if i == 0 or end > 7.7 and start < 9.3:
            continue
        (before if end <= 7.7 else after).append(r)
    if before and after:
        ratios.setdefault(d["mode"], []).append((rate(after) / rate(before), len(before), len(after), d["samples_per_s"]))

for mode, rs in ratios.items():
    moved = [abs(r - 1) for r, _, _, _ in rs]
    print(f"{mode}: {len(rs)} JVMs; after/before " + ", ".join(f"{r:.3f} ({b}+{a} epochs)" for r, b, a, _ in rs))
    print(f"  how far the ratio lies from 1: median {100 * statistics.median(moved):.1f}%, greatest {100 * max(moved):.1f}%")

"""Recounts the README's "Fresh JVMs in turns" figures from docs/plans/issue-13-turns-session26.jsonl
and docs/plans/issue-13-turns-session27.jsonl.

    python3 docs/plans/turns_spread.py

A run in turns is compared over a span of time shared by all its copies: each line's window_ms
(uptime; the copies start within milliseconds of each other) and its epoch rates place each epoch
in time, and a copy's rate over the span is the samples it trained there over the span's length.
Two spans: the common span (every copy in its timed window, session 26's count) and the middle span
(every copy in its epochs 2 to 4 of five, session 27's). In turns a copy's first epoch is slow or
not by what the machine does while the copies that start later are starting, so the common span,
which holds the first epochs of the copies that started last, counts against those copies. Each copy
over its own epochs 2-4 is a third count, which compares different stretches of time. Runs one after
another are compared by the rate of their epochs but the last.
"""
import json
import statistics


def read(path):
    parts, part = {}, None
    for line in open(path):
        d = json.loads(line)
        if "part" in d:
            part = d["part"].split(")")[0] + ")"
            continue
        parts.setdefault(part, []).append(d)
    return parts


def spread(xs):
    m = statistics.median(xs)
    return [round(100 * (min(xs) - m) / m, 1), round(100 * (max(xs) - m) / m, 1)]


def runs_in_turns(rows):
    """The bench lines of a part, cut into runs where the copy numbering starts again."""
    runs, cur = [], []
    for d in rows:
        if "summary" in d or "epoch_samples_per_s" not in d.get("line", d):
            continue
        copy = d.get("copy", d.get("jvm"))
        if copy == 1 and cur:
            runs.append(cur)
            cur = []
        cur.append(d.get("line", d))
    return runs + [cur] if cur else runs


def span_rates(run, first):
    """Each copy's rate over the span when every copy was in its epochs from `first` (0 or 1) to the one before its last."""
    spans = []
    for line in run:
        t, segs = line["window_ms"][0] / 1000, []
        for r in line["epoch_samples_per_s"]:
            segs.append((t, t + 60000 / r, r))
            t += 60000 / r
        spans.append(segs)
    lo = max(s[first][0] for s in spans)
    hi = min(s[-2][1] for s in spans)  # before anyone's last epoch
    return [sum(max(0, min(b, hi) - max(a, lo)) * r for a, b, r in segs) / (hi - lo) for segs in spans]


def common_span_rates(run):
    return span_rates(run, 0)


def middle_span_rates(run):
    return span_rates(run, 1)


def rate(epochs):
    """The rate over consecutive epochs: the samples (the same each epoch) over the summed times."""
    return len(epochs) / sum(1 / x for x in epochs)


def own_middle(line):
    """A copy's rate over its own epochs but the first and the last."""
    return rate(line["epoch_samples_per_s"][1:-1])


def but_last(line):
    return rate(line["epoch_samples_per_s"][:-1])


MEASURES = (
    (common_span_rates, "over the common span"),
    (middle_span_rates, "over the middle span"),
    (lambda run: [own_middle(line) for line in run], "each over its own epochs 2-4"),
)


def count(runs, measure, label):
    """Prints each run's spread by `measure` and which copies lie outside 5% of their run's median."""
    total = within = 0
    for name, run in runs:
        rates = measure(run)
        m = statistics.median(rates)
        off = [(line.get("copy", line.get("jvm")), round(100 * (x - m) / m, 1)) for line, x in zip(run, rates) if abs(x - m) > 0.05 * m]
        total += len(rates)
        within += len(rates) - len(off)
        print(f"    {name}: {spread(rates)}" + (f", outside 5% (copy, %): {off}" if off else ""))
    print(f"  {label}: {within} of {total} within 5%")


def main():
    parts = read("docs/plans/issue-13-turns-session26.jsonl")
    print("(1) seven in turns, over the common span; seven one after another, epochs but the last")
    for run in runs_in_turns([d for d in parts["(1)"] if "in_turns" in d]):
        print("  in turns", run[0]["workload"], spread(common_span_rates(run)))
    alone = [d for d in parts["(1)"] if "in_turns" not in d and "epoch_samples_per_s" in d]
    for w in ("W1", "W3", "W2"):
        print("  one after another", w, spread([but_last(d) for d in alone if d["workload"] == w]))
    # The C peak before each JVM run one after another: the probe line precedes its bench line.
    rows = parts["(1)"]
    for w in ("W1", "W3", "W2"):
        probes = [rows[i - 1]["gflops"] for i, d in enumerate(rows) if d.get("workload") == w and "probe" in rows[i - 1]]
        print("  C peak before the", w, "JVMs:", min(probes), "-", max(probes))

    print("(2) pairs in turns: the largest difference, and the range of the pairs' levels")
    for w in ("W2", "W3", "W1"):
        ratios, levels = [], []
        for d in parts["(2)"]:
            if d["A"]["workload"] != w:
                continue
            a, b = but_last(d["A"]), but_last(d["B"])
            ratios.append(abs(1 - a / b))
            levels += [a, b]
        print(f"  {w}: {len(ratios)} pairs, at most {100 * max(ratios):.1f}% apart, levels moved {100 * (max(levels) / min(levels) - 1):.0f}%")

    print("(1), (6), (8), (9): plain W1 copies in turns, and how many lie within 5% of their run's median")
    plain = [(p, run) for p in ("(1)", "(6)", "(8)", "(9)")
             for run in runs_in_turns([d for d in parts[p] if "in_turns" in d or "turns" in d]) if run[0]["workload"] == "W1"]
    for measure, label in MEASURES:
        count(plain, measure, label)

    print("Session 27: runs of eight W1 copies in turns, each JVM under -XX:+PrintCompilation -XX:+PrintInlining")
    parts = read("docs/plans/issue-13-turns-session27.jsonl")
    for p, label in (("(1)", "-Daestack.gemm.kc=512"), ("(2)", "plain")):
        runs = [(f"run {run[0]['run']}", run) for run in runs_in_turns([d for d in parts[p] if "in_turns" in d])]
        print(f"  {p} {label}")
        for measure, label in MEASURES:
            count(runs, measure, label)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Runs N fresh copies of a command in turns, so that every copy sees the same minutes of the machine:
#
#   scripts/bench-in-turns.sh [-n N] [-s SECONDS] -- ./aestack bench W1 --epochs 5
#
# All N start at once and are stopped (SIGSTOP); then each in turn is continued for SECONDS (0.05 by
# default) and stopped again, round after round, until every copy has finished. One copy runs at a
# time, on the whole machine, so a copy's speed is its own against the others', whatever the machine
# does meanwhile: on a shared virtual machine whose speed moves by 10-20% from one minute to the next,
# JVMs run one after another differ by that much even when they are alike. Each run's time stretches N
# times, so rates read about 1/N of a lone run's (and a JVM's JIT time in its window counts the stops).
# Nothing else should run meanwhile: a copy whose turn meets another program's burst loses part of it.
# The command must be the process itself or exec it (./aestack does), so that the signals reach it.
#
# Each copy has its number in TURNS_COPY (1 to N), so a wrapper can set copies apart: an A/B
# comparison in the same minutes, e.g. odd copies with one JVM option and even ones without.
#
# Prints every line the copies print, in the order of the copies; a JSON object line gets the
# copy's number and the turns in front of its own fields: {"in_turns":7,"slice_s":0.05,"copy":3,...}.
# Then, where python3 is at hand and the lines are `bench` W1-W4 lines, one summary line a workload:
# the median, least and greatest first-epoch rate (the one `bench` reports) and whole-run rate
# (all epochs but the last, during which the copies that finished first no longer take turns), and
# how far the least and greatest lie from the median, in percent.
set -euo pipefail

copies=7
slice=0.05
while [ $# -gt 0 ]; do
  case "$1" in
    -n) copies="$2"; shift 2 ;;
    -s) slice="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [-n N] [-s SECONDS] -- COMMAND [ARGS...]" >&2; exit 2 ;;
  esac
done
if [ $# -eq 0 ] || ! [[ "$copies" =~ ^[1-9][0-9]*$ ]] || ! [[ "$slice" =~ ^[0-9]*\.?[0-9]+$ ]]; then
  echo "usage: $0 [-n N] [-s SECONDS] -- COMMAND [ARGS...]   (N a whole number from 1, SECONDS a positive number)" >&2
  exit 2
fi

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill -CONT "$pid" 2>/dev/null || true
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

for i in $(seq "$copies"); do
  TURNS_COPY="$i" "$@" > "$work/out.$i" 2> "$work/err.$i" &
  pids+=($!)
  kill -STOP "$!" 2>/dev/null || true
done

running=1
while [ "$running" = 1 ]; do
  running=0
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      running=1
      kill -CONT "$pid" 2>/dev/null || true
      sleep "$slice"
      kill -STOP "$pid" 2>/dev/null || true
    fi
  done
done

failed=0
for i in $(seq "$copies"); do
  wait "${pids[$((i - 1))]}" || { echo "copy $i failed:" >&2; cat "$work/err.$i" >&2; failed=1; }
done
pids=()

for i in $(seq "$copies"); do
  sed "s/^{/{\"in_turns\":$copies,\"slice_s\":$slice,\"copy\":$i,/" "$work/out.$i"
done | tee "$work/all"

if command -v python3 >/dev/null; then
  python3 - "$work/all" <<'EOF'
import json, statistics, sys

runs = {}
for line in open(sys.argv[1]):
    try:
        d = json.loads(line)
    except ValueError:
        continue
    if isinstance(d, dict) and d.get("epoch_samples_per_s"):
        runs.setdefault(d["workload"], []).append(d["epoch_samples_per_s"])

def spread(xs):
    m = statistics.median(xs)
    return {"median": round(m, 1), "min": round(min(xs), 1), "max": round(max(xs), 1),
            "spread_pct": [round(100 * (min(xs) - m) / m, 1), round(100 * (max(xs) - m) / m, 1)]}

for workload, epochs in runs.items():
    first = [e[0] for e in epochs]
    whole = [len(e[:-1]) / sum(1 / x for x in e[:-1]) for e in epochs if len(e) > 1]
    summary = {"summary": "in_turns", "workload": workload, "copies": len(epochs), "first_epoch": spread(first)}
    if whole:
        summary["epochs_but_last"] = spread(whole)
    print(json.dumps(summary))
EOF
fi
exit "$failed"

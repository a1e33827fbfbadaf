"""The memory probe of docs/plans/issue-13-memory-session27.jsonl: one thread's copy bandwidth.

    /usr/bin/python3 docs/plans/memory_probe.py

Copies a float32 array into another with numpy, best of three rounds, and prints one JSON line with
the GB/s (bytes read plus bytes written) for arrays of 128 MB (from DRAM), 4 MB (L3) and 256 KB
(L2, private to the core). The anchors' C peak measures only the FMA units; this measures what
feeds them, which on this VM moves by 30% while the peak does not.
"""
import json
import time

import numpy as np


def copy_gbs(nbytes, reps):
    a = np.ones(nbytes // 4, np.float32)
    b = np.empty_like(a)
    np.copyto(b, a)
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            np.copyto(b, a)
        best = max(best, 2 * nbytes * reps / (time.perf_counter() - t) / 1e9)
    return round(best, 1)


print(json.dumps({"probe": "memory", "dram_copy_gbs": copy_gbs(128 << 20, 4),
                  "l3_copy_gbs": copy_gbs(4 << 20, 200), "l2_copy_gbs": copy_gbs(256 << 10, 4000)}))

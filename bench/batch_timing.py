#!/usr/bin/env python3
"""Times `batch` on 1, 2 and every core, full report and compact line, writing to /dev/null.

The configurations take turns, round after round, and each gets the median of its rounds: on a
shared VM the speed drifts over a minute, and timing one configuration's runs in a row (as
hyperfine does) put that drift into the ratios between them (1.52x and 1.82x for the same
setting in one run). Writes {"results": [{"command": NAME, "median": SECONDS, "times": [...]}]}
as hyperfine's --export-json does, NAME being ours-J (full report) or summary-J (compact line),
J = 1, 2 or all.

usage: batch_timing.py BIN CASES_FILE OUT_JSON [ROUNDS]
"""
import json
import os
import statistics
import subprocess
import sys
import time


def main():
    binary, cases, out_json = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    cores = os.cpu_count() or 1
    configs = []
    for jobs in ("1", "2", "all"):
        j = str(cores) if jobs == "all" else jobs
        base = [binary, "batch", "--jobs", j, "--input", cases, "--output", "/dev/null"]
        configs.append((f"ours-{jobs}", base + ["--detail", "full"]))
        configs.append((f"summary-{jobs}", base))
    times = {name: [] for name, _ in configs}
    for _ in range(rounds):
        for name, command in configs:
            start = time.perf_counter()
            # Exit 3 (incomplete cases) is an answer, not a failure; anything above it is.
            code = subprocess.run(command, stdout=subprocess.DEVNULL).returncode
            times[name].append(time.perf_counter() - start)
            if code not in (0, 3):
                sys.exit(f"batch_timing: {' '.join(command)} exited {code}")
    results = [{"command": name, "median": statistics.median(t), "times": t} for name, t in times.items()]
    with open(out_json, "w") as f:
        json.dump({"results": results}, f, indent=1)
    for r in results:
        print(f"{r['command']:12s} median {r['median']:.3f} s  ({', '.join(f'{t:.3f}' for t in r['times'])})")


if __name__ == "__main__":
    main()

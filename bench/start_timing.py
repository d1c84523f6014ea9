#!/usr/bin/env python3
"""Times one whole process of each command, in pairs that take turns, and gives each its median
and the median of the per-pair ratios to the first (the floor).

Runs of one command in a row (as hyperfine times them) put the VM's drift into the ratio: the same
two binaries read 2.0x and 2.4x in two runs of a few minutes. Alternating them, and taking the
ratio within each pair, leaves the drift out. Each run is spawned directly (no shell), its
standard output sent to /dev/null. Writes {"results": [{"command": NAME, "median": SECONDS,
"times": [...]}], "ratio_median": R} as hyperfine's --export-json does, with the ratio added.

usage: start_timing.py OUT_JSON PAIRS NAME=COMMAND... (the first NAME is the floor; COMMAND is
split on spaces)
"""
import json
import os
import statistics
import sys
import time


def run(argv, devnull):
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status = os.waitpid(pid, 0)
    if status != 0:
        sys.exit(f"start_timing: {' '.join(argv[:2])} ... failed ({status})")
    return (time.perf_counter_ns() - start) / 1e9


def main():
    out_json, pairs = sys.argv[1], int(sys.argv[2])
    commands = [(spec.split("=", 1)[0], spec.split("=", 1)[1].split()) for spec in sys.argv[3:]]
    devnull = os.open(os.devnull, os.O_WRONLY)
    for _ in range(10):  # warm the page cache and the compiled-rule cache
        for _, argv in commands:
            run(argv, devnull)
    times = {name: [] for name, _ in commands}
    ratios = []
    for i in range(pairs):
        # Which goes first alternates, so that neither always follows the other.
        order = commands if i % 2 == 0 else commands[::-1]
        took = {name: run(argv, devnull) for name, argv in order}
        for name, _ in commands:
            times[name].append(took[name])
        ratios.append(took[commands[-1][0]] / took[commands[0][0]])
    results = [{"command": name, "median": statistics.median(times[name]), "times": times[name]}
               for name, _ in commands]
    with open(out_json, "w") as f:
        json.dump({"results": results, "ratio_median": statistics.median(ratios)}, f)
    for r in results:
        print(f"{r['command']}: median {r['median'] * 1e3:.3f} ms over {pairs} runs")
    print(f"median ratio of {commands[-1][0]} to {commands[0][0]}, pair by pair: {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()

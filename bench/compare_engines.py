#!/usr/bin/env python3
"""Differential test: backtriage batch results against another engine running the same rules
(the CLIPS program of `export clips`, or bench/jre_driver.js with `export jre`).

usage: compare_engines.py DISPOSITIONS_IN_ORDER BACKTRIAGE_RESULTS.jsonl ENGINE_OUTPUT.txt
(BACKTRIAGE_RESULTS from `batch` or `batch --detail full`.)
Both engines must reach the same disposition on every case, and (where the plan is shown) the
same recommended and avoided options. Prints the number of cases compared; exit 1 on any
difference, with the first few listed.
"""
import json
import sys

levels = sys.argv[1].split(",")


def ident(entry):
    """An option in the full report is an object with an id; in the default compact line, the id."""
    return entry["id"] if isinstance(entry, dict) else entry


ours = {}
with open(sys.argv[2]) as f:
    for text in f:
        r = json.loads(text)
        if r.get("status") != "complete":
            continue
        ours[r["line"]] = r
theirs = {}
with open(sys.argv[3]) as f:
    for text in f:
        parts = text.rstrip("\n").split("|")
        if len(parts) != 4 or not parts[0].isdigit():
            continue
        theirs[int(parts[0])] = (int(parts[1]), {x for x in parts[2].split(",") if x}, {x for x in parts[3].split(",") if x})
diffs = []
for line, (level, rec, avoid) in sorted(theirs.items()):
    r = ours.get(line)
    if r is None:
        diffs.append(f"line {line}: no complete backtriage result")
        continue
    if levels.index(r["disposition"]) != level:
        diffs.append(f"line {line}: disposition {r['disposition']} vs the other engine {levels[level] if level >= 0 else None}")
        continue
    if r["recommended"] or r["avoid"] or not r["red_flags"]:  # the plan is shown
        ours_rec = {ident(o) for o in r["recommended"]}
        ours_avoid = {ident(o) for o in r["avoid"]}
        if ours_rec != rec or ours_avoid != avoid:
            diffs.append(f"line {line}: plan differs: +{sorted(rec - ours_rec)} -{sorted(ours_rec - rec)} "
                         f"avoid +{sorted(avoid - ours_avoid)} -{sorted(ours_avoid - avoid)}")
print(f"compared {len(theirs)} cases: {len(diffs)} differences")
for d in diffs[:10]:
    print(d)
sys.exit(1 if diffs or not theirs else 0)

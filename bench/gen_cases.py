#!/usr/bin/env python3
"""Random complete answer sets for the shipped rule base, one JSON object per line.

usage: gen_cases.py N [SEED] > cases.jsonl
Red flags are rare (10%), as in real intake; every question is answered, so both backtriage and
the CLIPS export see complete cases.
"""
import json
import random
import sys

YES_NO = ["saddle_numbness", "bladder_bowel_change", "leg_weakness", "major_trauma", "fever",
          "cancer_history", "weight_loss", "numbness", "pain_spreads_to_legs", "swelling", "bone_pain",
          "improving", "exercise_pain", "acute_injury", "cold_makes_stiffer", "has_foam_roller",
          "has_massage_gun", "sits_a_lot"]
n = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 42)
out = sys.stdout
for i in range(n):
    case = {"id": f"case-{i}"}
    for q in YES_NO:
        case[q] = "yes" if rng.random() < (0.1 if q in YES_NO[:13] else 0.5) else "no"
    case["pain_score"] = rng.randint(0, 10)
    case["days_since_onset"] = rng.choice([0, 1, 2, 3, 4, 7, 13, 14, 15, 30, 90])
    out.write(json.dumps(case) + "\n")

#!/usr/bin/env python3
"""Random complete answer sets for the shipped rule base, one JSON object per line.

usage: gen_cases.py N [SEED] [--unsure] > cases.jsonl
Red flags are rare (10%), as in real intake; every question is answered, so both backtriage and
the CLIPS export see complete cases. With --unsure, each question that accepts "not sure" (SPEC 3)
is answered unsure 5% of the time (the benchmarks leave it out, so their figures stay comparable).
"""
import json
import random
import sys

# The red-flag questions first (yes 10% of the time, or 3% for the v2 ones), then the others.
RED_FLAGS = ["saddle_numbness", "bladder_bowel_change", "leg_weakness", "major_trauma", "fever",
             "cancer_history", "weight_loss", "numbness", "pain_spreads_to_legs", "swelling", "bone_pain",
             "improving", "exercise_pain"]
RED_FLAGS_V2 = ["both_legs", "chest_pain", "faint_or_belly_pulse", "infection_risk", "night_pain",
                "upper_back_pain", "back_changed_shape", "cough_sneeze_pain", "blood_thinners",
                "osteoporosis_or_steroids", "getting_worse", "cannot_cope", "morning_stiffness"]
OTHERS = ["acute_injury", "cold_makes_stiffer", "has_foam_roller", "has_massage_gun", "sits_a_lot"]
YES_NO = RED_FLAGS + RED_FLAGS_V2 + OTHERS
UNSURE = ["saddle_numbness", "bladder_bowel_change", "leg_weakness", "both_legs", "chest_pain", "faint_or_belly_pulse",
          "major_trauma", "fever", "cancer_history", "weight_loss", "swelling", "back_changed_shape", "night_pain",
          "upper_back_pain", "cough_sneeze_pain", "infection_risk", "numbness", "pain_spreads_to_legs", "bone_pain",
          "osteoporosis_or_steroids", "blood_thinners"]
args = [a for a in sys.argv[1:] if a != "--unsure"]
with_unsure = "--unsure" in sys.argv[1:]
n = int(args[0])
rng = random.Random(int(args[1]) if len(args) > 1 else 42)
out = sys.stdout
for i in range(n):
    case = {"id": f"case-{i}"}
    for q in YES_NO:
        chance = 0.1 if q in RED_FLAGS else 0.03 if q in RED_FLAGS_V2 else 0.5
        case[q] = "yes" if rng.random() < chance else "no"
        if with_unsure and q in UNSURE and rng.random() < 0.05:
            case[q] = "unsure"
    case["pain_score"] = rng.randint(0, 10)
    case["days_since_onset"] = rng.choice([0, 1, 2, 3, 4, 7, 13, 14, 15, 30, 90])
    case["age"] = rng.choice([12, 15, 16, 25, 35, 45, 46, 49, 50, 65, 69, 70, 85])
    out.write(json.dumps(case) + "\n")

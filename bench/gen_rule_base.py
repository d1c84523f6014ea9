#!/usr/bin/env python3
"""A synthetic rule base of N rules for timing `rules check` (bench/README.md, tests/cli/rules_check_scales.sh):
20 questions, 12 options, rules of one to three comparisons that recommend, avoid or raise a red flag,
1,000 rules a file. Deterministic. Usage: gen_rule_base.py N FOLDER"""
import os
import random
import sys

n = int(sys.argv[1]); out = sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = random.Random(1)
y = """rule_base:
  name: synthetic
  version: "1"
  sources: [{id: gen, title: Generated}]
dispositions:
  - {id: self_care, title: S, message: S}
  - {id: see_doctor, title: D, message: D}
  - {id: urgent, title: U, message: U}
  - {id: emergency, title: E, message: E, show_plan: no}
questions:
"""
isint = lambda q: q % 4 == 3
for q in range(20):
    y += (f"  - {{id: q{q}, order: {q}, type: integer, min: 0, max: 100, text: Q}}\n" if isint(q)
          else f"  - {{id: q{q}, order: {q}, type: yes_no, text: Q}}\n")
y += "options:\n"
for o in range(12):
    y += f"  - {{id: o{o}, title: O, instructions: I, source: {{ref: gen, section: S}}}}\n"
open(f"{out}/base.yaml", "w").write(y)
def comp():
    q = rng.randrange(20)
    if not isint(q): return f"q{q} == {'yes' if rng.randrange(2) else 'no'}"
    return f"q{q} {'>=' if rng.randrange(2) else '<'} {rng.randrange(101)}"
y = "rules:\n"; f = 0
for r in range(n):
    if r and r % 1000 == 0:
        open(f"{out}/rules_{f:03}.yaml", "w").write(y); f += 1; y = "rules:\n"
    parts = [comp() for _ in range(rng.randrange(1, 4))]
    when = parts[0] if len(parts) == 1 else "{all: [" + ", ".join(parts) + "]}"
    kind = rng.randrange(10)
    y += f"  - id: r{r}\n    title: R\n    when: {when}\n    source: {{ref: gen, section: S}}\n"
    y += "    then:\n"
    if kind == 0:
        y += f"      red_flag: {{text: flag {r}, sign: sign {r}, disposition: see_doctor}}\n"
    elif kind == 1:
        y += f"      avoid: {{o{rng.randrange(12)}: no}}\n"
    else:
        y += f"      recommend: [o{rng.randrange(12)}]\n"
open(f"{out}/rules_{f:03}.yaml", "w").write(y)

#!/usr/bin/env python3
"""A synthetic rule base of N rules for timing `rules check`, `rules verify` and `rules diff`
(bench/README.md, tests/cli/rules_check_scales.sh, tests/cli/rules_verify_scales.sh).

Q questions (default 20; every fourth an integer 0-100, the rest yes/no), 12 options, rules of one to
three comparisons that recommend, avoid or raise a red flag, 1,000 rules a file. Deterministic.
--invariants adds what a clinician would ask `rules verify` to prove of such a base: every red-flag
rule's condition reaches at least its disposition, every case gets a disposition, and a yes to each
yes/no question never lowers the disposition. --variant K picks K rules spread over the base and
changes those that raise a red flag (now to the emergency department) or recommend (the next
option instead), for `rules diff`; an avoid rule among them stays. Without options the base is the
one the figures of bench/README.md were measured on.

Usage: gen_rule_base.py N FOLDER [--questions Q] [--invariants] [--variant K]"""
import argparse
import os
import random

ap = argparse.ArgumentParser(description="Write a synthetic rule base.")
ap.add_argument("rules", type=int)
ap.add_argument("folder")
ap.add_argument("--questions", type=int, default=20)
ap.add_argument("--invariants", action="store_true")
ap.add_argument("--variant", type=int, default=0)
a = ap.parse_args()
questions = a.questions
os.makedirs(a.folder, exist_ok=True)
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
for q in range(questions):
    y += (f"  - {{id: q{q}, order: {q}, type: integer, min: 0, max: 100, text: Q}}\n" if isint(q)
          else f"  - {{id: q{q}, order: {q}, type: yes_no, text: Q}}\n")
y += "options:\n"
for o in range(12):
    y += f"  - {{id: o{o}, title: O, instructions: I, source: {{ref: gen, section: S}}}}\n"
open(f"{a.folder}/base.yaml", "w").write(y)


def comp():
    q = rng.randrange(questions)
    if not isint(q):
        return f"q{q} == {'yes' if rng.randrange(2) else 'no'}"
    return f"q{q} {'>=' if rng.randrange(2) else '<'} {rng.randrange(101)}"


# The rules a variant changes: spread over the base, chosen before any rule is drawn so that the
# rest of the base is the same draw with or without --variant.
changed = set(range(0, a.rules, max(1, a.rules // a.variant))) if a.variant else set()
flags = []
y = "rules:\n"
f = 0
for r in range(a.rules):
    if r and r % 1000 == 0:
        open(f"{a.folder}/rules_{f:03}.yaml", "w").write(y)
        f += 1
        y = "rules:\n"
    parts = [comp() for _ in range(rng.randrange(1, 4))]
    when = parts[0] if len(parts) == 1 else "{all: [" + ", ".join(parts) + "]}"
    kind = rng.randrange(10)
    y += f"  - id: r{r}\n    title: R\n    when: {when}\n    source: {{ref: gen, section: S}}\n"
    y += "    then:\n"
    if kind == 0:
        level = "emergency" if r in changed else "see_doctor"
        y += f"      red_flag: {{text: flag {r}, sign: sign {r}, disposition: {level}}}\n"
        flags.append((r, when))
    elif kind == 1:
        y += f"      avoid: {{o{rng.randrange(12)}: no}}\n"
    else:
        option = rng.randrange(12)  # drawn where the first version drew it: the same base
        y += f"      recommend: [o{(option + 1) % 12 if r in changed else option}]\n"
open(f"{a.folder}/rules_{f:03}.yaml", "w").write(y)

if a.invariants:
    y = "invariants:\n  - {id: every_case_has_a_disposition, title: I, expect: {has_disposition: yes}}\n"
    for r, when in flags:
        y += f"  - id: flag_{r}_escalates\n    title: I\n    when: {when}\n"
        y += "    expect: {disposition_at_least: see_doctor}\n"
    yes_no = ", ".join(f"q{q}" for q in range(questions) if not isint(q))
    y += f"  - id: yes_never_lowers\n    title: I\n    monotone: [{yes_no}]\n"
    open(f"{a.folder}/invariants.yaml", "w").write(y)

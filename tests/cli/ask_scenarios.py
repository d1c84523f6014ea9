#!/usr/bin/env python3
"""Drives `backtriage ask` through a pipe for every scenario, as a person would answer it.

For each scenario in tests/scenarios (answers in, expectations out), the questionnaire is run with
checklists (the default) and with --one-at-a-time. The driver reads each prompt off the screen,
works out from its words which question or which list items it shows, and types the scenario's
answers: "none", item numbers and N? for not sure in a list; yes, no, not sure or a number alone.
A question the scenario leaves open is answered as an ordinary adult would (no, pain 3, age 35, 5
days). The result the questionnaire gives must equal `assess` on the answers it was given (the
level, the red flags, the plan, what to avoid and what is missing), in both ways of asking; and
where the scenario answered everything asked, its level must be the one `assess` gives on the
whole scenario. "At most N to go" must never promise fewer prompts than come.

usage: ask_scenarios.py BIN SCENARIO_DIR RULES_DIR [--table FILE]
With --table, the number of prompts each scenario took, one at a time and with lists, is written
to FILE as a Markdown table (docs/scenarios.md holds it).
"""
import json
import os
import re
import select
import subprocess
import sys
import tempfile

import yaml

# What must be the same: the level, the red flags, the plan, what to avoid and what is missing
# (the order red flags fired in, and the rule that first avoided an option, follow the order the
# answers came in: the sets count).
COMPARED = ("status", "disposition", "red_flags", "recommended", "avoid", "missing")
ORDINARY = {"pain_score": 3, "age": 35, "days_since_onset": 5}


def comparable(result):
    out = {key: result.get(key) for key in COMPARED}
    out["avoid"] = sorted(a["id"] for a in result.get("avoid", []))
    out["red_flags"] = sorted(f["id"] for f in result.get("red_flags", []))
    return out


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def answer_text(value):
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


class Screen:
    """The questionnaire's screen (standard error off a terminal), read up to each prompt."""

    def __init__(self, proc):
        self.proc = proc
        self.text = ""

    def until_prompt(self, timeout=20.0):
        fd = self.proc.stderr.fileno()
        while True:
            if self.text.endswith("explain> ") or self.text.endswith("\n> "):
                return self.text
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                raise RuntimeError("no prompt within %s s; the screen ends:\n%s" % (timeout, self.text[-800:]))
            chunk = os.read(fd, 65536)
            if not chunk:
                return None  # the questionnaire ended
            self.text += chunk.decode("utf-8", "replace")


def parse_prompt(screen_text):
    """The last prompt: ('list', [item texts]) or ('question', text)."""
    block = screen_text[screen_text.rindex("\nQuestion ") + 1:]
    lines = block.split("\n")[1:-1]  # after "Question N (...)", before "> "
    items, current = [], None
    for line in lines[1:]:
        m = re.match(r"^\s{0,3}(\d+)\. (.*)$", line)
        if m and int(m.group(1)) == len(items) + 1:
            current = [m.group(2)]
            items.append(current)
        elif current is not None and line.startswith("     "):
            current.append(line)
        elif line.startswith("[the numbers that apply"):
            current = None
    if items:
        return "list", [squeeze(" ".join(i)) for i in items]
    return "question", squeeze(" ".join(lines))


def drive(binary, rules, answers, one_at_a_time):
    """Runs ask on answers; returns (result JSON, prompts answered, the answers given, how many
    of them the scenario left open)."""
    args = [binary, "--rules", rules, "ask", "--format", "json"]
    if one_at_a_time:
        args.append("--one-at-a-time")
    env = dict(os.environ, COLUMNS="120", NO_COLOR="1")
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    screen = Screen(proc)
    prompts, given, filled, at_most = 0, {}, 0, []

    def value(q):
        nonlocal filled
        if q not in answers:
            filled += 1
        given[q] = answers.get(q, ORDINARY.get(q, False))
        return given[q]

    try:
        while True:
            text = screen.until_prompt()
            if text is None or text.endswith("explain> "):
                break
            kind, shown = parse_prompt(text)
            at_most.append(int(re.findall(r"\nQuestion \d+ \(at most (\d+) to go\)", text)[-1]))
            if kind == "list":
                values = [value(by_list_text[t]) for t in shown]
                typed = [str(n) + ("?" if v == "unsure" else "")
                         for n, v in enumerate(values, 1) if v is True or v == "unsure"]
                line = " ".join(typed) if typed else "none"
            else:
                matches = [q for t, q in by_text.items() if t in shown]
                if len(matches) != 1:
                    raise RuntimeError("cannot tell which question this is: %r" % shown)
                line = answer_text(value(matches[0]))
            screen.text += "\n"  # a line of its own for the echo, so the next prompt is read anew
            proc.stdin.write((line + "\n").encode())
            proc.stdin.flush()
            prompts += 1
        proc.stdin.close()
        out = proc.stdout.read()
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    if proc.returncode != 0:
        raise RuntimeError("ask exited %d; the screen ends:\n%s" % (proc.returncode, screen.text[-800:]))
    # "at most N to go" is an upper bound on the prompts left, this one included.
    for k, bound in enumerate(at_most):
        if bound < prompts - k:
            raise RuntimeError("prompt %d said at most %d to go; %d came" % (k + 1, bound, prompts - k))
    return json.loads(out), prompts, given, filled


def assess(binary, rules, answers):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        yaml.safe_dump(answers, f)
        path = f.name
    try:
        run = subprocess.run([binary, "--rules", rules, "assess", "--answers", path, "--format", "json"],
                             capture_output=True, text=True)
    finally:
        os.unlink(path)
    if run.returncode not in (0, 3):  # 3: incomplete, with the questions still missing
        raise RuntimeError("assess exited %d: %s" % (run.returncode, run.stderr))
    return json.loads(run.stdout)


def main():
    global by_text, by_list_text
    binary, scenarios, rules = sys.argv[1:4]
    table = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--table" else None
    questions = yaml.safe_load(open(os.path.join(rules, "questions.yaml")))["questions"]
    by_text = {squeeze(q["text"]): q["id"] for q in questions}
    by_list_text = {squeeze(q["list_text"]): q["id"] for q in questions if "list_text" in q}
    failures, rows = [], []
    for name in sorted(os.listdir(scenarios)):
        if not name.endswith(".yaml"):
            continue
        scenario = yaml.safe_load(open(os.path.join(scenarios, name)))
        answers = scenario.get("answers") or {}
        whole = assess(binary, rules, answers)
        counts, levels = [], []
        for one in (True, False):
            mode = "one at a time" if one else "lists"
            try:
                result, prompts, given, filled = drive(binary, rules, answers, one)
            except (RuntimeError, KeyError, subprocess.TimeoutExpired) as e:
                failures.append("%s (%s): %s" % (name, mode, e))
                counts.append(None)
                continue
            counts.append(prompts)
            levels.append(result.get("disposition"))
            # Every question asked, in a list or alone, has its own answer in the result.
            recorded = {q: str(v) for q, v in (result.get("answers") or {}).items()}
            if recorded != {q: answer_text(v) for q, v in given.items()}:
                failures.append("%s (%s): the result's answers %s are not the answers typed %s" % (
                    name, mode, recorded, given))
            asked, expected = comparable(result), comparable(assess(binary, rules, given))
            for key in COMPARED:
                if asked[key] != expected[key]:
                    failures.append("%s (%s): %s differs: ask %s, assess %s" % (
                        name, mode, key, json.dumps(asked[key])[:300], json.dumps(expected[key])[:300]))
            if filled == 0 and whole["status"] == "complete" and result.get("disposition") != whole["disposition"]:
                failures.append("%s (%s): the questionnaire reached %s, assess on the whole scenario %s" % (
                    name, mode, result.get("disposition"), whole["disposition"]))
        if len(set(levels)) > 1:
            failures.append("%s: one at a time and with lists reach different levels: %s" % (name, levels))
        rows.append((name[:-5], levels[0] if levels else "?", counts))
    for f in failures:
        print("FAIL:", f)
    if table:
        with open(table, "w") as f:
            f.write("| Scenario | Level reached | Prompts one at a time | Prompts with lists |\n|---|---|---:|---:|\n")
            for name, level, (one, lists) in rows:
                f.write("| %s | %s | %s | %s |\n" % (name, level, one, lists))
    both = [(c[0], c[1]) for _, _, c in rows if None not in c]
    print("%d scenarios driven twice: %d prompts one at a time, %d with lists; %d failure(s)"
          % (len(rows), sum(a for a, _ in both), sum(b for _, b in both), len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

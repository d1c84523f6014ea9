#!/usr/bin/env python3
"""Lines per result at 80 columns, for every scenario: how much a person has to read.

usage: report_lines.py BACKTRIAGE SCENARIO_DIR [--expected LEVEL] [EXTRA_ARGS...]
Prints one line per scenario (name, disposition, text lines, Markdown lines) and a summary per
disposition. --expected LEVEL measures only the scenarios that expect that disposition (the tests
use it to stay quick under the sanitizers). EXTRA_ARGS go to `backtriage assess` (--verbose).
"""
import json
import os
import subprocess
import sys
import tempfile

import yaml


def run(binary, answers_file, extra, fmt):
    proc = subprocess.run([binary, "assess", "--answers", answers_file, "--format", fmt, *extra],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "80", "NO_COLOR": "1"})
    return proc.stdout


def main():
    binary, folder, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
    only = None
    if extra[:1] == ["--expected"]:
        only, extra = extra[1], extra[2:]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".yaml"):
                continue
            with open(os.path.join(folder, name)) as f:
                scenario = yaml.safe_load(f)
            if only is not None and scenario.get("expect", {}).get("disposition") != only:
                continue
            answers = {k: ("yes" if v is True else "no" if v is False else v) for k, v in scenario["answers"].items()}
            path = os.path.join(tmp, "answers.json")
            with open(path, "w") as f:
                json.dump(answers, f)
            result = json.loads(run(binary, path, [], "json"))
            level = result.get("disposition") or result.get("status")
            text = run(binary, path, extra, "text").count("\n")
            markdown = run(binary, path, extra, "markdown").count("\n")
            rows.append((name[:-5], level, text, markdown))
    for row in rows:
        print("{}\t{}\t{}\t{}".format(*row))
    print()
    levels = sorted({r[1] for r in rows})
    print("disposition\tscenarios\ttext lines (min / median / max)\tMarkdown lines (min / median / max)")
    for level in levels:
        t = sorted(r[2] for r in rows if r[1] == level)
        m = sorted(r[3] for r in rows if r[1] == level)
        print(f"{level}\t{len(t)}\t{t[0]} / {t[len(t) // 2]} / {t[-1]}\t{m[0]} / {m[len(m) // 2]} / {m[-1]}")


if __name__ == "__main__":
    main()

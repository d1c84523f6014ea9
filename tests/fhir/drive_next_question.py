#!/usr/bin/env python3
"""Drives `backtriage next-question` the way an SDC form filler would, for every answer set given:
start from an empty QuestionnaireResponse, show the item it adds (a question, or a checklist's
group of questions), answer it from the answer set (as a form would write that answer for that
item's type, every answer nested as the contained Questionnaire nests its items), send the
response back, until it comes
back completed; then compare the attached result with `assess` on the answers it collected
(disposition, message, red flags, recommended and avoided options: all the same), and with
`assess` on the whole answer set (the same disposition: asking less never changes the level;
the red flags found are among those assess finds, which may be more, since questions stop at an
emergency). Also checks that exactly one new item comes back each
time (a group's members all new), that an item the answer set cannot answer holds only questions
`assess` lists as missing on the answers sent so far, that no question is asked twice, and that the
exit code says in-progress (3) or completed (0). Prints one line per failure and a summary.

An answer set that is complete without answering every question (one red flag, say) is filled in
from tests/cli/fixtures/benign.yaml for the questions it leaves out, as a person would answer
the questions asked before the one that matters.

usage: drive_next_question.py BACKTRIAGE OUT_DIR SCENARIO.yaml... [--cases CASES.jsonl] [--requests DIR]
OUT_DIR receives the final response of each answer set (for the FHIR validator); DIR, every
request sent for one answer set in ten, as the form sent it (for the validator too)."""
import json
import os
import subprocess
import sys

import yaml


def plain(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def answer_sets(paths, cases):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            scenario = yaml.safe_load(f)
        yield os.path.splitext(os.path.basename(path))[0], {k: plain(v) for k, v in (scenario.get("answers") or {}).items()}
    if cases:
        with open(cases, encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                yield str(case.pop("id")), {k: plain(v) for k, v in case.items()}


def fhir_answer(item, value):
    kind = item["type"]
    if kind == "boolean":
        return {"valueBoolean": str(value).lower() in ("yes", "true")}
    if kind == "integer":
        return {"valueInteger": int(value)}
    code = "UNK" if str(value) == "unsure" else str(value)
    for option in item["answerOption"]:
        coding = option["valueCoding"]
        if coding["code"] == code:
            return {"valueCoding": {k: coding[k] for k in ("system", "code") if k in coding}}
    raise ValueError(f"{value!r} is not an answer option of {item['linkId']}")


with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli", "fixtures", "benign.yaml"),
          encoding="utf-8") as benign_file:
    BENIGN = {k: plain(v) for k, v in yaml.safe_load(benign_file).items()}


def answers_in(items):
    """linkId -> answer list, for every answered item at any depth."""
    out = {}
    for item in items or []:
        if "answer" in item:
            out[item["linkId"]] = item["answer"]
        out.update(answers_in(item.get("item")))
    return out


def questions_in(items, parent=None):
    """(item, group linkId or None) for every question item: groups opened, help texts left out."""
    for item in items or []:
        if item["type"] == "group":
            yield from questions_in(item.get("item"), item["linkId"])
        elif item["type"] != "display":
            yield item, parent


def mirror(items, given):
    """The response items for the answers given, nested exactly as the Questionnaire's items."""
    out = []
    for item in items or []:
        if item["type"] == "group":
            children = mirror(item.get("item"), given)
            if children:
                out.append({"linkId": item["linkId"], "text": item["text"], "item": children})
        elif item["type"] != "display" and item["linkId"] in given:
            out.append({"linkId": item["linkId"], "text": item["text"], "answer": given[item["linkId"]]})
    return out


def run(binary, args, stdin=None):
    p = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def ids(items):
    seen = []
    for i in items:
        if i not in seen:
            seen.append(i)
    return seen


def main():
    args = sys.argv[1:]
    every = int(os.environ.get("NEXT_QUESTION_EVERY", "1"))  # a share of the sets, under the sanitizers
    cases, requests_dir = None, None
    if "--requests" in args:
        k = args.index("--requests")
        requests_dir = args[k + 1]
        del args[k:k + 2]
    if "--cases" in args:
        k = args.index("--cases")
        cases = args[k + 1]
        del args[k:k + 2]
    if len(args) < 3:
        sys.exit(__doc__)
    binary, out_dir, scenarios = args[0], args[1], args[2:]
    failures, driven, asked_total, answered_total, prompts_total = 0, 0, 0, 0, 0

    def fail(name, message):
        nonlocal failures
        failures += 1
        if failures <= 20:
            print(f"FAIL: {name}: {message}")

    for index, (name, answers) in enumerate(answer_sets(scenarios, cases)):
        if index % every:
            continue
        code, out, err = run(binary, ["assess", "--format", "json", "--answers", "-"], json.dumps(answers))
        if code not in (0, 3):
            fail(name, f"assess exits {code}: {err.strip()}")
            continue
        expected = json.loads(out)
        if expected["status"] == "complete":
            answers = {**BENIGN, **answers}
        response = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
        asked, prompts = [], 0
        while True:
            code, out, err = run(binary, ["next-question"], json.dumps(response))
            if code not in (0, 3):
                fail(name, f"next-question exits {code}: {err.strip()}")
                break
            response = json.loads(out)
            questionnaire = response["contained"][0]
            given_json = answers_in(response.get("item", []))
            if code == 0:
                if response["status"] != "completed":
                    fail(name, f"exit 0 with status {response['status']}")
                break
            if response["status"] != "in-progress":
                fail(name, f"exit 3 with status {response['status']}")
                break
            # The new questions: the contained Questionnaire's questions without an answer. They
            # must be one question at the top, or members of one checklist's group.
            new = [(item, parent) for item, parent in questions_in(questionnaire["item"]) if item["linkId"] not in given_json]
            parents = {parent for _, parent in new}
            if not new or len(parents) != 1 or (None in parents and len(new) != 1):
                fail(name, f"new items {[(i['linkId'], p) for i, p in new]}: expected one question or one group's members")
                break
            links = [item["linkId"] for item, _ in new]
            twice = [link for link in links if link in asked]
            if twice:
                fail(name, f"{twice} asked twice")
                break
            asked.extend(links)
            prompts += 1
            lacking = [link for link in links if link not in answers]
            if lacking:
                # The answer set stops here: it must be incomplete, and assess on the answers sent so
                # far must list every question of the item as missing (a group is asked before its
                # members' answers are known, so the whole set's missing list can be shorter).
                code, out, err = run(binary, ["assess", "--format", "json", "--answers", "-"], json.dumps(response))
                so_far = json.loads(out) if code in (0, 3) else {"missing": []}
                if expected["status"] != "incomplete" or not set(links) <= set(so_far.get("missing", [])):
                    fail(name, f"asks {links}, the answers lack {lacking}, yet assess says {expected['status']} "
                               f"(missing so far {so_far.get('missing')})")
                break
            for item, _ in new:
                given_json[item["linkId"]] = [fhir_answer(item, answers[item["linkId"]])]
            # As a form sends it: the answers nested as the contained Questionnaire nests its items.
            response["item"] = mirror(questionnaire["item"], given_json)
            if requests_dir is not None and index % 10 == 0:
                with open(os.path.join(requests_dir, f"{name}.{prompts}.json"), "w", encoding="utf-8") as f:
                    json.dump(response, f, indent=1)
        else:
            continue
        driven += 1
        asked_total += len(asked)
        prompts_total += prompts
        answered_total += len(answers)
        with open(os.path.join(out_dir, f"{name}.json"), "w", encoding="utf-8") as f:
            json.dump(response, f, indent=1)
        if expected["status"] == "incomplete":
            continue  # compared above: the question asked is one assess lists as missing
        if response["status"] != "completed":
            fail(name, "assess completes, but next-question still asks")
            continue
        result = next((i for i in response["item"] if i["linkId"] == "backtriage.result"), None)
        if result is None:
            fail(name, "completed without a backtriage.result group")
            continue
        got = {i["linkId"].split(".")[-1]: [a.get("valueCoding", {}).get("code", a.get("valueString"))
                                            for a in i["answer"]] for i in result.get("item", [])}
        if got.get("disposition") != [expected["disposition"]]:
            fail(name, f"disposition {got.get('disposition')}, assess on all the answers {expected['disposition']}")
        if not set(got.get("red_flags", [])) <= {f["id"] for f in expected["red_flags"]}:
            fail(name, f"red flags {got.get('red_flags')} not among assess's {[f['id'] for f in expected['red_flags']]}")
        code, out, err = run(binary, ["assess", "--format", "json", "--answers", "-"], json.dumps(response))
        if code != 0:
            fail(name, f"assess on the completed response exits {code}: {err.strip()}")
            continue
        expected = json.loads(out)
        want = {
            "disposition": [expected["disposition"]],
            "message": [expected["message"]],
            "red_flags": ids(f["id"] for f in expected["red_flags"]),
            "recommended": [o["id"] for o in expected["recommended"]],
            "avoid": [o["id"] for o in expected["avoid"]],
            # When to get help (SPEC 2), in the text report's order: doubts, the level's advice,
            # then the signs of each level above.
            "safety_net": [s["text"] for s in expected["if_sure"]] + expected["safety_net"]["advice"]
                          + [lv["text"] for lv in expected["safety_net"]["levels"]],
        }
        for key, value in want.items():
            if got.get(key, []) != value:
                fail(name, f"{key}: next-question gives {got.get(key, [])}, assess {value}")
    print(f"{driven} answer sets driven to the end; {asked_total} questions asked in {prompts_total} items "
          f"({asked_total / max(driven, 1):.1f} questions and {prompts_total / max(driven, 1):.1f} items a set, "
          f"for {answered_total / max(driven, 1):.1f} answers given); "
          f"{failures} failure(s)")
    sys.exit(1 if failures or driven == 0 else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Turns answer sets into FHIR QuestionnaireResponses, using only what the exported Questionnaire
says (item types, answer options): what a health system's form would send back.

usage: make_responses.py QUESTIONNAIRE.json OUT_DIR SOURCE...
SOURCE is a scenario file (its `answers:` map) or a JSON-lines file of cases (bench/gen_cases.py).
For each answer set N it writes OUT_DIR/N.map.json (the plain answers map) and OUT_DIR/N.fhir.json.
Items nest exactly as the Questionnaire's do (R4 requires it, and form fillers such as LHC-Forms
fail on a response that does not): a question's children in its answer.item, a group's in item."""
import json
import os
import sys

import yaml


def answer_sets(source):
    if source.endswith(".jsonl"):
        with open(source, encoding="utf-8") as f:
            for line in f:
                case = json.loads(line)
                yield case.pop("id"), case
    else:
        with open(source, encoding="utf-8") as f:
            scenario = yaml.safe_load(f)
        yield os.path.splitext(os.path.basename(source))[0], scenario.get("answers") or {}


def fhir_value(item, value):
    kind = item["type"]
    if kind == "boolean":  # PyYAML reads yes/no as booleans; case files spell them out
        return {"valueBoolean": value if isinstance(value, bool) else str(value).lower() in ("yes", "y", "true")}
    if kind == "integer":
        return {"valueInteger": int(value)}
    if kind == "choice":
        # a yes/no/unsure question is a choice of yes, no and NullFlavor UNK ("Not sure");
        # PyYAML reads its yes and no as booleans
        code = str(plain(value))
        if code == "unsure":
            code = "UNK"
        for option in item["answerOption"]:
            coding = option["valueCoding"]
            if coding["code"] == code:
                return {"valueCoding": {k: coding[k] for k in ("system", "code") if k in coding}}
        sys.exit(f"{value!r} is not an answerOption of {item['linkId']}")
    sys.exit(f"unexpected item type {kind}")


def plain(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def response(questionnaire, answers):
    known = set()

    def collect(items):
        for item in items or []:
            known.add(item["linkId"])
            collect(item.get("item"))

    collect(questionnaire["item"])
    unknown = set(answers) - known
    if unknown:
        sys.exit(f"answers to questions the Questionnaire does not have: {sorted(unknown)}")

    def mirror(items):
        out = []
        for item in items or []:
            children = mirror(item.get("item"))
            if item["type"] == "group":
                if children:
                    out.append({"linkId": item["linkId"], "item": children})
            elif item["linkId"] in answers:
                answer = fhir_value(item, answers[item["linkId"]])
                if children:
                    answer["item"] = children
                out.append({"linkId": item["linkId"], "text": item["text"], "answer": [answer]})
        return out

    out = mirror(questionnaire["item"])
    canonical = questionnaire["url"] + ("|" + questionnaire["version"] if "version" in questionnaire else "")
    resource = {"resourceType": "QuestionnaireResponse", "questionnaire": canonical, "status": "completed"}
    if out:
        resource["item"] = out
    return resource


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        questionnaire = json.load(f)
    out_dir = sys.argv[2]
    count = 0
    for source in sys.argv[3:]:
        for name, answers in answer_sets(source):
            with open(os.path.join(out_dir, f"{name}.map.json"), "w", encoding="utf-8") as f:
                json.dump({k: plain(v) for k, v in answers.items()}, f)
            with open(os.path.join(out_dir, f"{name}.fhir.json"), "w", encoding="utf-8") as f:
                json.dump(response(questionnaire, answers), f, indent=1)
            count += 1
    print(count)


if __name__ == "__main__":
    main()

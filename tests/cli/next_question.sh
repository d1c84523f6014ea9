#!/usr/bin/env bash
# `next-question` as a script meets it: an empty response starts (exit 3, in-progress) with the
# first checklist as one group of its members; the group's answers, nested in it, move it on; a
# member answered on its own leaves the rest of its list as the group; an emergency answer completes it at once (exit 0) with the result group;
# a completed response reads back (idempotent, and assess --answers takes it); the caller's
# elements, contained resources and Questionnaire id survive; bad input exits 2 naming the place.
source "$(dirname "$0")/lib.bash" "$@"
start='{"resourceType": "QuestionnaireResponse", "id": "r1", "status": "in-progress", "subject": {"reference": "Patient/p1"}, "authored": "2026-12-06T10:00:00Z"}'

run next-question - <<<"$start"
expect_code 3
[ "$(jq -r .status <<<"$OUT")" = in-progress ] || fail "status: $(jq -r .status <<<"$OUT")"
[ "$(jq -r .questionnaire <<<"$OUT")" = "#q" ] || fail "questionnaire: $(jq -r .questionnaire <<<"$OUT")"
[ "$(jq -c '[.contained[0].item[] | .linkId, .type]' <<<"$OUT")" = '["emergency_signs","group"]' ] || fail "first item: $(jq -c '[.contained[0].item[].linkId]' <<<"$OUT")"
[ "$(jq -c '[.contained[0].item[0].item[].linkId]' <<<"$OUT")" = '["saddle_numbness","bladder_bowel_change","leg_weakness","both_legs","chest_pain","faint_or_belly_pulse","major_trauma"]' ] ||
  fail "the first group's members: $(jq -c '[.contained[0].item[0].item[].linkId]' <<<"$OUT")"
jq -e '.contained[0].item[0].text == "Do you have any of these now?" and .contained[0].item[0].item[4].text == "Chest pain or trouble breathing"' \
  >/dev/null <<<"$OUT" || fail "the group's lead or an item's list text: $(jq -c '.contained[0].item[0] | {text, t: [.item[].text]}' <<<"$OUT")"
[ "$(jq -r '.id + " " + .subject.reference + " " + .authored' <<<"$OUT")" = "r1 Patient/p1 2026-12-06T10:00:00Z" ] ||
  fail "the caller's id, subject and authored are not kept"
jq -e '.contained[0].derivedFrom == ["urn:backtriage:backtriage-lower-back|2.0.0"] and ([.contained[0].item[0].item[] | has("enableWhen")] | any | not)' \
  >/dev/null <<<"$OUT" || fail "the contained Questionnaire: $(jq -c '.contained[0] | del(.item)' <<<"$OUT")"
jq -e 'has("item") | not' >/dev/null <<<"$OUT" || fail "an empty response gained items"

# The whole group answered no, nested in it as a form sends it: the next group; the answers are
# kept, one item each, in the Questionnaire's order.
nos=$(jq -c '[.contained[0].item[0].item[] | {linkId, answer: [{valueCoding: {code: "no"}}]}]' <<<"$OUT")
step=$(jq --argjson nos "$nos" '.item = [{"linkId": "emergency_signs", "item": $nos}]' <<<"$OUT")
run next-question - <<<"$step"
expect_code 3
[ "$(jq -c '[.contained[0].item[].linkId] | .[-1]' <<<"$OUT")" = '"serious_cause_signs"' ] ||
  fail "second group: $(jq -c '[.contained[0].item[].linkId]' <<<"$OUT")"
# The answers stay in their group, as `export fhir` nests them, in list wording.
[ "$(jq -c '[.item[] | .linkId, (.item | length)]' <<<"$OUT")" = '["emergency_signs",7]' ] ||
  fail "answers kept: $(jq -c '.item' <<<"$OUT")"
jq -e '.item[0].item[4] | .linkId == "chest_pain" and .text == "Chest pain or trouble breathing"' >/dev/null <<<"$OUT" ||
  fail "a member's answer: $(jq -c '.item[0].item[4]' <<<"$OUT")"
# One member answered alone, at the top: it comes back in its group, with the others to answer.
one=$(jq '.item = [{"linkId": "saddle_numbness", "answer": [{"valueCoding": {"code": "no"}}]}]' <<<"$start")
run next-question - <<<"$one"
expect_code 3
[ "$(jq -c '[.contained[0].item[] | .linkId, (.item | length)]' <<<"$OUT")" = '["emergency_signs",7]' ] ||
  fail "the group with its answered member and the rest: $(jq -c '.contained[0].item' <<<"$OUT")"
[ "$(jq -c '[.item[] | .linkId, [.item[].linkId]]' <<<"$OUT")" = '["emergency_signs",["saddle_numbness"]]' ] ||
  fail "the answered member in its group: $(jq -c '.item' <<<"$OUT")"
# The output fits the full Questionnaire it derives from, not only the contained one.
"$BIN" export fhir >"$TMP/full.json"
echo "$OUT" >"$TMP/one.json"
python3 - "$TMP/full.json" "$TMP/one.json" <<'PY' || fail "next-question's items do not nest as export fhir's"
import json, sys
def places(items, parent=None):  # (linkId, the group it is in) at any depth, help texts left out
    for i in items or []:
        if i.get("type") == "display":
            continue
        yield i["linkId"], parent
        if i.get("type") == "group" or ("item" in i and "answer" not in i):
            yield from places(i.get("item"), i["linkId"])
where = dict(places(json.load(open(sys.argv[1]))["item"]))
resp = json.load(open(sys.argv[2]))
got = list(places(resp.get("item"))) + list(places(resp["contained"][0].get("item")))
bad = [(link, parent, where.get(link)) for link, parent in got if where.get(link, "?") != parent]
sys.exit(f"nested differently from export fhir (linkId, here, there): {bad}" if bad else 0)
PY

# An emergency sign: complete at once, with the result.
emergency=$(jq '.item = [{"linkId": "saddle_numbness", "answer": [{"valueCoding": {"code": "yes"}}]}]' <<<"$OUT")
run next-question - <<<"$emergency"
expect_code 0
[ "$(jq -r .status <<<"$OUT")" = completed ] || fail "status after an emergency sign: $(jq -r .status <<<"$OUT")"
result='.item[] | select(.linkId == "backtriage.result") | .item[]'
[ "$(jq -r "$result | select(.linkId == \"backtriage.result.disposition\") | .answer[0].valueCoding.code" <<<"$OUT")" = emergency ] ||
  fail "disposition: $(jq -c "$result" <<<"$OUT")"
[ "$(jq -r "$result | select(.linkId == \"backtriage.result.red_flags\") | .answer[0].valueCoding.code" <<<"$OUT")" = saddle_numbness ] ||
  fail "red flag: $(jq -c "$result" <<<"$OUT")"
jq -e "[$result | select(.linkId == \"backtriage.result.recommended\")] | length == 0" >/dev/null <<<"$OUT" ||
  fail "an emergency shows a plan"
completed=$OUT
# Read back: the same response, and the answers assess takes (the result group is skipped).
run next-question - <<<"$completed"
expect_code 0
[ "$OUT" = "$completed" ] || fail "a completed response sent back changes: $(diff <(echo "$completed") <(echo "$OUT") | head -5)"
echo "$completed" >"$TMP/completed.json"
run assess --answers "$TMP/completed.json" --format json
expect_code 0
[ "$(jq -r .disposition <<<"$OUT")" = emergency ] || fail "assess of the completed response: $(jq -r .disposition <<<"$OUT")"

# The caller's own contained Questionnaire id is kept; other contained resources stay.
own=$(jq '.questionnaire = "#adaptive" | .contained = [{"resourceType": "Questionnaire", "id": "adaptive", "status": "active"}, {"resourceType": "Patient", "id": "p"}]' <<<"$step")
run next-question - <<<"$own"
expect_code 3
[ "$(jq -r '.questionnaire + " " + .contained[0].id + " " + .contained[1].resourceType' <<<"$OUT")" = "#adaptive adaptive Patient" ] ||
  fail "contained: $(jq -c '[.questionnaire, [.contained[] | .resourceType + "/" + .id]]' <<<"$OUT")"
# An id that is no FHIR id is not echoed.
run next-question - <<<"$(jq '.questionnaire = "#a b<script>"' <<<"$step")"
[ "$(jq -r .questionnaire <<<"$OUT")" = "#q" ] || fail "a bad contained id was echoed: $(jq -r .questionnaire <<<"$OUT")"

# Hostile contained entries: refused with their place, never echoed as invalid FHIR.
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "contained": [1, "x", null]}'
expect_code 2
expect_err "a contained entry must be a resource"
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "contained": [{"resourceType": "Patient", "id": 5}]}'
expect_code 2
expect_err "a contained entry must be a resource"
# A contained Patient that happens to be called q keeps its id; the Questionnaire takes another.
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "contained": [{"resourceType": "Patient", "id": "q"}]}'
expect_code 3
[ "$(jq -r '.questionnaire + " " + ([.contained[] | .resourceType + "/" + .id] | join(","))' <<<"$OUT")" = "#q1 Questionnaire/q1,Patient/q" ] ||
  fail "a Patient called q: $(jq -c '[.questionnaire, [.contained[] | .resourceType + "/" + .id]]' <<<"$OUT")"

# No answer can hide in the result group: a question there is refused, and so is the group below
# the top.
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": [{"linkId": "backtriage.result", "item": [{"linkId": "saddle_numbness", "answer": [{"valueCoding": {"code": "yes"}}]}]}]}'
expect_code 2
expect_err "'backtriage.result' holds only the result next-question attached; 'saddle_numbness' belongs in the response's own items"
echo '{"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": [{"linkId": "backtriage.result", "item": [{"linkId": "saddle_numbness", "answer": [{"valueCoding": {"code": "yes"}}]}]}]}' >"$TMP/smuggled.json"
run assess --answers "$TMP/smuggled.json"
expect_code 2
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": [{"linkId": "saddle_numbness", "answer": [{"valueCoding": {"code": "no"}, "item": [{"linkId": "backtriage.result"}]}]}]}'
expect_code 2
expect_err "at the top of the response only"

# From a file, into --output.
echo "$start" >"$TMP/start.json"
run next-question "$TMP/start.json" --output "$TMP/next.json"
expect_code 3
[ -z "$OUT" ] && [ "$(jq -r .status "$TMP/next.json")" = in-progress ] || fail "--output: $(head -c 200 "$TMP/next.json")"

# Bad input: exit 2, the place and what is allowed.
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": ['
expect_code 2
expect_err "standard input:2:1: error: not valid JSON"
expect_err "nothing was assessed"
run next-question - <<<'{"resourceType": "Questionnaire", "status": "active"}'
expect_code 2
expect_err 'standard input:1:18: error: next-question takes a FHIR QuestionnaireResponse in JSON'
expect_err 'not a Questionnaire'
run next-question - <<<'saddle_numbness: no'
expect_code 2
expect_err "not valid JSON"
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": [{"linkId": "saddle_numbnes", "answer": [{"valueBoolean": false}]}]}'
expect_code 2
expect_err "unknown question 'saddle_numbnes' (did you mean 'saddle_numbness'?)"
# A checklist's group takes no answer of its own (its members do): refused, and said so.
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": [{"linkId": "emergency_signs", "answer": [{"valueBoolean": false}]}]}'
expect_code 2
expect_err "'emergency_signs' is a checklist, a group of questions: it takes no answer of its own"
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "entered-in-error"}'
expect_code 2
expect_err "entered-in-error"
run next-question - <<<'{"resourceType": "QuestionnaireResponse", "status": "in-progress", "item": [{"linkId": "pain_score", "answer": [{"valueInteger": 11}]}]}'
expect_code 2
expect_err "pain_score"
run next-question "$TMP/no-such-file.json"
expect_code 2
expect_err "no-such-file.json: error: cannot open file"
finish

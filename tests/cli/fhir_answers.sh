#!/usr/bin/env bash
# A FHIR QuestionnaireResponse is an answers file for assess and ask --resume: its answers count
# like a plain map's, its problems are reported at file:line:col with exit 2, a response marked
# entered-in-error is refused, and ask --resume never rewrites a health system's response.
source "$(dirname "$0")/lib.bash" "$@"

cat >"$TMP/saddle.json" <<'JSON'
{
  "resourceType": "QuestionnaireResponse",
  "questionnaire": "urn:backtriage:backtriage-lower-back|1.0.0",
  "status": "in-progress",
  "item": [
    {"linkId": "saddle_numbness", "answer": [{"valueBoolean": true}]},
    {"linkId": "pain_score", "answer": [{"valueInteger": 2}]}
  ]
}
JSON
run assess --answers "$TMP/saddle.json" --format json
expect_code 0
[ "$(jq -r .disposition <<<"$OUT")" = emergency ] || fail "saddle numbness from a response is not an emergency"
[ "$(jq -r '.answers.pain_score' <<<"$OUT")" = 2 ] || fail "pain_score was not taken from the response"

# Later sources still win over the file, as with a plain map.
run assess --answers "$TMP/saddle.json" --saddle-numbness no --format json
[ "$(jq -r .disposition <<<"$OUT")" != emergency ] || fail "--saddle-numbness did not override the response"

cat >"$TMP/bad.json" <<'JSON'
{
  "resourceType": "QuestionnaireResponse",
  "status": "completed",
  "item": [
    {"linkId": "fevr", "answer": [{"valueBoolean": true}]},
    {"linkId": "pain_score", "answer": [{"valueInteger": "8"}]},
    {"linkId": "numbness", "answer": [{"valueString": "no"}]}
  ]
}
JSON
run assess --answers "$TMP/bad.json"
expect_code 2
expect_err "bad.json:5:16: error: unknown question 'fevr' (did you mean 'fever'?)"
expect_err "bad.json:6:58: error: 'pain_score' is answered valueInteger (a JSON number) here: a whole number from 0 to 10"
expect_err "bad.json:7:55: error: 'numbness' is answered valueCoding with the code yes or no, or UNK (HL7 v3 NullFlavor) for not sure; or valueBoolean (true or false) here: yes, no or unsure"
expect_err "bad.json: the answers file cannot be used; nothing was assessed"

jq '.status = "entered-in-error"' "$TMP/saddle.json" >"$TMP/void.json"
run assess --answers "$TMP/void.json"
expect_code 2
expect_err "void.json:4:13: error: this QuestionnaireResponse is marked entered-in-error: its answers are void"

printf '{"resourceType": "Questionnaire", "status": "active"}\n' >"$TMP/q.json"
run assess --answers "$TMP/q.json"
expect_code 2
expect_err "a FHIR Questionnaire is not an answers file: give a QuestionnaireResponse"

# ask --resume takes the response's answers and leaves the file as it was.
jq '.item[0].answer[0].valueBoolean = false' "$TMP/saddle.json" >"$TMP/resume.json"
cp "$TMP/resume.json" "$TMP/resume.before"
"$BIN" ask --resume "$TMP/resume.json" </dev/null >"$TMP/out" 2>"$TMP/err"
CODE=$?
OUT=$(cat "$TMP/out" "$TMP/err") ERR=$(cat "$TMP/err")  # off a terminal, the questions go to stderr
expect_code 3
expect_out "Answers taken from $TMP/resume.json"
expect_out "Not recording"
cmp -s "$TMP/resume.json" "$TMP/resume.before" || fail "ask --resume rewrote the QuestionnaireResponse"
# ... unless --record names a file of its own, written from the first new answer on.
"$BIN" ask --resume "$TMP/resume.json" --record "$TMP/rec.yaml" </dev/null >"$TMP/out" 2>"$TMP/err"
[ -e "$TMP/rec.yaml" ] && fail "--record wrote before any new answer"
printf 'no\nquit\n' | "$BIN" ask --resume "$TMP/resume.json" --record "$TMP/rec.yaml" >"$TMP/out" 2>"$TMP/err"
grep -q '^saddle_numbness: no$' "$TMP/rec.yaml" 2>/dev/null || fail "--record did not keep the resumed answers"
grep -q '^bladder_bowel_change: no$' "$TMP/rec.yaml" 2>/dev/null || fail "--record did not keep the new answer"
finish

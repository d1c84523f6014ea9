#!/usr/bin/env bash
# Every JSON output of the real binary validates against its schema in schema/ (ajv): assess
# (complete, incomplete, emergency, with each kind of explanation), batch lines (with error
# lines), batch --detail full lines, rules check, rules verify (passing and failing) and rules diff. Broken
# documents must be refused, so that no schema accepts anything.
source "$(dirname "$0")/../cli/lib.bash" "$@"
export NODE_PATH="$SRC/build/npm/node_modules"
if [ ! -d "$NODE_PATH/ajv" ]; then
  echo "ajv is not installed (./dev test installs it)"
  [ -n "${CI:-}" ] && exit 1  # in CI a missing validator is a failure, not a skip
  exit 77
fi
validate() {  # SCHEMA FILE [--invalid]
  local result
  result=$(node "$SRC/tests/schema/validate_outputs.js" "$SRC/schema" "$@" 2>&1) || fail "$result"
}
J="$TMP/json"
mkdir -p "$J"
benign=(--answers "$SRC/tests/cli/fixtures/benign.yaml")
"$BIN" assess "${benign[@]}" --format json >"$J/benign.json"
"$BIN" assess --answer saddle_numbness=yes --format json >"$J/emergency.json"
"$BIN" assess --answer saddle_numbness=no --format json >"$J/incomplete.json"
"$BIN" assess "${benign[@]}" --answer acute_injury=yes --answer has_massage_gun=yes --format json \
  --explain massage_gun >"$J/explain-avoided.json"
"$BIN" assess "${benign[@]}" --format json --explain self_care >"$J/explain-reached.json"
"$BIN" assess --answer saddle_numbness=yes --format json --explain self_care >"$J/explain-higher.json"
"$BIN" assess "${benign[@]}" --format json --explain urgent >"$J/explain-not-reached.json"
rule=$("$BIN" rules list 2>/dev/null | grep -o -m1 'cauda_equina[a-z_]*' || true)
[ -n "$rule" ] || rule=$(jq -r '.ruled_out[0].rule' "$J/benign.json")
"$BIN" assess "${benign[@]}" --format json --explain "$rule" >"$J/explain-rule.json"
for f in "$J"/*.json; do
  [ -s "$f" ] || fail "$(basename "$f") is empty"
  validate assessment "$f"
done
for f in "$J"/explain-*.json; do
  jq .explanation "$f" >"$f.alone"
  validate explanation "$f.alone"
done
jq -e '.explanation.why_not.verdict == "avoided"' "$J/explain-avoided.json" >/dev/null || fail "no 'avoided' explanation"
jq -e '.explanation.why_not.verdict == "higher_reached"' "$J/explain-higher.json" >/dev/null || fail "no 'higher_reached' explanation"
jq -e '.explanation.reached' "$J/explain-reached.json" >/dev/null || fail "no reached explanation"

python3 "$SRC/bench/gen_cases.py" 300 11 --unsure >"$TMP/cases.jsonl"
{ cat "$TMP/cases.jsonl"; echo '{"id": "bad", "pain_score": "eleven"}'; echo 'not json'; echo '{}'; } >"$TMP/in.jsonl"
"$BIN" batch --detail full <"$TMP/in.jsonl" >"$J/full.jsonl" 2>/dev/null
"$BIN" batch <"$TMP/in.jsonl" >"$J/batch.jsonl" 2>/dev/null
"$BIN" batch --summary <"$TMP/in.jsonl" >"$J/summary.jsonl" 2>/dev/null
[ "$(wc -l <"$J/full.jsonl")" = 303 ] || fail "batch --detail full wrote $(wc -l <"$J/full.jsonl") lines for 303"
grep -q '"status":"error"' "$J/full.jsonl" || fail "no error line in the batch output"
grep -q '"status":"incomplete"' "$J/batch.jsonl" || fail "no incomplete line in the compact output"
validate batch-line-full "$J/full.jsonl"
validate batch-line "$J/batch.jsonl"
cmp -s "$J/batch.jsonl" "$J/summary.jsonl" || fail "batch --summary is no longer the default compact line"

"$BIN" rules check --format json >"$J/check-ok.json" 2>/dev/null
"$BIN" rules check --rules "$SRC/tests/check/many_errors_sorted/rules" --format json >"$J/check-bad.json" 2>/dev/null
jq -e '.valid == false and .errors > 1' "$J/check-bad.json" >/dev/null || fail "the broken rule base is not reported invalid"
validate check "$J/check-ok.json"
validate check "$J/check-bad.json"
# Every golden rules-check case: errors, warnings, notes and infos of every kind.
for dir in "$SRC"/tests/check/*/rules; do
  name=$(basename "$(dirname "$dir")")
  "$BIN" rules check --rules "$dir" --format json >"$J/check-$name.json" 2>/dev/null
  validate check "$J/check-$name.json"
done
grep -l '"severity": "note"' "$J"/check-*.json >/dev/null || fail "no rules check case gives a note"
"$BIN" rules verify --format json >"$J/verify-ok.json" 2>/dev/null
cp -r "$SRC/rules" "$TMP/rules"
python3 - "$TMP/rules/red_flags.yaml" <<'PY'
import re, sys
p = sys.argv[1]; s = open(p).read()
t = s.replace('disposition: urgent', 'disposition: see_doctor', 1)
assert t != s, "no urgent rule to lower"
open(p, 'w').write(t)
PY
"$BIN" rules verify --rules "$TMP/rules" --format json --max-examples 2 >"$J/verify-bad.json" 2>/dev/null
jq -e '.ok == false' "$J/verify-bad.json" >/dev/null || fail "verify did not fail on a lowered red flag"
validate verify "$J/verify-ok.json"
validate verify "$J/verify-bad.json"

# rules diff: the same rules (nothing moves), and a red flag lowered (a move down, options, elements).
"$BIN" rules diff "$SRC/rules" "$SRC/rules" --format json >"$J/diff-same.json" 2>/dev/null
"$BIN" rules diff "$SRC/rules" "$TMP/rules" --format json >"$J/diff-lower.json" 2>/dev/null
jq -e '.lower == true and (.dispositions | length) > 0' "$J/diff-lower.json" >/dev/null || fail "rules diff did not find the lowered red flag"
validate diff "$J/diff-same.json"
validate diff "$J/diff-lower.json"

# The schemas refuse what a script could not rely on.
bad() {  # SCHEMA SOURCE JQ-FILTER: the filtered document must be refused
  jq "$3" "$J/$2" >"$TMP/bad.json" || { fail "jq filter $3"; return; }
  validate "$1" "$TMP/bad.json" --invalid
}
bad assessment benign.json 'del(.disposition)'
bad assessment benign.json '.disposition = "maybe"'
bad assessment benign.json '.status = "done"'
bad assessment benign.json '.recommended[0].dose = 3'
bad assessment benign.json '.surprise = 1'
bad assessment emergency.json '.recommended = [{"id":"cobra","title":"C","instructions":"I","dose":"","cautions":[],"source":"s"}]'
bad assessment incomplete.json '.disposition = "self_care"'
bad assessment incomplete.json '.missing = []'
bad explanation explain-avoided.json '.explanation | .why_not.verdict = "blocked"'
bad explanation explain-reached.json '.explanation | del(.how)'
bad check check-bad.json '.valid = true'
bad check check-ok.json '.diagnostics = [{"severity":"fatal","file":"f","line":1,"col":1,"message":"m"}]'
bad verify verify-bad.json '.invariants[0].counterexamples[0].command = "rm -rf /"'
bad verify verify-ok.json '.invariants[0].violations = 3'
{ grep -m1 '"status":"complete"' "$J/batch.jsonl" | jq -c '.disposition = null'
  grep -m1 '"status":"complete"' "$J/batch.jsonl" | jq -c 'del(.rule_base)'
  grep -m1 '"status":"complete"' "$J/batch.jsonl" | jq -c '.trace = []'
  grep -m1 '"status":"incomplete"' "$J/batch.jsonl" | jq -c '.missing = []'
  grep -m1 '"status":"error"' "$J/batch.jsonl" | jq -c '.error = ""'; } >"$TMP/bad-compact.jsonl"
[ "$(wc -l <"$TMP/bad-compact.jsonl")" = 5 ] || fail "could not make the broken compact lines"
validate batch-line "$TMP/bad-compact.jsonl" --invalid
{ head -1 "$J/full.jsonl" | jq -c 'del(.line)'
  head -1 "$J/full.jsonl" | jq -c '.line = 0'
  grep -m1 '"status":"complete"' "$J/full.jsonl" | jq -c 'del(.trace)'
  grep -m1 '"status":"error"' "$J/full.jsonl" | jq -c '.error = ""'
  grep -m1 '"status":"error"' "$J/full.jsonl" | jq -c '.recommended = []'; } >"$TMP/bad-lines.jsonl"
[ "$(wc -l <"$TMP/bad-lines.jsonl")" = 5 ] || fail "could not make the broken batch lines"
validate batch-line-full "$TMP/bad-lines.jsonl" --invalid
bad check check-ok.json '.diagnostics = [{"severity":"error","file":"f","line":1,"col":1,"message":"m"}]'
bad verify verify-bad.json '.ok = true'
bad diff diff-lower.json '.lower = false'
bad diff diff-lower.json '.dispositions[0].examples[0].old = "rm -rf /"'
bad diff diff-same.json '.elements = [{"kind": "question", "id": "x", "change": "moved"}]'
bad explanation explain-reached.json '.explanation | .kind = "unknown"'

finish

#!/usr/bin/env bash
# The questionnaire, driven through a pipe for every scenario in tests/scenarios, with checklists
# and one question at a time, gives the result `assess` gives on the same answers, records every
# member's own answer, and reaches the scenario's level (ask_scenarios.py says how). Lists ask an
# ordinary stiff back in at most 12 prompts, and every scenario in no more prompts than before.
source "$(dirname "$0")/lib.bash" "$@"
python3 "$SRC/tests/cli/ask_scenarios.py" "$BIN" "$SRC/tests/scenarios" "$SRC/rules" --table "$TMP/prompts.md" >"$TMP/out" 2>"$TMP/err"
CODE=$?
OUT=$(cat "$TMP/out")
ERR=$(cat "$TMP/err")
expect_code 0
expect_out "146 scenarios driven twice"
expect_out "0 failure(s)"
row() { grep "^| $1 |" "$TMP/prompts.md"; }
benign=$(row day_3_gets_cold_pack)
[ -n "$benign" ] || fail "no row for the ordinary stiff back"
lists=$(awk -F'|' '{ gsub(/ /, "", $5); print $5 }' <<<"$benign")
[ "$lists" -le 12 ] 2>/dev/null || fail "an ordinary stiff back (no to every sign, age 35, pain 3, 3 days) took $lists prompts: $benign"
# No scenario takes more prompts with lists than one at a time.
awk -F'|' 'NR > 2 { gsub(/ /, "", $4); gsub(/ /, "", $5); if ($5 + 0 > $4 + 0) print }' "$TMP/prompts.md" >"$TMP/worse"
[ -s "$TMP/worse" ] && fail "more prompts with lists: $(cat "$TMP/worse")"
finish

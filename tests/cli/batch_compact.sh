#!/usr/bin/env bash
# batch (the default, compact line): per case exactly the conclusions of the full report (status,
# missing, level and its title, red-flag ids, recommended and avoided option ids, rule base),
# nothing else; errors unchanged; --summary, its older name, gives the same bytes; a line stays
# near the 1 KB a script wants.
source "$(dirname "$0")/lib.bash" "$@"
{
  python3 "$SRC/bench/gen_cases.py" 400 7
  printf '{"id":"partial","pain_score":8}\n'
  printf '{"id":{"site":"B"},"saddle_numbness":"no","bladder_bowel_change":"no"}\n'
  printf '{"pain_score":99}\n'
} >"$TMP/in.jsonl"
run batch --detail full --input "$TMP/in.jsonl"
expect_code 2
printf '%s\n' "$OUT" >"$TMP/full.jsonl"
run batch --input "$TMP/in.jsonl"
expect_code 2
expect_err "1 of 403 lines was rejected (see its \"error\")"
printf '%s\n' "$OUT" >"$TMP/summary.jsonl"
[ "$(wc -l <"$TMP/summary.jsonl")" = 403 ] || fail "expected 403 compact lines"
run batch --summary --input "$TMP/in.jsonl"
[ "$OUT" = "$(cat "$TMP/summary.jsonl")" ] || fail "--summary differs from the default line"
run batch --summary --detail full --input "$TMP/in.jsonl"
expect_code 2
expect_err "--summary (the older name of the default compact line) and --detail full ask for different lines"
run batch --detail short --input "$TMP/in.jsonl"
expect_code 2
expect_err "--detail: 'short' is not allowed; use 'compact' or 'full'"
project='if .status == "complete"
  then {line, id, status, missing, disposition, disposition_title, red_flags: [.red_flags[].id],
        recommended: [.recommended[].id], avoid: [.avoid[].id], rule_base}
  else {line, id, status} + (if .status == "error" then {error} else {missing, rule_base} end) end'
jq -cS "$project" "$TMP/full.jsonl" >"$TMP/full.projected"
jq -cS '{line, id} + .' "$TMP/summary.jsonl" >"$TMP/summary.normalised"
diff "$TMP/full.projected" "$TMP/summary.normalised" >"$TMP/diff" || fail "summary differs from the full report: $(head -5 "$TMP/diff")"
# Some of each kind, so the comparison above is not vacuous.
for want in emergency urgent see_doctor self_care; do
  grep -q "\"disposition\":\"$want\"" "$TMP/summary.jsonl" || fail "no $want case among the generated ones"
done
grep -q '"status":"incomplete"' "$TMP/summary.jsonl" || fail "no incomplete case"
grep -q '"avoid":\["' "$TMP/summary.jsonl" || fail "no case with an avoid list"
# Only ids: no texts, trace or answers.
! grep -q '"trace"\|"message"\|"answers"\|"safety_net"' "$TMP/summary.jsonl" || fail "the compact line carries more than the conclusions"
# About 1 KB a line at most, whatever the case (the issue's budget for what a script reads).
longest=$(awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TMP/summary.jsonl")
[ "$longest" -le 1024 ] || fail "the longest compact line is $longest bytes (budget 1024)"
finish

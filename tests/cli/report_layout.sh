#!/usr/bin/env bash
# The result a person reads (#28): what to do now, when to get help, what to avoid, the plan, then
# why, in that order; the red flags ruled out, ids and plan details only with --verbose; each
# caution once; an urgent instruction last.
source "$(dirname "$0")/lib.bash" "$@"
fx="$SRC/tests/cli/fixtures/benign.yaml"
injury=(--answers "$fx" --answer acute_injury=yes --answer has_massage_gun=yes)
line_of() { grep -nF -- "$1" <<<"$OUT" | head -1 | cut -d: -f1; }
in_order() {  # HEADINGS...: each appears, each after the one before
  local prev=0 n h
  for h in "$@"; do
    n=$(line_of "$h")
    [ -n "$n" ] || { fail "no '$h'"; return; }
    [ "$n" -gt "$prev" ] || fail "'$h' (line $n) comes before what should precede it (line $prev)"
    prev=$n
  done
}

run assess "${injury[@]}"
expect_code 0
in_order "Result: Self-care at home" "When to get help" "Avoid" "Percussion massage gun: not on an acute injury" \
  "Your self-care plan" "Sources:" "not a diagnosis"
grep -qE "^Red flags ruled out|\[[a-z_]+\]|= no\)" <<<"$OUT" && fail "ids or ruled-out red flags in the default view"
grep -qF "Lie face down" <<<"$OUT" && fail "plan instructions in the default view"
[ "$(grep -c "Stop if it is extremely painful" <<<"$OUT")" = 1 ] || fail "a shared caution is not shown exactly once"
expect_out "Caution for 2-11: Stop if it is extremely painful."
expect_out "Add --verbose for how to do each item and why"
expect_out "Sources: How To Loosen Tight Lower Back Muscles Massage"
grep -q "seed_000" <<<"$OUT" && fail "a source id in the default view"

run assess "${injury[@]}" --verbose
expect_code 0
in_order "Self-care at home" "When to get help" "Avoid" "Your self-care plan" "Lie face down" \
  "How this was reached" "Red flags ruled out" "(saddle_numbness = no)" "not a diagnosis"
expect_out "[no_massage_gun_on_acute_injury]"
expect_out "source: seed_000"
[ "$(grep -c "Caution: Stop if it is extremely painful" <<<"$OUT")" -ge 10 ] || fail "--verbose lost the per-item cautions"
grep -q "Add --verbose" <<<"$OUT" && fail "--verbose still suggests --verbose"

# Urgent: the safe parts of the plan may come first; the instruction is last and alone.
run assess --answers "$fx" --answer fever=yes
expect_code 0
last=$(tail -n 8 <<<"$OUT")
grep -qF "Be seen by a doctor today" <<<"$last" || fail "the urgent instruction is not at the end: $last"
[ "$(tail -n 1 <<<"$OUT")" = "================================================================" ] || fail "something after the instruction"

# A swelling raises two rules (urgent from public guidance, see a doctor from an article): the
# person reads it once, at urgent; the JSON trace keeps both rules.
run assess --answers "$fx" --answer swelling=yes
expect_code 0
[ "$(grep -c "^  ! " <<<"$OUT")" = 1 ] || fail "the swelling is not listed exactly once among the red flags found"
expect_out "  ! A swelling or lump over the lower back"
grep -qF "Visible swelling" <<<"$OUT" && fail "the lower-level swelling finding is listed too"
run assess --answers "$fx" --answer swelling=yes --format markdown
[ "$(grep -c "swelling" <<<"$(sed -n '/### Red flags found/,/^###/p' <<<"$OUT")")" = 1 ] || fail "Markdown lists the swelling twice"
run assess --answers "$fx" --answer swelling=yes --format json
jq -e '[.red_flags[].rule] == ["swelling_urgent", "swelling_see_doctor"]' >/dev/null <<<"$OUT" || fail "the JSON trace lost a rule"

# Two rules with one sign (bone pain; bone pain after an injury) are one finding, at urgent.
run assess --answers "$fx" --answer bone_pain=yes --answer acute_injury=yes
[ "$(grep -c "^  ! " <<<"$OUT")" = 1 ] || fail "bone pain is not listed exactly once among the red flags found"
expect_out "  ! Pain from a bone, or extreme pain under pressure, after an injury"

# Only the red flags at the level reached are its reasons (SPEC §2); the outranked ones follow
# under their own heading, for whoever sees the person; a doubt stays among the red flags found.
run assess --answers "$fx" --answer fever=yes --answer numbness=yes --answer pain_spreads_to_legs=no --answer swelling=yes
in_order "Go to the emergency department now" "Red flags found" "possible spinal abscess" "Also tell the doctor about" \
  "  - Fever, chills" "  - A swelling or lump" "  - Numbness, tingling"
[ "$(grep -c "^  ! " <<<"$OUT")" = 1 ] || fail "an outranked red flag is shown as a reason"
run assess --answers "$fx" --answer fever=yes --answer swelling=unsure
in_order "Red flags found" "  ! Fever, chills" "  ! Not sure whether there is a swelling"
grep -qF "Also tell the doctor" <<<"$OUT" && fail "a doubt was moved out of the red flags found"
run assess --answers "$fx" --answer fever=yes --answer numbness=yes --answer pain_spreads_to_legs=no --format markdown
in_order "### Red flags found" "- Fever or a risk of infection" "### Also tell the doctor about" "- Fever, chills"

# Markdown: an emergency or urgent instruction is the last thing said there too.
for flag in saddle_numbness fever; do
  run assess --answers "$fx" --answer "$flag=yes" --format markdown
  expect_code 0
  last=$(grep -v '^$' <<<"$OUT" | tail -n 1)
  case $flag in
    saddle_numbness) want="**Go to the emergency department now**: Go to an emergency department now" ;;
    fever) want="**Be seen by a doctor today**:" ;;
  esac
  [[ $last == "$want"* ]] || fail "the Markdown result for $flag=yes does not end with its instruction: $last"
done
run assess "${injury[@]}" --format markdown
[[ $(grep -v '^$' <<<"$OUT" | tail -n 1) == _General* ]] || fail "a self-care Markdown result should end with the disclaimer"

# Markdown follows the same order and keeps ids for --verbose.
run assess "${injury[@]}" --format markdown
in_order "## Back triage: Self-care at home" "### When to get help" "### Avoid" "### Self-care plan" "Sources:"
grep -qF '`' <<<"$OUT" && fail "ids in the default Markdown"
run assess "${injury[@]}" --format markdown --verbose
in_order "### When to get help" "### Self-care plan" "### Why" "### Red flags ruled out"
expect_out '(`no_massage_gun_on_acute_injury`)'

# Every emergency scenario: the whole text result fits an 80x24 screen, the instruction last.
python3 "$SRC/bench/report_lines.py" "$BIN" "$SRC/tests/scenarios" --expected emergency >"$TMP/lines" || fail "report_lines.py failed"
awk -F'\t' '$2 == "emergency" && $3 > 24 { print "FAIL: " $1 ": " $3 " lines"; bad = 1 } END { exit bad }' "$TMP/lines" ||
  fail "an emergency result is longer than 24 lines"
[ "$(awk -F'\t' '$2 == "emergency"' "$TMP/lines" | wc -l)" -ge 20 ] || fail "too few emergency scenarios measured"
# Every self-care scenario (no red flag): within 60 lines of text at 80 columns, plan included.
python3 "$SRC/bench/report_lines.py" "$BIN" "$SRC/tests/scenarios" --expected self_care >"$TMP/lines" || fail "report_lines.py failed"
awk -F'\t' '$2 == "self_care" && $3 > 60 { print "FAIL: " $1 ": " $3 " lines"; bad = 1 } END { exit bad }' "$TMP/lines" ||
  fail "a self-care result is longer than 60 lines"
[ "$(awk -F'\t' '$2 == "self_care"' "$TMP/lines" | wc -l)" -ge 15 ] || fail "too few self-care scenarios measured"
finish

#!/usr/bin/env bash
# Checklists as a person answers them in a real terminal, with --record: a line of commas is no
# answer (never taken for none); N? marks an item not sure and is said back; ? on the list says how
# to answer not sure; back takes a list back whole, in the record too; every member's answer is in
# the record, and `assess` on it gives the level the screen showed.
source "$(dirname "$0")/tmux.bash" "$@"
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
rec="$TMP/answers.yaml"
ASK_ARGS="--record answers.yaml" COLS=80 ROWS=24 start NO_COLOR=1
wait_for "Question 1 (at most 11 to go)" || finish
type_line ",,"
wait_for "No answer was given" || finish
type_line "none"
wait_for "Question 2" || finish
type_line "?"
wait_for "Why this list is asked" || finish
flowing | grep -qF "with ? after its number (2?), as not sure" || fail "the list's help does not say how to answer not sure"
type_line "?1"
wait_for "In the list: type 1 if it applies" || finish
flowing | grep -qF "In the list: type 1 if it applies, 1? if you are not sure; leave it out if it does not." ||
  fail "?1 does not say how to answer item 1 in the list"
flowing | grep -qF "Accepted answers: yes, no or unsure" && fail "?1 offers answers the list does not take"
type_line "1? 4"
wait_for "(Taken as yes: 4; not sure: 1; no to the others.)" || finish
wait_for "Question 3" || finish
grep -qx 'fever: unsure' "$rec" && grep -qx 'weight_loss: yes' "$rec" && grep -qx 'blood_thinners: no' "$rec" ||
  fail "the list's answers are not in the record: $(cat "$rec")"
type_line "back"
wait_for "Took back your answers to the list: Do any of these apply to you?" || finish
sleep 0.3
grep -q '^fever:' "$rec" && fail "back left the list's answers in the record: $(cat "$rec")"
[ "$(grep -c ': no$' "$rec")" = 7 ] || fail "back took more than the list out of the record: $(cat "$rec")"
type_line "1?"
wait_for "(Taken as not sure: 1; no to the others.)" || finish
# The rest: no leg symptoms, pain 3, no fracture signs, age 35, 5 days, none of the rest.
for a in none 3 none 35 5 none none none; do
  screen | grep -q "^================\|explain>" && break
  type_line "$a"
  sleep 0.2
done
wait_for "Result:" || finish
level=$(screen | grep -o "^Result: .*" | head -1 | sed 's/^Result: //')
[ -n "$level" ] || fail "no result on the screen"
"$BIN" assess --answers "$rec" --format json >"$TMP/assess.json" || fail "assess on the record: exit $?"
[ "$(jq -r .disposition_title "$TMP/assess.json")" = "$level" ] ||
  fail "assess on the record gives '$(jq -r .disposition_title "$TMP/assess.json")', the screen '$level'"
[ "$(jq -r '.answers.fever' "$TMP/assess.json")" = unsure ] || fail "the record lost fever: unsure"
type_line ""
expect_exit 0
finish

#!/usr/bin/env bash
# Nothing lost: `ask --record` rewrites the answers file after every answer (and after "back"),
# so after Ctrl-C the answers given are in it; `ask --resume` takes them and goes on; the finished
# file gives `assess --answers` the same result as the questionnaire. One question at a time, so
# that each answer is a step (ask_checklists.sh records lists).
source "$(dirname "$0")/tmux.bash" "$@"
rec="$TMP/answers.yaml"
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

ASK_ARGS="--one-at-a-time --record answers.yaml" start TERM=xterm-256color
wait_for "Question 1" || finish
type_line "no"; wait_for "Question 2"
type_line "no"; wait_for "Question 3"
type_line "yes-ish"; wait_for "Please answer"     # a rejected answer is not recorded
type_line "no"; wait_for "Question 4"
type_line "back"; wait_for "Took back"             # nor is an answer taken back
grep -q '^leg_weakness:' "$rec" && fail "an answer taken back is still recorded"
type_line "no"; wait_for "Question 4"
keys C-c
expect_exit 130
[ "$(grep -c '^[a-z_]*: no$' "$rec")" = 3 ] || fail "expected the 3 answers in the record: $(cat "$rec")"
[ "$(stat -c %a "$rec")" = 600 ] || fail "the record is readable by others: $(stat -c %a "$rec")"
ls -A "$TMP" | grep -q '\.tmp\.' && fail "a temporary file was left behind"

ASK_ARGS="--one-at-a-time --resume answers.yaml" start TERM=xterm-256color
wait_for "Answers taken from answers.yaml" || finish
wait_for "Question 4"
flowing | grep -q "Answer 3:[^?]*? no" || fail "the resumed answers are not shown"
# The remaining answers: none of the red flags, moderate pain, a few days.
# (Contract v2: 15 more red-flag questions, pain 4, three more, age 35, 5 days, then the plan.)
for answer in no no no no no no no no no no no no no no no 4 no no no 35 5 no no no yes no no no no; do
  screen | grep -q "Your self-care plan\|explain>" && break
  type_line "$answer"
  sleep 0.15
done
wait_for "explain>" || finish
type_line ""
expect_exit 0
level=$(screen | grep -o "See a doctor in the coming days\|Self-care at home\|Go to the emergency department now\|Be seen by a doctor today" | head -1)
[ -n "$level" ] || fail "no level on the screen"
"$BIN" assess --answers "$rec" --format json >"$TMP/assess.json"
code=$?
[ "$code" = 0 ] || fail "assess --answers on the finished record exits $code: $(cat "$rec")"
title=$(jq -r .disposition_title "$TMP/assess.json")
[ "$title" = "$level" ] || fail "assess gives '$title', the questionnaire gave '$level'"
finish

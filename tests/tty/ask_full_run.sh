#!/usr/bin/env bash
# A person answers the questionnaire in a terminal: a wrong answer, ? for help, back, then a full
# run to the report, an explanation at the explain> prompt, and Enter to finish with exit 0.
source "$(dirname "$0")/tmux.bash" "$@"
start NO_COLOR=1
wait_for "Question 1 (at most 34 to go)" || finish
type_line "perhaps"
wait_for "Please answer yes, no or not sure. Type ? for help."
type_line "?"
wait_for "Why it is asked: your answer decides"
wait_for "Numbness in the saddle area is an emergency"
type_line "n"
wait_for "Question 2 (at most 33 to go)"
type_line "back"
wait_for "Took back your answer to: Do you have numbness or tingling"
# Contract v2: 18 red-flag questions, pain 3, three more, age 35, 2 days, then the plan.
for a in n n n n n n n n n n n n n n n n n n 3 n n n 35 2 n n n n n n n n; do
  type_line "$a"
  sleep 0.05
done
wait_for "Self-care at home"
wait_for "Your self-care plan"
wait_for "explain>"
type_line "massage_gun"
wait_for "Why Percussion massage gun is not recommended:"
type_line ""
expect_exit 0
# Typed answers are echoed by the terminal once, not twice.
[ "$(screen | grep -c '^> perhaps$')" = 1 ] || { echo "FAIL: the typed answer is not shown exactly once"; failures=$((failures + 1)); }
finish

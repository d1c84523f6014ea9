#!/usr/bin/env bash
# A person answers the questionnaire at an 80x24 terminal: the red flags come as checklists, each
# whole on the screen with its lead and the prompt; a wrong answer, ? for the list, ?N for an item,
# back over a whole list, then a full run to the report (9 prompts for an ordinary stiff back), an
# explanation at the explain> prompt, and Enter to finish with exit 0.
source "$(dirname "$0")/tmux.bash" "$@"
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
COLS=80 ROWS=24 start NO_COLOR=1
wait_for "Question 1 (at most 11 to go)" || finish
# The whole first list is on the screen at once, from its lead to the prompt.
for line in "Do you have any of these now?" "  1. Numbness or tingling around the genitals" "  7. The pain began after a serious accident" "[the numbers that apply, e.g. 1 3, or none; 2? = not sure about 2]"; do
  visible | grep -qF -- "$line" || fail "not on the 80x24 screen with the first list: $line"
done
type_line "perhaps"
wait_for "'perhaps' is not an item number"
type_line "?"
wait_for "Why this list is asked:"
type_line "?1"
wait_for "Numbness in the saddle area is an emergency"
type_line "none"
wait_for "Question 2 (at most 10 to go)"
visible | grep -qF "  9. Taking a blood thinner" || fail "the second list is not whole on the screen"
type_line "back"
wait_for "Took back your answers to the list: Do you have any of these now?"
# The emergency list again, the other signs, the leg symptoms, pain 3, the fracture signs, age 35,
# 2 days, the see-a-doctor signs and what the plan depends on: none of them.
for a in none none none 3 none 35 2 none none; do
  type_line "$a"
  sleep 0.1
done
wait_for "Self-care at home"
wait_for "Your self-care plan"
wait_for "explain>"
screen | grep -q "^Question 10" && fail "an ordinary stiff back took more than 9 prompts"
type_line "massage_gun"
wait_for "Why Percussion massage gun is not recommended:"
type_line ""
expect_exit 0
# Typed answers are echoed by the terminal once, not twice.
[ "$(screen | grep -c '^> perhaps$')" = 1 ] || fail "the typed answer is not shown exactly once"
# Nothing is wider than the terminal.
widest=$(screen | LC_ALL=C.UTF-8 awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
[ "$widest" -le 80 ] || fail "a line is $widest columns wide at 80"
finish

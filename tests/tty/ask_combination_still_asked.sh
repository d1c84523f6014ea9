#!/usr/bin/env bash
# A flag that has fired does not hide a combination that would raise the level (SPEC §6, NICE
# NG234): after "yes" to cancer (urgent), the questionnaire still asks about numbness, and "yes"
# there ends it at once with the emergency instruction. Then fever (urgent) still asks about the
# infection risk, which together with it is an emergency. One question at a time, then the same
# with checklists.
source "$(dirname "$0")/tmux.bash" "$@"
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
answer_until() {  # answer_until TEXT: "n" to every question until one containing TEXT is on screen
  local _
  for _ in $(seq 40); do
    screen | grep -v "^$" | tail -4 | grep -qF -- "$1" && return 0
    type_line "n"
    sleep 0.15
  done
  fail "never asked: $1"; screen | tail -12
  return 1
}
ASK_ARGS=--one-at-a-time start NO_COLOR=1
wait_for "Question 1" || finish
answer_until "Have you ever had cancer?" || finish
type_line "y"
answer_until "Do you have numbness, tingling or pins and needles" || finish
type_line "y"
wait_for "Go to the emergency department now" || finish
screen | grep -qF "Numbness, pain down a leg or leg weakness in someone who has had cancer" ||
  fail "the red flag of the combination is not shown"
expect_exit 0
# The instruction ends the screen: nothing after it, no explain prompt inviting self-care.
last=$(screen | grep -v '^$' | grep -v '^[0-9]*$' | tail -7)
grep -qF "Go to the emergency department now" <<<"$last" || fail "the instruction is not the last thing shown: $last"
screen | grep -qF "explain>" && fail "an explain prompt follows the emergency instruction"

ASK_ARGS=--one-at-a-time start NO_COLOR=1
wait_for "Question 1" || finish
answer_until "do you have a fever or chills" || finish
type_line "y"
wait_for "Does any of these apply to you: a weakened immune system" || finish
type_line "y"
wait_for "Go to the emergency department now" || finish
expect_exit 0
screen | grep -qF "explain>" && fail "an explain prompt follows the emergency instruction"
# With checklists: cancer ticked in the second list (urgent) still brings the list of leg
# symptoms, and numbness ticked there ends the questions with the emergency instruction.
start NO_COLOR=1
wait_for "Question 1" || finish
type_line "none"
wait_for "3. Cancer at any time in the past" || finish
type_line "3"
wait_for "Do you have either of these?" || finish
type_line "1"
wait_for "Go to the emergency department now" || finish
expect_exit 0
screen | grep -qF "Numbness, pain down a leg or leg weakness in someone who has had cancer" ||
  fail "the red flag of the combination is not shown (lists)"
screen | grep -qF "explain>" && fail "an explain prompt follows the emergency instruction (lists)"
finish

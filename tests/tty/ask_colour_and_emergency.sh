#!/usr/bin/env bash
# In a terminal the questionnaire uses colour and emphasis, unless NO_COLOR is set; an emergency
# sign ticked in the first list ends the questions at once and shows the instruction alone.
source "$(dirname "$0")/tmux.bash" "$@"
start TERM=xterm-256color
wait_for "Question 1" || finish
screen_with_escapes | grep -q $'\x1b\[' || { echo "FAIL: no colour in a terminal"; failures=$((failures + 1)); }
type_line "1"
wait_for "Go to the emergency department now"
screen | grep -q "Your self-care plan" && { echo "FAIL: a plan with an emergency"; failures=$((failures + 1)); }
screen | grep -q "Question 2" && { echo "FAIL: a second question after an emergency"; failures=$((failures + 1)); }
type_line ""
expect_exit 0

start NO_COLOR=1 TERM=xterm-256color
wait_for "Question 1" || finish
screen_with_escapes | grep -q $'\x1b\[[0-9;]*m' && { echo "FAIL: colour despite NO_COLOR"; failures=$((failures + 1)); }
type_line "quit"
expect_exit 3
finish

#!/usr/bin/env bash
# Ctrl-D ends the questionnaire cleanly with exit 3, Ctrl-C with exit 130; neither leaves a
# half-printed line or a partial result; quit is exit 3.
source "$(dirname "$0")/tmux.bash" "$@"
start NO_COLOR=1
wait_for "Question 1" || finish
type_line "no"
wait_for "Question 2"
keys C-d
wait_for "input ended before the questions were finished; no result was given"
expect_exit 3
screen | grep -q "Your self-care plan" && { echo "FAIL: a result after Ctrl-D"; failures=$((failures + 1)); }

start NO_COLOR=1
wait_for "Question 1" || finish
keys C-c
wait_for "interrupted; no result was given for a partial set of answers"
expect_exit 130

start NO_COLOR=1
wait_for "Question 1" || finish
type_line "quit"
wait_for "stopped; no result was given"
expect_exit 3
finish

#!/usr/bin/env bash
# On a terminal: `rules doc` does not pour a whole HTML page onto the screen (exit 2, saying how to
# get it), `batch` says what it is waiting for instead of waiting silently, and counts agree with
# their nouns.
source "$(dirname "$0")/tmux.bash" "$@"
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

CMD="rules doc" start TERM=xterm-256color
expect_exit 2
screen | grep -qF "rules doc writes a whole HTML page: give --output FILE" || fail "rules doc on a terminal: $(screen | head -3)"
screen | grep -qF "<html" && fail "rules doc wrote HTML to the terminal"

CMD="rules doc" ASK_ARGS="--output -" start TERM=xterm-256color
expect_exit 0
screen | grep -qF "</html>" || fail "rules doc --output - did not print the page"

CMD="rules doc" ASK_ARGS="--format markdown" start TERM=xterm-256color
expect_exit 0

CMD=batch start TERM=xterm-256color
wait_for "reading cases from the terminal, one JSON object a line" || finish
type_line '{"id": "typed", "saddle_numbness": "no", "x": 1}'
wait_for '"status":"error"'
keys C-d
expect_exit 2
screen | grep -qF "1 of 1 line was rejected (see its \"error\")" || fail "the count does not agree: $(screen | tail -3)"
finish

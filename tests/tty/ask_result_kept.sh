#!/usr/bin/env bash
# The questions go to the terminal and the result to standard output or --output: `backtriage ask
# > result.txt` and `ask --format json > result.json` ask on the screen and keep the result; a
# questionnaire left early writes nothing. Text is filled to the terminal's width (40 to 120
# columns) and no line is wider than the screen, so the terminal never splits a word.
source "$(dirname "$0")/tmux.bash" "$@"
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

ASK_ARGS="> result.txt" start TERM=xterm-256color
wait_for "Question 1" || finish
type_line "1"
wait_for "Go to the emergency department now"
expect_exit 0
grep -q "Go to an emergency department now, or call the emergency number" "$TMP/result.txt" || fail "result.txt lacks the instruction"
grep -q "Question 1" "$TMP/result.txt" && fail "result.txt holds the questions"
grep -q $'\x1b' "$TMP/result.txt" && fail "result.txt holds terminal escapes"
[ "$(tail -n 1 "$TMP/result.txt")" = "$(printf '=%.0s' {1..64})" ] || fail "result.txt does not end with the instruction"

ASK_ARGS="--format json > result.json" start TERM=xterm-256color
wait_for "Question 1" || finish
type_line "1"
wait_for "Go to the emergency department now"
expect_exit 0
[ "$(jq -r '.status + " " + .disposition' "$TMP/result.json")" = "complete emergency" ] || fail "result.json: $(head -c 200 "$TMP/result.json")"

echo OLD >"$TMP/kept.md"
ASK_ARGS="--output kept.md --format markdown" start TERM=xterm-256color
wait_for "Question 1" || finish
type_line "quit"
expect_exit 3
[ "$(cat "$TMP/kept.md")" = OLD ] || fail "a questionnaire left early changed --output"

ASK_ARGS="--output kept.md --format markdown" start TERM=xterm-256color
wait_for "Question 1" || finish
type_line "1"
wait_for "Go to the emergency department now"
expect_exit 0
grep -q "^## Back triage: Go to the emergency department now" "$TMP/kept.md" || fail "--output --format markdown: $(head -3 "$TMP/kept.md")"

# Widths: the welcome, the first checklist, its help and an item's, a refused answer and an
# emergency report.
for COLS in 40 60 80 120; do
  start TERM=xterm-256color
  wait_for "Question 1" || finish
  type_line "?"
  wait_for "Why this list is asked"
  type_line "?1"
  wait_for "Why it is asked"
  type_line "perhaps"
  wait_for "is not an item number"
  type_line "1"
  wait_for "Go to the emergency department now"
  expect_exit 0
  widest=$(screen | LC_ALL=C.UTF-8 awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
  limit=$((COLS < 100 ? COLS : 100))
  [ "$widest" -le "$limit" ] || fail "at $COLS columns a line is $widest wide: $(screen | LC_ALL=C.UTF-8 awk -v w="$widest" 'length($0) == w' | head -1)"
  [ "$COLS" -ge 80 ] || [ "$widest" -gt $((COLS - 15)) ] || fail "at $COLS columns the text is not filled to the width (widest $widest)"
done
finish

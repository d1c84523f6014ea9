#!/usr/bin/env bash
# ask reads answers from standard input too: a full run exits 0 with the report; help, back and
# invalid answers work; EOF or quit before the end exit 3; endless nonsense stops with exit 2.
# (tests/tty/ covers the same in a real terminal.)
source "$(dirname "$0")/lib.bash" "$@"
# The benign path through contract v2: 18 red-flag questions answered no, pain 3, three more no,
# age 35, 2 days; then the plan's questions; Enter at the explain prompt.
nos() { local i; for ((i = 0; i < $1; i++)); do printf 'no\n'; done; }
answers="maybe
?
no
back
$(nos 18)
3
$(nos 3)
35
2
$(nos 8)
?
2
99
massage_gnu

"

OUT=$(printf '%s' "$answers" | "$BIN" ask 2>"$TMP/err")
CODE=$?
ERR=$(cat "$TMP/err")
expect_code 0
expect_out "Question 1 (at most 34 to go)"
expect_out "Please answer yes, no or not sure."
expect_out "Why it is asked: your answer decides"
expect_out "Took back your answer to: Do you have numbness or tingling around your genitals"
expect_out "Self-care at home"
expect_out "Your self-care plan"
expect_out "1. Cold pack - 20 minutes at a time"
expect_out "When to get help"
expect_out "Why"
expect_out "explain>"
# The explain prompt offers the plan by number; ? repeats what it takes; a number outside the
# plan and an unknown id get a plain answer.
expect_out "Type a plan number (1 to 16) to see how to do it and why it is recommended."
[ "$(grep -c "Type a plan number" <<<"$OUT")" = 2 ] || fail "? at explain> did not repeat what it takes"
expect_out "explain> Cobra stretch - hold 10 seconds, 3 times"
expect_out "  Lie face down"
expect_out "The plan has items 1 to 16."
expect_out "No plan item, option, level or rule is called 'massage_gnu' (did you mean 'massage_gun'?)"
grep -q "Red flags ruled out" <<<"$OUT" && fail "the ruled-out red flags are in ask's default result"

OUT=$(printf 'no\nno\n' | "$BIN" ask 2>"$TMP/err"); CODE=$?; ERR=$(cat "$TMP/err")
expect_code 3
expect_err "input ended before the questions were finished"

OUT=$(printf 'no\nquit\n' | "$BIN" ask 2>"$TMP/err"); CODE=$?; ERR=$(cat "$TMP/err")
expect_code 3
expect_err "stopped"

OUT=$(yes maybe | head -n 50 | "$BIN" ask 2>"$TMP/err"); CODE=$?; ERR=$(cat "$TMP/err")
expect_code 2
expect_err "unusable answers in a row"

OUT=$(printf 'yes\n\n' | "$BIN" ask 2>"$TMP/err"); CODE=$?; ERR=$(cat "$TMP/err")
expect_code 0
expect_out "Go to the emergency department now"
grep -q "Your self-care plan" <<<"$OUT" && fail "an emergency must show the instruction alone"

# Without a subcommand and without a terminal: a hint, not a prompt.
run </dev/null
expect_code 2
expect_err "standard input is not a terminal"
finish

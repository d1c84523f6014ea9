#!/usr/bin/env bash
# ask reads answers from standard input too: a full run exits 0 with the report, with checklists
# ("Do you have any of these?") and --one-at-a-time; help, back and invalid answers work; EOF or
# quit before the end exit 3; endless nonsense stops with exit 2.
# Off a terminal the questions go to standard error and the result alone to standard output.
# (tests/tty/ covers the same in a real terminal.)
source "$(dirname "$0")/lib.bash" "$@"
# One at a time, the benign path through contract v2: 18 red-flag questions answered no, pain 3, three more no,
# age 35, since yesterday (a time in words, said back in days); then the plan's questions; Enter at
# the explain prompt.
nos() { local i; for ((i = 0; i < $1; i++)); do printf 'no\n'; done; }
answers="maybe
?
no
back
$(nos 18)
3
$(nos 3)
35
yesterday
$(nos 8)
?
2
99
massage_gnu

"

RESULT=$(printf '%s' "$answers" | "$BIN" ask --one-at-a-time 2>"$TMP/err")
CODE=$?
OUT=$(cat "$TMP/err")  # the screen: questions, report, explain>
ERR=""
expect_code 0
[ "$(head -n 1 <<<"$RESULT")" = "Result: Self-care at home" ] || fail "stdout does not start with the result: $(head -n 2 <<<"$RESULT")"
grep -q "Question 1\|explain>" <<<"$RESULT" && fail "stdout holds the questions, not the result alone"
grep -q "Your self-care plan" <<<"$RESULT" || fail "stdout lacks the plan"
grep -q "explain>" <<<"$RESULT" && fail "stdout holds the explain prompt"
# --format json to standard output: the result as JSON, nothing else.
printf '%s' "$answers" | "$BIN" ask --one-at-a-time --format json >"$TMP/result.json" 2>/dev/null || fail "ask --format json failed"
jq -e '.status == "complete" and .disposition == "self_care"' "$TMP/result.json" >/dev/null || fail "ask --format json: $(head -c 200 "$TMP/result.json")"
# --output FILE: the result there too; a folder that does not exist is refused before any question.
printf '%s' "$answers" | "$BIN" ask --one-at-a-time --output "$TMP/result.md" --format markdown >/dev/null 2>&1 || fail "ask --output failed"
grep -q "^## Back triage: Self-care at home" "$TMP/result.md" || fail "ask --output --format markdown: $(head -n 2 "$TMP/result.md")"
printf 'no\n' | "$BIN" ask --output "$TMP/no/such/dir/r.txt" >/dev/null 2>"$TMP/err2"
[ $? = 1 ] || fail "--output in a missing folder: expected exit 1"
grep -q "Question 1" "$TMP/err2" && fail "--output in a missing folder: asked questions before refusing"
printf 'no\n' | "$BIN" ask --format yaml >/dev/null 2>"$TMP/err2"
[ $? = 2 ] || fail "--format yaml: expected exit 2"
expect_out "Question 1 (at most 34 to go)"
expect_out "How long ago did the pain or tightness start? [days, or: today, yesterday, 2 weeks, 3 months...]"
expect_out "(taken as 1 day)"
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

OUT=$(printf 'yes\n\n' | "$BIN" ask --one-at-a-time 2>"$TMP/err"); CODE=$?; ERR=$(cat "$TMP/err")
expect_code 0
expect_out "Go to the emergency department now"
grep -q "Your self-care plan" <<<"$OUT" && fail "an emergency must show the instruction alone"

# With checklists (the default): the same benign adult in 9 prompts. A list takes none, item
# numbers and N? for not sure; ? explains the list and ?N one item; back takes a whole list back.
list_answers="maybe
yes
?
?2
none
back
none
none
none
3
none
35
yesterday
none
none

"
RESULT=$(printf '%s' "$list_answers" | "$BIN" ask --record "$TMP/list.yaml" --format json 2>"$TMP/err")
CODE=$?
OUT=$(cat "$TMP/err")
expect_code 0
jq -e '.status == "complete" and .disposition == "self_care"' <<<"$RESULT" >/dev/null || fail "lists: $(head -c 300 <<<"$RESULT")"
# Every member still has its own answer, in the JSON result and in the record file.
[ "$(jq '.answers | length' <<<"$RESULT")" = 32 ] || fail "lists: expected 32 answers, got $(jq -c .answers <<<"$RESULT")"
jq -e '.answers.saddle_numbness == "no" and .answers.chest_pain == "no" and .answers.sits_a_lot == "no"' <<<"$RESULT" >/dev/null ||
  fail "lists: members' answers missing from the JSON"
[ "$(grep -c ': no$' "$TMP/list.yaml")" = 29 ] || fail "lists: the record file: $(cat "$TMP/list.yaml")"
expect_out "Question 1 (at most 11 to go)"
expect_out "Do you have any of these now?"
expect_out "  7. The pain began after a serious accident"
expect_out "[the numbers that apply, e.g. 1 3, or none; 2? = not sure about 2]"
expect_out "'maybe' is not an item number: type the numbers of those that apply (for example 1 3), or none"
expect_out "Which ones? Type the numbers"
expect_out "Why this list is asked:"
expect_out "Type ?N (for example ?2) for what item N's answer decides."
expect_out "2. New trouble passing urine"
expect_out "Why it is asked: your answer decides"
expect_out "Took back your answers to the list: Do you have any of these now?"
expect_out "Question 9 (at most 1 to go)"
expect_out "Which of these apply to you?"
grep -q "Question 10" <<<"$OUT" && fail "lists: a benign adult was asked more than 9 prompts"
# A ticked item is said back; a ticked emergency sign ends the questions at once; not sure (N?)
# is taken where the question allows it and refused where it does not.
OUT=$(printf '2 5?\n\n' | "$BIN" ask --format json 2>"$TMP/err"); CODE=$?; ERR=$(cat "$TMP/err")
expect_code 0
jq -e '.disposition == "emergency" and .answers.bladder_bowel_change == "yes" and .answers.chest_pain == "unsure" and
       .answers.major_trauma == "no" and (.answers | length) == 7' <<<"$OUT" >/dev/null || fail "a ticked emergency item: $OUT"
grep -q "(Taken as yes: 2; not sure: 5; no to the others.)" "$TMP/err" || fail "the ticked items were not said back"
grep -q "Question 2" "$TMP/err" && fail "a ticked emergency sign did not end the questions"
OUT=$(printf 'none\nnone\nnone\n3\nnone\n35\n5\n2?\n1\n' | "$BIN" ask 2>&1 >/dev/null); CODE=$?
grep -q 'Item 2 has no "not sure" answer' <<<"$OUT" || fail "N? on a question without not sure was not refused: $OUT"

# Without a subcommand and without a terminal: a hint, not a prompt.
run </dev/null
expect_code 2
expect_err "standard input is not a terminal"
# "why" is help too (the opening line promises why at any question), not a wrong answer.
printf 'why\nquit\n' | "$BIN" ask --one-at-a-time >/dev/null 2>"$TMP/why"
grep -qF "Why it is asked" "$TMP/why" || fail "'why' did not say why the question is asked"
grep -qF "Please answer" "$TMP/why" && fail "'why' was taken for a wrong answer"
finish

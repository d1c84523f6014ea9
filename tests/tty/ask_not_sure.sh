#!/usr/bin/env bash
# "Not sure" as a person types it in a real terminal (SPEC 3): the red-flag questions offer
# [y/n/not sure], ? still explains, back undoes it, "don’t know" (curly apostrophe) is taken, and
# an unsure emergency flag keeps asking what can still raise the level. The result (urgent) names
# the doubt, says what to do if it becomes clear, ends with the instruction and no explain prompt,
# and equals `assess` on the recorded answers. One question at a time (ask_checklists.sh: N? in
# a list).
source "$(dirname "$0")/tmux.bash" "$@"
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ASK_ARGS="--one-at-a-time --record $TMP/answers.yaml" start NO_COLOR=1
wait_for "Question 1" || finish
wait_for "If you cannot tell, answer not sure where it is offered" || finish
flowing | grep -qF "inner thighs? [y/n/not sure]" || fail "the first question does not offer not sure"
type_line "?"
wait_for "Why it is asked" || finish
type_line "not sure"
wait_for "Question 2" || finish
type_line "back"
wait_for "Took back your answer to: Do you have numbness or tingling around your genitals" || finish
type_line "don’t know"
wait_for "Question 2" || finish
screen | grep -qF "Please answer" && fail "a spelling of not sure was refused"
# Every other question: no, and ordinary numbers; an unsure emergency flag does not end the
# questions, so the other emergency flags are still asked.
asked_bladder=0
for _ in $(seq 60); do
  last=$(screen | grep -v '^$' | tail -3)
  screen | grep -qE "^=====|explain>" && break
  grep -qF "bladder or bowel" <<<"$last" && asked_bladder=1
  if grep -qF "[0-10]" <<<"$last"; then type_line 3
  elif grep -qF "[0-120]" <<<"$last"; then type_line 35
  elif grep -qF "[days, or:" <<<"$last"; then type_line "5 days"
  elif grep -q "\[y/n" <<<"$last"; then type_line n
  fi
  sleep 0.2
done
[ "$asked_bladder" = 1 ] || fail "after not sure about saddle numbness, bladder or bowel trouble was not asked"
wait_for "================" || finish
expect_exit 0
screen | grep -qF "! Not sure whether you have numbness or tingling in the saddle area" || fail "the doubt is not among the red flags"
flowing | grep -qF "(genitals, anus, buttocks, inner thighs): if it becomes clear that it is" || fail "no line on what to do if it becomes clear"
flowing | grep -qF "Not being sure about numbness in the saddle area is seen today" || fail "the reason does not say the person was not sure"
screen | grep -qF "explain>" && fail "an explain prompt follows the urgent instruction"
last=$(screen | grep -v '^$' | grep -v '^[0-9]*$' | tail -6)
grep -qF "Be seen by a doctor today" <<<"$last" || fail "the instruction is not the last thing shown: $last"
# The same answers through assess give the same result.
grep -qx 'saddle_numbness: unsure' "$TMP/answers.yaml" || fail "the record lacks saddle_numbness: unsure"
"$BIN" assess --answers "$TMP/answers.yaml" --format json >"$TMP/assess.json" || fail "assess on the record failed"
[ "$(jq -r .disposition "$TMP/assess.json")" = urgent ] || fail "assess on the same answers: $(jq -r .disposition "$TMP/assess.json")"
finish

#!/usr/bin/env bash
# assess never guesses: with answers that matter missing it exits 3 and lists them, and gives no
# disposition (with red flags unanswered, any level could be too low).
source "$(dirname "$0")/lib.bash" "$@"
run assess --pain-score 8 --format json
expect_code 3
check() { jq -e "$1" >/dev/null <<<"$OUT" || fail "jq: $1"; }
check '.status == "incomplete"'
check '.missing | index("saddle_numbness") != null'
check '.missing | index("pain_score") == null'
check 'has("disposition") | not'
check '.missing_questions[0].id == .missing[0] and (.missing_questions[0].text | length > 10)'
run assess --pain-score 8
expect_code 3
expect_out "Not enough answers to decide yet."
expect_out "- saddle_numbness: Do you have numbness"
# An emergency answer alone is complete: nothing more is needed.
run assess --saddle-numbness yes --format json
expect_code 0
check '.disposition == "emergency" and .recommended == [] and .avoid == [] and .safety_net.levels == []'
finish

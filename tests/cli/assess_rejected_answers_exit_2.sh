#!/usr/bin/env bash
# A rejected answer names the question, the value and what is allowed; unknown ids get
# "did you mean"; all exit 2 with nothing on stdout.
source "$(dirname "$0")/lib.bash" "$@"
reject() {  # expected-message args...
  local want=$1
  shift
  run assess "$@"
  expect_code 2
  expect_err "$want"
  [ -z "$OUT" ] || fail "stdout should be empty for: $*"
}
reject "backtriage: --pain-score: '11' is not an accepted answer to 'pain_score': expected a whole number from 0 to 10" --pain-score 11
reject "'maybe' is not an accepted answer to 'numbness': expected yes, no or unsure (or y/n, true/false; for unsure: not sure, don't know, dk)" --numbness maybe
reject "'maybe' is not an accepted answer to 'improving': expected yes or no (or y/n, true/false)" --improving maybe
reject "'not sure' is not an accepted answer to 'acute_injury': expected yes or no (or y/n, true/false); this question has no 'unsure' answer" --acute-injury "not sure"
reject "'7.5' is not an accepted answer to 'pain_score'" --answer pain_score=7.5
reject "--answer: unknown question 'fevr' (did you mean 'fever'?)" --answer fevr=yes
reject "--answer 'pain_score': expected ID=VALUE" --answer pain_score
reject "--answer '=3': expected ID=VALUE" --answer =3
reject "--explain: no option, disposition or rule is called 'massage_gn' (did you mean 'massage_gun'?)" --explain massage_gn --saddle-numbness yes
reject "--format: 'xml' is not allowed; use 'text', 'json' or 'markdown'" --format xml
reject "(did you mean '--pain-score'?)" --pain-scor 3
# Two different answers to one question on the command line are refused, whatever their order:
# a red flag's "yes" never becomes "no" because a later flag said so. The same answer twice is fine,
# and a flag still overrides an answers file.
reject "--saddle-numbness and --saddle-numbness give 'saddle_numbness' different answers (yes, then no): give one" \
  --saddle-numbness yes --saddle-numbness no
reject "--answer saddle_numbness and --saddle-numbness give 'saddle_numbness' different answers (yes, then no)" \
  --answer saddle_numbness=yes --saddle-numbness no
run assess --answers "$SRC/examples/answers.yaml" --saddle-numbness yes --saddle-numbness yes --format json
expect_code 0
jq -e '.disposition == "emergency"' <<<"$OUT" >/dev/null || fail "a flag did not override the file, or a repeated same answer was refused"
finish

#!/usr/bin/env bash
# A command line the parser refuses is said in our words: exit 2, one message naming the command,
# the word or option, what is allowed and the likely spelling, nothing on standard output; and
# never the parser's own phrases or type placeholders, in errors or in --help.
source "$(dirname "$0")/lib.bash" "$@"
usage() {  # MESSAGE ARGS...: exit 2, the message, the pointer to --help, nothing on stdout
  local message=$1
  shift
  run "$@" </dev/null
  expect_code 2
  expect_err "backtriage: $message"
  expect_err "Run 'backtriage --help' for usage."
  [ -z "$OUT" ] || fail "stdout should be empty for: $*"
}
usage "'asess' is not a command of 'backtriage' (did you mean 'assess'?); the commands are ask, assess, batch, next-question, export, rules and completion" asess
usage "'frobnicate' is not a command of 'backtriage'; the commands are" frobnicate
usage "'chekc' is not a command of 'backtriage rules' (did you mean 'check'?)" rules chekc
usage "'foo' is not a command of 'backtriage export'; the commands are fhir" export foo
usage "'backtriage rules' needs a command: check, verify, graph, doc, diff, show, test or list" rules
usage "'backtriage rules test' needs PATH...: scenario files, or folders of them" rules test
usage "'backtriage rules show' needs ID:" rules show
usage "'backtriage rules show' takes 1 argument, not 'extra'" rules show fever extra
usage "'backtriage rules check' has no option --no-such-flag; 'backtriage rules check --help' lists them" rules check --no-such-flag
usage "'backtriage assess' has no option --pain-scor (did you mean '--pain-score'?)" assess --pain-scor 3
usage "--format was given 2 times; give it once" assess --format json --format text
usage "--rules was given 2 times; give it once" --rules "$SRC/rules" rules check --rules "$SRC/rules"
usage "--rules needs a value: DIR" rules check --rules
# An empty path (an unset variable in a script) is no rule base, not the shipped one.
usage "--rules needs a value: DIR (an empty path names no rule base)" rules check --rules ""
usage "--rules needs a value: DIR (an empty path names no rule base)" --rules= rules check
# CLI11 would still read it, but the rule base was loaded without it: never check another one.
usage "--rules '/no/such/rules' comes after '--', which ends the options: give it before '--'" rules check -- --rules /no/such/rules
usage "--rules '/no/such/rules' comes after '--', which ends the options: give it before '--'" assess --answer fever=no -- --rules /no/such/rules
# An option that lacks its value takes the --rules after it as one: said so, not blamed on '--'.
usage "'--rules=$SRC/rules' was taken as the value of --age, which needs a value of its own" assess --age --rules="$SRC/rules" 40
usage "'--rules' was taken as the value of --explain, which needs a value of its own" assess --explain --rules "$SRC/rules"
usage "--jobs: '0' is not allowed; use a whole number from 1 to 1024" batch --jobs 0
usage "--jobs: '99999999999' is not allowed; use a whole number from 1 to 1024" batch --jobs 99999999999
usage "--first-line: '0' is not allowed; use a whole number from 1 to 1125899906842624" batch --first-line 0
usage "--format needs a value: text|json|markdown" assess --format
usage "--pain-score needs a value: 0-10" assess --pain-score
usage "--max-examples: 'x' is not allowed; use a whole number from 1 to 1000" rules verify --max-examples x
usage "--max-examples: '0' is not allowed; use a whole number from 1 to 1000" rules verify --max-examples 0
usage "--color: 'sometimes' is not allowed; use 'auto', 'always' or 'never'" --color sometimes rules check
usage "'backtriage rules list': 'question' is not allowed; use 'questions', 'dispositions', 'options' or 'rules' (did you mean 'questions'?)" rules list question
usage "'backtriage rules test': 'no/such/place': no such file or folder" rules test no/such/place
usage "'backtriage completion': 'tcsh' is not allowed; use 'bash', 'zsh' or 'fish'" completion tcsh

# --format and other fixed words are taken in any case.
run assess --format JSON --saddle-numbness yes
expect_code 0
jq -e '.disposition == "emergency"' <<<"$OUT" >/dev/null || fail "--format JSON did not give JSON"
run rules list QUESTIONS
expect_code 0
expect_out "saddle_numbness"

# No parser words anywhere a user can reach: every --help, and the errors above.
for cmd in "" ask assess batch export "export fhir" "export clips" "export jre" rules "rules check" "rules verify" \
  "rules test" "rules graph" "rules show" "rules list" "rules doc" completion; do
  # shellcheck disable=SC2086
  run $cmd --help
  expect_code 0
  for placeholder in TEXT UINT INT REQUIRED "Excludes" "Needs" ":{" "=text" "in ["; do
    grep -qF -- "$placeholder" <<<"$OUT" && fail "'backtriage $cmd --help' shows the parser's '$placeholder'"
  done
done
run assess --help
expect_out "--format text|json|markdown"
expect_out "--pain-score 0-10"
expect_out "--fever yes|no|unsure"
expect_out "--days-since-onset DAYS"
run rules verify --help
expect_out "--max-examples 1-1000"
finish

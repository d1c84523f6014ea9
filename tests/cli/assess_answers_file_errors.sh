#!/usr/bin/env bash
# Problems in an answers file are reported at file:line:col, all of them, and exit 2.
source "$(dirname "$0")/lib.bash" "$@"
cat >"$TMP/answers.yaml" <<'YAML'
saddle_numbness: no
pain_score: eleven
fevr: yes
numbness: [yes]
YAML
run assess --answers "$TMP/answers.yaml"
expect_code 2
expect_err "answers.yaml:2:13: error: 'eleven' is not an accepted answer to 'pain_score': expected a whole number from 0 to 10"
expect_err "answers.yaml:3:1: error: unknown question 'fevr' (did you mean 'fever'?)"
expect_err "answers.yaml:4:11: error: the answer to 'numbness' must be a single value: yes, no or unsure"
expect_err "answers.yaml: the answers file cannot be used; nothing was assessed"

printf 'pain_score: 3\npain_score: 4\n' >"$TMP/dup.yaml"
run assess --answers "$TMP/dup.yaml"
expect_code 2
expect_err "dup.yaml:2:1: error: duplicate key 'pain_score'"

printf '{"pain_score": 3} {"fever": "yes"}\n' >"$TMP/two.json"
run assess --answers "$TMP/two.json"
expect_code 2
expect_err "two.json"

printf -- '- pain_score\n' >"$TMP/list.yaml"
run assess --answers "$TMP/list.yaml"
expect_code 2
expect_err "expected a map of keys at the top of the file, found a list"

run assess --answers "$TMP/nope.yaml"
expect_code 2
expect_err "nope.yaml: error: cannot open file: No such file or directory"

# JSON is checked as JSON first: where it breaks and why, in plain words.
printf '{"saddle_numbness": "no",\n "pain_score": 3' >"$TMP/cut.json"
run assess --answers "$TMP/cut.json"
expect_code 2
expect_err "cut.json:2:17: error: not valid JSON: the text ends where '}' was expected"
printf '{"saddle_numbness": no}\n' >"$TMP/bare.json"
run assess --answers "$TMP/bare.json"
expect_code 2
expect_err "bare.json:1:22: error: not valid JSON: 'no' is not a JSON value (text needs double quotes"
printf '{"fever": "no",, "pain_score": 3}\n' >"$TMP/comma.json"
run assess --answers "$TMP/comma.json"
expect_code 2
expect_err "comma.json:1:16: error: not valid JSON: unexpected ',' where a key in double quotes was expected"
grep -q "json.exception\|syntax error while parsing" <<<"$ERR" && fail "the parser's words in: $ERR"
finish

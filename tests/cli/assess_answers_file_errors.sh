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
expect_err "answers.yaml: the answers file is not valid"

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
finish

#!/usr/bin/env bash
# rules list prints ids and titles; rules test reports each scenario and exits 1 on a failure.
source "$(dirname "$0")/lib.bash" "$@"
run rules list questions
expect_code 0
[ "$(wc -l <<<"$OUT")" = 34 ] || fail "34 questions expected (answer contract v2)"
expect_out $'saddle_numbness\tDo you have numbness'
run rules list
expect_out $'option\tcold_pack\tCold pack'
expect_out $'disposition\temergency\t'

cat >"$TMP/fail.yaml" <<'YAML'
description: deliberately wrong
answers: {saddle_numbness: yes}
expect: {disposition: self_care}
YAML
cat >"$TMP/bad.yaml" <<'YAML'
answers: {saddle_numbnes: yes}
expect: {disposition: emergency}
YAML
run rules test "$SRC/tests/scenarios/pain_7_is_see_doctor.yaml" "$TMP/fail.yaml" "$TMP/bad.yaml"
expect_code 1
expect_out "ok   $SRC/tests/scenarios/pain_7_is_see_doctor.yaml"
expect_out "FAIL $TMP/fail.yaml: deliberately wrong"
expect_out "disposition: expected self_care, got emergency"
expect_out "1 passed, 2 failed"
expect_err "bad.yaml:1:11: error: unknown question 'saddle_numbnes' (did you mean 'saddle_numbness'?)"
run rules test
expect_code 2
finish

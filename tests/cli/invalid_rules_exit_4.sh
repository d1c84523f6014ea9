#!/usr/bin/env bash
# Every command that needs the rule base exits 4, with the loader's errors, when it is invalid.
source "$(dirname "$0")/lib.bash" "$@"
mkdir -p "$TMP/bad"
cp "$SRC/rules/"*.yaml "$TMP/bad/"
sed -i 's/when: pain_score >= 7/when: pain_score >= 70/' "$TMP/bad/red_flags.yaml"
# No command (on a pipe) and an unknown word: the rule base is still the problem reported.
for cmd in "assess --pain-score 3" "ask" "rules test $SRC/tests/scenarios" "rules list" "rules check" "" "bogus" \
           "export fhir" "rules verify" "batch"; do
  run --rules "$TMP/bad" $cmd </dev/null
  expect_code 4
  expect_err "red_flags.yaml"
  expect_err "70 is outside the range of 'pain_score' (0 to 10)"
done
# --rules is found before the real parse, in each form the parser takes: joined, after the
# command, after --color's value; a word after -- is no option.
for line in "--rules=$TMP/bad rules check" "rules check --rules $TMP/bad" "--color never --rules $TMP/bad rules list" \
            "assess --rules=$TMP/bad --pain-score 3"; do
  run $line </dev/null
  expect_code 4
  expect_err "70 is outside the range of 'pain_score' (0 to 10)"
done
run rules test -- --rules "$TMP/bad" </dev/null
grep -qF "70 is outside" <<<"$ERR" && fail "a word after -- was taken for --rules"
finish

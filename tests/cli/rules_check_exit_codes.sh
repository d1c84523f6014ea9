#!/usr/bin/env bash
# rules check: 0 and a summary on a valid rule base, 4 and file:line:col errors on a broken one.
source "$(dirname "$0")/lib.bash" "$@"
run rules check --rules "$SRC/docs/examples/tiny"
expect_code 0
expect_out "ok: 5 questions, 1 derived fact, 3 options, 7 rules"

mkdir -p "$TMP/broken"
cp "$SRC/docs/examples/tiny/"*.yaml "$TMP/broken/"
sed -i 's/when: pain_score >= 7/when: pain_scor >= 7/' "$TMP/broken/rules.yaml"
run rules check --rules "$TMP/broken"
expect_code 4
expect_err "rules.yaml:32:11: error: unknown question or fact 'pain_scor' (did you mean 'pain_score'?)"
expect_err "1 error, 0 warnings; the rule base is not valid"

run rules check --rules "$TMP/does-not-exist"
expect_code 4
expect_err "no such rule base: expected a folder of .yaml files or one .yaml file"

# A link to nothing and a loop of links exist as names: each says what it is, not "no such".
ln -s "$TMP/nothing-here" "$TMP/dangling"
run rules check --rules "$TMP/dangling"
expect_code 4
expect_err "dangling: error: no such rule base: it is a symbolic link to nothing"
ln -s "$TMP/loop-b" "$TMP/loop-a"
ln -s "$TMP/loop-a" "$TMP/loop-b"
run assess --rules "$TMP/loop-a"
expect_code 4
expect_err "loop-a: error: cannot open the rule base: Too many levels of symbolic links"

# --rules before the subcommand works too (app-wide option).
run --rules "$SRC/docs/examples/tiny" rules check
expect_code 0
finish

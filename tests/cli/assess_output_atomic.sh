#!/usr/bin/env bash
# assess --output FILE: the result appears whole or not at all; an earlier file survives a failed
# run untouched; no temporary file is left behind; a folder that cannot be written is exit 1.
source "$(dirname "$0")/lib.bash" "$@"
answers="$SRC/tests/cli/fixtures/benign.json"
run assess --answers "$answers" --format json --output "$TMP/result.json"
expect_code 0
[ -z "$OUT" ] || fail "stdout should be empty with --output"
jq -e '.status == "complete"' "$TMP/result.json" >/dev/null || fail "the file is not the JSON result"
cp "$TMP/result.json" "$TMP/before.json"
run assess --answers "$answers" --answer pain_score=11 --output "$TMP/result.json"
expect_code 2
cmp -s "$TMP/result.json" "$TMP/before.json" || fail "a rejected run changed the earlier file"
run assess --answers "$answers" --color always --output "$TMP/result.txt"
expect_code 0
grep -q $'\x1b' "$TMP/result.txt" && fail "colour escapes in a file"
ls -A "$TMP" | grep -q '\.tmp\.' && fail "a temporary file was left behind"
run assess --answers "$answers" --output "$TMP/no/such/folder/result.json"
expect_code 1
expect_err "cannot create a temporary file in the folder"
finish

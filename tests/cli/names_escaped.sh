#!/usr/bin/env bash
# Every name the program echoes (file names, flags, values, ids) has its control and bidi
# characters escaped, on every channel: terminal text, JSON, Markdown and HTML. A name that holds
# ESC [ 2 J (clear screen), OSC 52 (write the clipboard) or U+202E (right-to-left override) must
# come out as \u{001B}, \u{202E}, never as the raw bytes.
source "$(dirname "$0")/lib.bash" "$@"
esc=$'\e'
evil="x${esc}[2J${esc}]52;c;aGk=${esc}\\"$'\u202e'"gpj"
raw_found() { LC_ALL=C grep -q $'\e\|\xe2\x80\xae' "$@"; }
check_clean() {  # LABEL: neither stdout nor stderr of the last run holds a raw ESC or U+202E
  raw_found "$TMP/out" "$TMP/err" && fail "$1: a raw control or bidi character was printed"
  grep -qF '\u{001B}' "$TMP/out" "$TMP/err" || fail "$1: the escaped name is not shown"
}
answers="$SRC/tests/cli/fixtures/benign.json"

run assess --answers "$TMP/$evil.yaml"
expect_code 2
check_clean "--answers with a missing file"
run assess --rules "$TMP/$evil"
check_clean "--rules with a missing folder"
run batch --input "$TMP/$evil"
expect_code 2
check_clean "--input with a missing file"
run assess --answers "$answers" --output "$TMP/$evil/r.json"
expect_code 1
check_clean "--output in a missing folder"
run rules test "$TMP/$evil"
check_clean "rules test with a missing path"
run assess "--$evil" yes
expect_code 2
check_clean "an unknown flag"
run assess --answers "$answers" --format "$evil"
expect_code 2
check_clean "a bad --format value"
run assess --answer "pain_score=$evil"
expect_code 2
check_clean "a bad answer value"
run assess --answers "$answers" --explain "$evil"
expect_code 2
check_clean "an unknown --explain id"

printf 'fever: no\n' >"$TMP/$evil.yaml"
printf 'quit\n' | "$BIN" ask --resume "$TMP/$evil.yaml" >"$TMP/out" 2>"$TMP/err"
check_clean "ask --resume FILE"
run export fhir --url "https://x/$evil"
raw_found "$TMP/out" "$TMP/err" && fail "export fhir --url: a raw control or bidi character in the JSON"
LC_ALL=C grep -q $'\xc2[\x80-\x9f]' "$TMP/out" && fail "export fhir --url: a raw C1 control in the JSON"

# A rule file whose name holds the escapes: rules check (text and JSON) and the rule book.
mkdir "$TMP/rules"
cp "$SRC"/rules/*.yaml "$TMP/rules/"
printf 'questions:\n  - id: extra\n    nonsense: 1\n' >"$TMP/rules/$evil.yaml"
run rules check --rules "$TMP/rules"
expect_code 4
check_clean "rules check naming a broken rule file"
run rules check --rules "$TMP/rules" --format json
expect_code 4
raw_found "$TMP/out" "$TMP/err" && fail "rules check --format json: a raw control or bidi character"
jq -e '.diagnostics | length > 0' "$TMP/out" >/dev/null || fail "rules check --format json is not JSON"
rm "$TMP/rules/$evil.yaml"
first=$(ls "$TMP/rules" | head -1)
mv "$TMP/rules/$first" "$TMP/rules/$evil.yaml"  # a valid rule file under a hostile name
for format in markdown html; do
  run rules doc --rules "$TMP/rules" --no-graph --format "$format"
  raw_found "$TMP/out" && fail "rules doc --format $format: a raw control or bidi character"
  grep -qF '\u{001B}' "$TMP/out" || fail "rules doc --format $format: the file's name is not shown escaped"
done

# batch: an id with control and bidi characters is echoed as JSON escapes.
printf '{"id": "a\\u001b[2Jb\\u202ec", "saddle_numbness": "yes"}\n' >"$TMP/lines.jsonl"
run batch --input "$TMP/lines.jsonl" --summary
raw_found "$TMP/out" "$TMP/err" && fail "batch: a raw control or bidi character in the output"
finish

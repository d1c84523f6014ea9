#!/usr/bin/env bash
# batch: one result per non-blank input line, in order, with the line number and any "id"; each
# kind of bad line gives an error object and the run goes on; exit codes; atomic --output.
source "$(dirname "$0")/lib.bash" "$@"
benign=$(jq -c . "$SRC/tests/cli/fixtures/benign.json")
{
  printf '{"id":"e1","saddle_numbness":"yes"}\n'
  printf '\n'
  printf '%s\r\n' "$benign"
  printf 'not json\n'
  printf '{"pain_score": 3, "pain_score": 4}\n'
  printf '[1, 2]\n'
  printf '{"fevr": true}\n'
  printf '{"id": 42, "pain_score": 11}\n'
  printf '{"pain_score": 7.5}\n'
  printf '{"a": 1} {"b": 2}\n'
  printf '{"id":"yaml","saddle_numbness": yes}\n'
  head -c 1100000 /dev/zero | tr '\0' ' '; printf '\n'
  printf '{"id":"last","saddle_numbness":true}'   # no final newline
} >"$TMP/in.jsonl"
run batch --input "$TMP/in.jsonl"
expect_code 2
expect_err "9 of 12 lines were rejected"
[ "$(wc -l <<<"$OUT")" = 12 ] || fail "expected 12 output lines"
line() { sed -n "$1p" <<<"$OUT"; }
check() { jq -e "$2" >/dev/null <<<"$(line "$1")" || fail "line $1: $2"; }
check 1 '.line == 1 and .id == "e1" and .status == "complete" and .disposition == "emergency"'
check 2 '.line == 3 and .status == "complete" and .disposition == "self_care" and (has("id") | not)'
check 3 '.line == 4 and .status == "error" and (.error | startswith("not valid JSON"))'
check 4 '.line == 5 and .error == "duplicate key '"'"'pain_score'"'"' (each question may appear once)"'
check 5 '.line == 6 and .error == "expected a JSON object of question id to answer, found a list"'
check 6 '.line == 7 and .error == "unknown question '"'"'fevr'"'"' (did you mean '"'"'fever'"'"'?)"'
check 7 '.line == 8 and .id == 42 and (.error | contains("expected a whole number from 0 to 10"))'
check 8 '.line == 9 and (.error | contains("fractional number"))'
check 9 '.line == 10 and (.error | startswith("not valid JSON"))'
check 10 '.line == 11 and (.error | startswith("not valid JSON"))'
check 11 '.line == 12 and (.error | contains("longer than 1048576 bytes"))'
# the last line, without a final newline, is there too
grep -q '"line":13,"id":"last","status":"complete"' <<<"$OUT" || fail "no result for the last line" 

# Ids are echoed exactly as written: a number keeps its text (a double would make the first two
# the same), a string comes back as JSON with its control and bidi characters escaped.
printf '%s\n' '{"id":12345678901234567890123,"saddle_numbness":"yes"}' \
  '{"id":12345678901234567890124,"pain_score":123456789012345678901234}' '{"id":-0.50e+1,"saddle_numbness":"yes"}' \
  $'{"id":"\\u202eevil\xe2\x80\xae\\u001b[2J","saddle_numbness":"yes"}' >"$TMP/ids.jsonl"
run batch --summary --input "$TMP/ids.jsonl"
expect_code 2
expect_out '{"line":1,"id":12345678901234567890123,"status":"complete"'
expect_out "{\"line\":2,\"id\":12345678901234567890124,\"status\":\"error\",\"error\":\"'123456789012345678901234' is not an accepted answer to 'pain_score': expected a whole number from 0 to 10\"}"
expect_out '{"line":3,"id":-0.50e+1,"status":"complete"'
expect_out '{"line":4,"id":"\u202eevil\u202e\u001b[2J","status":"complete"'

# Only good lines: exit 0; an incomplete line: exit 3; stdin by default.
printf '%s\n%s\n' "$benign" '{"saddle_numbness":"yes"}' >"$TMP/good.jsonl"
run batch --input "$TMP/good.jsonl"
expect_code 0
OUT=$(printf '%s\n{"pain_score":3}\n' "$benign" | "$BIN" batch 2>/dev/null); CODE=$?
expect_code 3
jq -e 'select(.line == 2) | .status == "incomplete"' >/dev/null <<<"$OUT" || fail "incomplete line"

# --output appears whole or not at all.
run batch --input "$TMP/good.jsonl" --output "$TMP/results.jsonl"
expect_code 0
[ "$(wc -l <"$TMP/results.jsonl")" = 2 ] || fail "--output is not complete"
ls -a "$TMP" | grep -q '\.tmp\.' && fail "a temporary file was left behind"
printf 'old\n' >"$TMP/kept.jsonl"
run batch --input "$TMP/missing.jsonl" --output "$TMP/kept.jsonl"
expect_code 2
[ "$(cat "$TMP/kept.jsonl")" = old ] || fail "a failed run touched the existing output"
run batch --input "$TMP/good.jsonl" --output "$TMP/no/such/dir/out.jsonl"
expect_code 1
expect_err "cannot create a temporary file in the folder"

# A reader that goes away early is no error worth a message.
yes "$benign" | head -n 20000 >"$TMP/many.jsonl"
"$BIN" batch --input "$TMP/many.jsonl" 2>"$TMP/err" | head -n 1 >/dev/null
[ -s "$TMP/err" ] && { ERR=$(cat "$TMP/err"); fail "a closed pipe printed something"; }
# A folder is refused with its name, not read as an empty input (exit 0).
mkdir -p "$TMP/folder"
run batch --input "$TMP/folder"
expect_code 2
expect_err "is a folder"
run export clips --cases "$TMP/folder"
expect_code 2
expect_err "is a folder"
finish

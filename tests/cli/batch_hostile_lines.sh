#!/usr/bin/env bash
# batch on hostile lines of about 1 MiB each (unclosed brackets, deep objects, megabyte strings,
# numbers and keys, runs of spaces and escapes, thousands of keys): every line gets its own error
# object with its id and a short message, in time proportional to its length and in flat memory.
source "$(dirname "$0")/lib.bash" "$@"
LINES=40
MAX_SECONDS=20
# The whole process on one core, under the 20 MB of issue #20 (the line buffer alone is 1 MiB;
# the peak moves by a MiB or two with the heap's layout: 15.7 to 18.2 MiB at the same code).
MAX_KIB=$((20 * 1024))
# On several cores, a fixed amount more per worker: its own parse of a 1 MiB line, and the chunks
# in flight (two per worker, each at most 1 MiB of input).
PER_WORKER_KIB=$((10 * 1024))
sanitized=""
# A Debug build under ASan and UBSan (./dev sanitize) is 10-30x slower and its shadow memory
# inflates the peak: fewer lines, a larger time bound, no memory bound.
if [ -n "${HOSTILE_SANITIZED:-}" ] || grep -qa __asan_init "$BIN"; then
  sanitized=1
  LINES=8
  MAX_SECONDS=120
fi
export BACKTRIAGE_CACHE_DIR="$TMP/cache"
"$BIN" --version >/dev/null  # compiles the rule base into the cache, as any earlier run would have

# generate SHAPE FILE: $LINES lines of 1000 KiB (under the 1 MiB line limit); line i carries
# "id": i where the shape has an id at all.
generate() {
  python3 - "$1" "$LINES" >"$2" <<'PY'
import sys
shape, lines = sys.argv[1], int(sys.argv[2])
SIZE = 1000 * 1024
def fill(head, unit, tail=""):
    return head + unit * ((SIZE - len(head) - len(tail)) // len(unit)) + tail
shapes = {
    "brackets_line": lambda i: fill("", "["),
    "brackets_answer": lambda i: fill('{"id":%d,"pain_score":' % i, "["),
    "objects_answer": lambda i: fill('{"id":%d,"fever":' % i, '{"a":'),
    "objects_id": lambda i: fill('{"id":', '{"a":'),
    "string_answer": lambda i: fill('{"id":%d,"fever":"' % i, "x", '"}'),
    "string_unclosed": lambda i: fill('{"id":%d,"fever":"' % i, "x"),
    "string_id": lambda i: fill('{"id":"', "x", '"}'),
    "string_key": lambda i: fill('{"id":%d,"' % i, "k", '":1}'),
    "escapes": lambda i: fill('{"id":%d,"fever":"' % i, "\\u0000", '"}'),
    "quotes": lambda i: fill('{"id":%d,"fever":' % i, '"'),
    "digits_answer": lambda i: fill('{"id":%d,"pain_score":' % i, "7", "}"),
    "digits_negative": lambda i: fill('{"id":%d,"pain_score":-1' % i, "0", "}"),
    "digits_fraction": lambda i: fill('{"id":%d,"pain_score":0.' % i, "5", "}"),
    "spaces": lambda i: fill('{"id":%d,"pain_score":1' % i, " "),
    "duplicate_keys": lambda i: fill('{"id":%d,' % i, '"pain_score":1,', '"x":1}'),
    "unknown_keys": lambda i: fill('{"id":%d,' % i, '"pain_scor":1,', '"x":1}'),
}
for i in range(1, lines + 1):
    sys.stdout.write(shapes[shape](i) + "\n")
PY
}

# check SHAPE IDS MESSAGE_PART: batch on the shape's lines exits 2 with one error object per line,
# in order, each with the line's id (IDS=yes) or none (IDS=no), a message containing MESSAGE_PART
# and at most 300 characters; within the time and memory bounds; on one core and on two.
check() {
  generate "$1" "$TMP/in.jsonl"
  check_jobs 1 "$@"
  check_jobs 2 "$@"
  rm -f "$TMP/in.jsonl"
}
check_jobs() {
  local jobs=$1 shape="$2 (--jobs $1)" ids=$3 part=$4
  local max_kib=$((MAX_KIB + (jobs > 1 ? jobs * PER_WORKER_KIB : 0)))
  /usr/bin/time -f '%e %M' -o "$TMP/time" "$BIN" batch --jobs "$jobs" --input "$TMP/in.jsonl" >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  OUT=$(head -c 1000 "$TMP/out")
  ERR=$(head -c 1000 "$TMP/err")
  local secs kib
  read -r secs kib < <(tail -n 1 "$TMP/time")
  [ "$CODE" = 2 ] || fail "$shape: exit code $CODE, expected 2"
  grep -qF "$LINES of $LINES lines were rejected" "$TMP/err" || fail "$shape: not every line was rejected"
  jq -se --argjson n "$LINES" --arg ids "$ids" --arg part "$part" '
    length == $n and ([.[].line] == [range(1; $n + 1)]) and
    (if $ids == "yes" then [.[].id] == [range(1; $n + 1)] else all(.[]; has("id") | not) end) and
    all(.[]; .status == "error" and (.error | contains($part)) and (.error | length) <= 300 and
             (.error | contains("json.exception") | not))' "$TMP/out" >/dev/null ||
    fail "$shape: expected $LINES error objects, ids $ids, with '$part'"
  awk -v s="$secs" -v m="$MAX_SECONDS" 'BEGIN { exit !(s + 0 <= m) }' || fail "$shape: took ${secs}s (bound ${MAX_SECONDS}s)"
  [ -n "$sanitized" ] || [ "$kib" -le "$max_kib" ] || fail "$shape: peak ${kib} KiB (bound ${max_kib} KiB)"
}

check brackets_line no "expected a JSON object of question id to answer, found a list"
check brackets_answer yes "the answer to 'pain_score' is a list: expected a whole number from 0 to 10"
check objects_answer yes "the answer to 'fever' is an object: expected yes, no or unsure"
check objects_id no "the id is longer than 4096 bytes (as JSON)"
check string_answer yes "' is not an accepted answer to 'fever': expected yes, no or unsure"
check string_unclosed no "not valid JSON at column 1024001: invalid string: missing closing quote"
check string_id no "the id is longer than 4096 bytes (as JSON)"
check string_key yes "unknown question 'kkkkkkkk"
check escapes yes "' is not an accepted answer to 'fever'"
check quotes no "not valid JSON at column "
check digits_answer yes "'7777777777777777777777777777777777777777777777777777777777777777...' is not an accepted answer to 'pain_score': expected a whole number from 0 to 10"
check digits_negative yes "'-100000000000000000000000000000000000000000000000000000000000000...' is not an accepted answer to 'pain_score'"
check digits_fraction yes "the answer to 'pain_score' is a fractional number: expected a whole number from 0 to 10"
check spaces no "not valid JSON at column 1024001: the text ends where"
check duplicate_keys yes "duplicate key 'pain_score' (each question may appear once)"
check unknown_keys yes "unknown question 'pain_scor' (did you mean 'pain_score'?)"
finish

#!/usr/bin/env bash
# batch on several cores: the same bytes as one core, in input order, for 100,000 generated cases
# with rejected, blank and over-long lines among them, for 2 and 4 jobs, compact and full lines;
# the same exit code. GNU parallel --pipe --keep-order with --first-line gives the same bytes as
# one process (docs/json-output.md). Under the sanitizers BATCH_JOBS_CASES makes it smaller.
source "$(dirname "$0")/lib.bash" "$@"
OUT="" ERR=""
cases=${BATCH_JOBS_CASES:-100000}
python3 "$SRC/bench/gen_cases.py" "$cases" 3 --unsure >"$TMP/gen.jsonl"
# Every 997th case broken, a blank line every 1,499 lines, one line over the 1 MiB limit.
awk 'NR % 997 == 0 {print "{\"id\": " NR ", \"pain_score\": 11}"; next} NR % 1499 == 0 {print ""} {print}' "$TMP/gen.jsonl" >"$TMP/cases.jsonl"
head -c 1100000 /dev/zero | tr '\0' ' ' | sed 's/^/{"id": "long", "pain_score": 1}/' >>"$TMP/cases.jsonl"
echo >>"$TMP/cases.jsonl"
tail -n 50 "$TMP/gen.jsonl" >>"$TMP/cases.jsonl"
lines=$(wc -l <"$TMP/cases.jsonl")

digest() {  # ARGS...: sha256 of batch's output, and its exit code
  "$BIN" batch "$@" <"$TMP/cases.jsonl" 2>"$TMP/err" | sha256sum | cut -c1-64
  echo "exit ${PIPESTATUS[0]}"
}
for detail in compact full; do
  one=$(digest --detail "$detail" --jobs 1)
  grep -q "exit 2" <<<"$one" || fail "$detail, 1 job: $one (rejected lines must give exit 2)"
  for jobs in 2 4; do
    many=$(digest --detail "$detail" --jobs "$jobs")
    [ "$many" = "$one" ] || fail "$detail, $jobs jobs: $many, one job: $one"
  done
done
# The default is every core, with the same bytes.
[ "$(digest)" = "$(digest --jobs 1)" ] || fail "the default --jobs differs from --jobs 1"
# Order and numbering at a glance: every line's number, in order, errors in their place.
"$BIN" batch --jobs 3 <"$TMP/cases.jsonl" 2>/dev/null | jq -r .line >"$TMP/numbers"
awk 'NF {print NR}' "$TMP/cases.jsonl" | cmp -s - "$TMP/numbers" || fail "line numbers out of order or missing"
[ "$(sed -n '997p' "$TMP/cases.jsonl" | jq -r .id 2>/dev/null)" = 997 ] || fail "the test input lost its broken line 997"
broken=$("$BIN" batch --jobs 2 <"$TMP/cases.jsonl" 2>/dev/null | jq -c 'select(.id == 997) | .status')
[ "$broken" = '"error"' ] || fail "the broken line 997 gives no error object: $broken"

# --first-line and GNU parallel: parts of 10,000 lines, numbered as in the whole input.
whole=$("$BIN" batch --jobs 1 <"$TMP/cases.jsonl" 2>/dev/null | sha256sum)
if command -v parallel >/dev/null; then
  parts=$(parallel --will-cite --pipe -N 10000 --keep-order \
    "'$BIN' batch --jobs 1 --first-line \$(( ({#} - 1) * 10000 + 1 ))" <"$TMP/cases.jsonl" 2>/dev/null | sha256sum)
  [ "$parts" = "$whole" ] || fail "GNU parallel --pipe --keep-order with --first-line gives other bytes than one process"
else
  fail "GNU parallel is not installed (./dev test installs it)"
fi
run batch --first-line 41 --jobs 2 <<<'{"id": "a", "pain_score": 3}'
[ "$(jq -r .line <<<"$OUT")" = 41 ] || fail "--first-line 41: line $(jq -r .line <<<"$OUT")"

# Ctrl-C: the lines read so far still get their results, as with one job.
head -n 3000 "$TMP/gen.jsonl" >"$TMP/3k.jsonl"
for jobs in 1 2; do
  # (the input stays open after the lines, as a live pipe would; $! is batch itself)
  "$BIN" batch --jobs "$jobs" < <(cat "$TMP/3k.jsonl"; sleep 4) >"$TMP/int.out" 2>"$TMP/int.err" &
  pid=$!
  sleep 2
  kill -INT "$pid"
  wait "$pid"
  [ "$(wc -l <"$TMP/int.out")" = 3000 ] || fail "Ctrl-C with --jobs $jobs: $(wc -l <"$TMP/int.out") of 3000 results written"
  grep -q "interrupted after 3000 lines" "$TMP/int.err" || fail "Ctrl-C with --jobs $jobs: $(cat "$TMP/int.err")"
done

# Memory stays bounded on two jobs when long lines land in every slot of the chunks in turn.
if ! grep -qa __asan_init "$BIN"; then
  python3 -c "
import sys
for k in range(0, 2048, 8):
    sys.stdout.write('{}\n' * k + '{\"fever\": \"' + 'x' * 62000 + '\"}\n')" >"$TMP/grow.jsonl"
  /usr/bin/time -f '%M' -o "$TMP/grow.time" "$BIN" batch --jobs 2 <"$TMP/grow.jsonl" >/dev/null 2>&1
  kib=$(tail -n 1 "$TMP/grow.time")
  [ "$kib" -le $((36 * 1024)) ] || fail "long lines in turn: peak ${kib} KiB on 2 jobs (bound 16 MiB + 10 MiB a worker)"
fi

# Bad values are refused with what is allowed.
run batch --jobs 0 </dev/null
expect_code 2
expect_err "--jobs"
run batch --jobs many </dev/null
expect_code 2
run batch --first-line 0 </dev/null
expect_code 2
echo "$lines lines; 1, 2, 3, 4 jobs and GNU parallel give the same bytes"
finish

#!/usr/bin/env bash
# Every report format, byte for byte: the cases in cases.txt against expected/ (see cases.txt).
# Each expected file is the standard output, then "--- exit N" and, when anything was written
# there, "--- stderr" and the standard error. Timings are normalised ("in 0.00 s", "seconds": 0).
source "$(dirname "$0")/../cli/lib.bash" "$@"
dir="$SRC/tests/golden"
cd "$SRC" || exit 1  # relative paths in cases.txt, and in what the program echoes of them
normalise() { sed -E 's/ in [0-9]+\.[0-9]+ s/ in 0.00 s/; s/"seconds": [0-9.e+-]+/"seconds": 0/'; }
while read -r name args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  args=${args//FIXTURES/tests/cli/fixtures}
  # shellcheck disable=SC2086 # the arguments are words, as written in cases.txt
  if [[ "$args" == batch* ]]; then
    "$BIN" $args <"$dir/batch-input.jsonl" >"$TMP/out" 2>"$TMP/err"
  else
    "$BIN" $args </dev/null >"$TMP/out" 2>"$TMP/err"
  fi
  code=$?
  { normalise <"$TMP/out"
    echo "--- exit $code"
    if [ -s "$TMP/err" ]; then echo "--- stderr"; normalise <"$TMP/err"; fi; } >"$TMP/$name"
  if [ -n "${BACKTRIAGE_UPDATE_GOLDEN:-}" ]; then
    cp "$TMP/$name" "$dir/expected/$name"
  elif ! cmp -s "$TMP/$name" "$dir/expected/$name"; then
    OUT=$(diff -u "$dir/expected/$name" "$TMP/$name" | head -40)
    ERR=""
    fail "$name differs from tests/golden/expected/$name"
  fi
done <"$dir/cases.txt"
finish

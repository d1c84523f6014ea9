#!/usr/bin/env bash
# Every report format, byte for byte: the cases in cases.txt against expected/ (see cases.txt).
source "$(dirname "$0")/../cli/lib.bash" "$@"
dir="$SRC/tests/golden"
while read -r name args; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  args=${args//FIXTURES/$SRC/tests/cli/fixtures}
  # shellcheck disable=SC2086 # the arguments are words, as written in cases.txt
  if [[ "$args" == batch* ]]; then
    "$BIN" $args <"$dir/batch-input.jsonl" >"$TMP/$name" 2>/dev/null
  else
    "$BIN" $args >"$TMP/$name" 2>/dev/null
  fi
  if [ -n "${BACKTRIAGE_UPDATE_GOLDEN:-}" ]; then
    cp "$TMP/$name" "$dir/expected/$name"
  elif ! cmp -s "$TMP/$name" "$dir/expected/$name"; then
    OUT=$(diff -u "$dir/expected/$name" "$TMP/$name" | head -40)
    ERR=""
    fail "$name differs from tests/golden/expected/$name"
  fi
done <"$dir/cases.txt"
finish

#!/usr/bin/env bash
# --resume uses every answer in the file, whatever is missing before it: with any one question
# missing, only that question is asked and the file's other answers stay as they are; a red flag's
# "yes" after a gap is an emergency at once, and no typed answer replaces it.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off
ask() {  # INPUT ARGS...
  local input=$1
  shift
  printf "$input" | "$BIN" ask "$@" >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  OUT=$(cat "$TMP/out") ERR=$(cat "$TMP/err")
}

# The file's emergency after a gap: taken, not asked, not overwritten.
printf 'bladder_bowel_change: yes\nleg_weakness: no\n' >"$TMP/gap.yaml"
cp "$TMP/gap.yaml" "$TMP/gap.before"
ask 'n\nn\n' --resume "$TMP/gap.yaml"
expect_code 0
expect_out "Go to the emergency department now"
grep -q "Since the back pain started, have you had new trouble passing urine" <<<"$(grep -v '^Answer' <<<"$OUT")" &&
  fail "the bladder question, answered in the file, was asked again"
cmp -s "$TMP/gap.yaml" "$TMP/gap.before" || fail "the file's answers were changed: $(cat "$TMP/gap.yaml")"

# Each question missing in turn from a complete file: that one is asked, the rest kept.
mapfile -t questions < <("$BIN" rules list questions | cut -f1)
for q in "${questions[@]}"; do
  grep -v "^$q:" "$SRC/examples/answers.yaml" >"$TMP/one-gap.yaml"
  typed=$(sed -n "s/^$q: //p" "$SRC/examples/answers.yaml")
  ask "$typed\n\n" --resume "$TMP/one-gap.yaml"
  [ "$CODE" = 0 ] || { fail "$q missing: exit $CODE"; continue; }
  asked=$(grep -c '^> ' <<<"$OUT")
  [ "$asked" -le 2 ] || fail "$q missing: $asked prompts, expected the one question (and explain>)"
  "$BIN" assess --answers "$TMP/one-gap.yaml" --format json >"$TMP/r.json" 2>/dev/null
  jq -e '.disposition == "self_care"' "$TMP/r.json" >/dev/null || fail "$q missing: the recorded file does not assess as before"
  # The question is asked (and its answer recorded) only when it can still change the result.
  got=$(grep -v '^#' "$TMP/one-gap.yaml" | sort)
  [ "$got" = "$(grep -v '^#' "$SRC/examples/answers.yaml" | sort)" ] ||
    [ "$got" = "$(grep -v '^#' "$SRC/examples/answers.yaml" | grep -v "^$q:" | sort)" ] ||
    fail "$q missing: the file's other answers changed: $got"
done
finish

#!/usr/bin/env bash
# The bash completion offers subcommands, assess's per-question flags, question ids for
# --answer and ids for --explain, taken from the rule base.
source "$(dirname "$0")/lib.bash" "$@"
mkdir -p "$TMP/bin" && ln -s "$BIN" "$TMP/bin/backtriage"
complete_words() {  # WORDS... (the last one is being completed)
  bash -c '
    source "$1/completions/backtriage.bash"
    shift
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    _backtriage
    printf "%s\n" "${COMPREPLY[@]}"' _ "$SRC" "$@"
}
export PATH="$TMP/bin:$PATH"
OUT=$(complete_words backtriage "")
for w in ask assess batch rules export; do grep -qx "$w" <<<"$OUT" || fail "no subcommand $w"; done
OUT=$(complete_words backtriage assess --pain)
grep -qx -- "--pain-score" <<<"$OUT" || fail "no --pain-score"
grep -qx -- "--pain-spreads-to-legs" <<<"$OUT" || fail "no --pain-spreads-to-legs"
OUT=$(complete_words backtriage assess --answer sadd)
grep -qx "saddle_numbness=" <<<"$OUT" || fail "no saddle_numbness= for --answer"
OUT=$(complete_words backtriage assess --explain massage)
grep -qx "massage_gun" <<<"$OUT" || fail "no massage_gun for --explain"
OUT=$(complete_words backtriage assess --fever y)
grep -qx "yes" <<<"$OUT" || fail "no yes for a yes/no flag"
OUT=$(complete_words backtriage assess --fever "")
[ "$(paste -sd, <<<"$OUT")" = "yes,no,unsure" ] || fail "a question that accepts unsure: $OUT"
OUT=$(complete_words backtriage assess --acute-injury "")
[ "$(paste -sd, <<<"$OUT")" = "yes,no" ] || fail "a question without unsure: $OUT"
OUT=$(complete_words backtriage assess --pain-score "")
[ -z "$OUT" ] || fail "yes/no offered for a number: $OUT"
OUT=$(complete_words backtriage rules "")
grep -qx "check" <<<"$OUT" || fail "no rules check"
grep -qx "verify" <<<"$OUT" || fail "no rules verify"
OUT=$(complete_words backtriage rules show severe_pain)
grep -qx "severe_pain_see_doctor" <<<"$OUT" || fail "no rule ids for rules show"
OUT=$(complete_words backtriage --rules "$SRC/docs/examples/tiny" assess --s)
grep -qx -- "--side" <<<"$OUT" || fail "--rules was not used for the flags"
OUT=$(complete_words backtriage batch --)
grep -qx -- "--detail" <<<"$OUT" || fail "no --detail for batch"
OUT=$(complete_words backtriage batch --detail "")
[ "$(paste -sd, <<<"$OUT")" = "compact,full" ] || fail "batch --detail values: $OUT"
OUT=$(complete_words backtriage rules doc --format "")
grep -qx "html" <<<"$OUT" || fail "no html for rules doc --format"
grep -qx "json" <<<"$OUT" && fail "json offered for rules doc --format"
OUT=$(complete_words backtriage export "")
grep -qx "fhir" <<<"$OUT" || fail "no export fhir"
finish

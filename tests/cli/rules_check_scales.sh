#!/usr/bin/env bash
# `rules check` stays near-linear in the number of rules: whether each rule can fire is one test
# on the decision diagrams, and once the budget of compared pairs of rules is spent, the pairs left
# are said once and skipped. 20,000 synthetic rules (bench/gen_rule_base.py) take about 2.3 s; the
# bound is generous for a loaded machine, and the figures for 5k, 20k and 99k rules are in
# bench/README.md.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off
python3 "$SRC/bench/gen_rule_base.py" 20000 "$TMP/rules" || fail "could not generate the rule base"
timeout 60 "$BIN" --rules "$TMP/rules" rules check >"$TMP/out" 2>"$TMP/err"
CODE=$?
OUT=$(head -c 20000 "$TMP/out") ERR=$(cat "$TMP/err")
[ "$CODE" = 124 ] && fail "rules check on 20,000 rules took over 60 s"
[ "$CODE" = 0 ] || [ "$CODE" = 4 ] || fail "rules check on 20,000 rules ended with exit $CODE"
grep -q "the budget of [0-9]* compared pairs of rules is spent" "$TMP/out" "$TMP/err" || fail "the spent budget is not said"
[ "$(cat "$TMP/out" "$TMP/err" | grep -c 'subsumed rules from rule .* were not analysed')" = 1 ] || fail "the subsumption budget is not said exactly once"
[ "$(cat "$TMP/out" "$TMP/err" | grep -c 'recommend/avoid conflicts from rule .* were not analysed')" = 1 ] || fail "the conflicts budget is not said exactly once"
# Whether each rule can fire is decided on the decision diagrams: never left unanalysed.
grep -q "can fire was not analysed" "$TMP/out" "$TMP/err" && fail "whether rules can fire was left unanalysed"
finish

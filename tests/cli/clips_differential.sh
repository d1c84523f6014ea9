#!/usr/bin/env bash
# Differential test: the shipped rule base exported to CLIPS (`export clips`) and run by CLIPS 6.30,
# and exported to json-rules-engine (`export jre`), reach the same disposition, plan and avoid
# list as backtriage on 3,000 random complete cases, some answered "not sure".
source "$(dirname "$0")/lib.bash" "$@"
command -v clips >/dev/null || { echo "CLIPS is not installed (./dev test installs it)"; exit 77; }
python3 "$SRC/bench/gen_cases.py" 3000 7 --unsure >"$TMP/cases.jsonl"
grep -q unsure "$TMP/cases.jsonl" || fail "the cases do not answer unsure"
"$BIN" batch --input "$TMP/cases.jsonl" --output "$TMP/ours.jsonl" || fail "backtriage batch failed"
"$BIN" export clips --cases "$TMP/cases.jsonl" >"$TMP/run.clp" || fail "export clips failed"
clips -f2 "$TMP/run.clp" >"$TMP/clips.txt" 2>&1 || fail "clips failed"
grep -qiE "error|\[[A-Z]+[0-9]+\]" "$TMP/clips.txt" && { OUT=$(grep -iE "error|\[" "$TMP/clips.txt" | head); fail "CLIPS reported errors"; }
levels=$("$BIN" rules list dispositions | cut -f1 | paste -sd,)
OUT=$(python3 "$SRC/bench/compare_engines.py" "$levels" "$TMP/ours.jsonl" "$TMP/clips.txt") || fail "the engines disagree"
grep -q "compared 3000 cases: 0 differences" <<<"$OUT" || fail "not all cases were compared"

jre="$SRC/build/npm/node_modules"
if [ -d "$jre/json-rules-engine" ] && command -v node >/dev/null; then
  "$BIN" export jre >"$TMP/rules.jre.json" || fail "export jre failed"
  NODE_PATH="$jre" node "$SRC/bench/jre_driver.js" "$TMP/rules.jre.json" "$TMP/cases.jsonl" >"$TMP/jre.txt" 2>/dev/null \
    || fail "the json-rules-engine driver failed"
  OUT=$(python3 "$SRC/bench/compare_engines.py" "$levels" "$TMP/ours.jsonl" "$TMP/jre.txt") || fail "backtriage and json-rules-engine disagree"
  grep -q "compared 3000 cases: 0 differences" <<<"$OUT" || fail "json-rules-engine: not all cases were compared"
else
  echo "json-rules-engine is not installed (./dev test installs it): only CLIPS was compared"
fi
finish

#!/usr/bin/env bash
# rules verify and rules diff finish on a generated rule base of 1,000 rules over 60 questions
# (about 6e35 classes of answers), where in question order one option's diagram took 1.6 million
# nodes and rules diff gave up after four minutes; with sifting and an operation cache that grows,
# verify takes under a second and diff about 3 s here (bench/README.md). Counts past 2^53 are said as
# estimates, never as a saturated 64-bit number. The bounds are generous for a loaded machine.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off
python3 "$SRC/bench/gen_rule_base.py" 1000 "$TMP/old" --questions 60 --invariants || fail "could not generate the rule base"
python3 "$SRC/bench/gen_rule_base.py" 1000 "$TMP/new" --questions 60 --invariants --variant 10 || fail "could not generate the variant"

timeout 120 "$BIN" --rules "$TMP/old" rules verify >"$TMP/verify" 2>"$TMP/err"
CODE=$?
OUT=$(cat "$TMP/verify") ERR=$(cat "$TMP/err")
[ "$CODE" = 124 ] && fail "rules verify on 1,000 rules over 60 questions took over 120 s"
[ "$CODE" = 0 ] || fail "rules verify ended with exit $CODE"
expect_out "108 invariants checked over about 5.85e+35 equivalence classes"
expect_out "108 held, 0 failed"
grep -qE "18446744073709551615|9223372036854775808" <<<"$OUT" && fail "a saturated 64-bit count is shown"

timeout 120 "$BIN" --rules "$TMP/old" rules verify --format json >"$TMP/verify.json" || fail "rules verify --format json failed"
python3 - "$TMP/verify.json" <<'PY' || fail "verify JSON counts"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["ok"] is True, j["ok"]
assert 5.8e35 < j["equivalence_classes"] < 5.9e35, j["equivalence_classes"]
assert all(i["violations"] == 0 for i in j["invariants"])
PY

# The variant sends no one lower (its changed red flags go to the emergency department) and moves
# recommendations between options: exit 0, the moves counted and shown with cases.
timeout 120 "$BIN" --rules "$TMP/new" rules diff "$TMP/old" "$TMP/new" --format json >"$TMP/diff.json" 2>"$TMP/err"
CODE=$?
ERR=$(cat "$TMP/err")
[ "$CODE" = 124 ] && fail "rules diff on 1,000 rules over 60 questions took over 120 s"
[ "$CODE" = 0 ] || fail "rules diff ended with exit $CODE: $ERR"
python3 - "$TMP/diff.json" <<'PY' || fail "diff JSON"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["lower"] is False
assert 5.8e35 < j["cases"] < 5.9e35, j["cases"]
assert len(j["options"]) >= 2, j["options"]
assert all(o["cases"] > 0 and o["examples"] for o in j["options"])
PY
finish

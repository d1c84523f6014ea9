#!/usr/bin/env bash
# rules test --format tap|junit|json and --coverage: what CI servers read. One test per scenario file, passing, failing
# (an emergency expected as self-care) and unreadable; TAP 14 with its plan and YAML blocks, JUnit
# XML that parses, with the counts and a <failure> or <error> for each; exit 1 when any fails.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off
mkdir -p "$TMP/sc"
cp "$SRC/tests/scenarios/acute_injury_rules_out_massage_gun.yaml" "$TMP/sc/a_passes.yaml"
printf 'description: "An emergency <expected> as self-care & # more"\nanswers: {saddle_numbness: yes}\nexpect: {disposition: self_care}\n' \
  >"$TMP/sc/b_fails.yaml"
printf 'answers: [\n' >"$TMP/sc/c_unreadable.yaml"

run rules test "$TMP/sc" --format tap
expect_code 1
[ "$(head -2 <<<"$OUT")" = $'TAP version 14\n1..3' ] || fail "TAP lacks its version and plan"
grep -q '^ok 1 - .*a_passes.yaml' <<<"$OUT" || fail "TAP: the passing scenario is not ok 1"
grep -q '^not ok 2 - .*b_fails.yaml: An emergency <expected> as self-care &   more$' <<<"$OUT" ||
  fail "TAP: the failing scenario is not 'not ok 2' with its description (no '#')"
grep -q '^not ok 3 - .*c_unreadable.yaml$' <<<"$OUT" || fail "TAP: the unreadable scenario is not 'not ok 3'"
# Each failure's YAML block reads as YAML, with the unmet expectation in it.
python3 - "$TMP/out" <<'PY' || fail "TAP: a YAML block does not parse"
import sys, yaml
lines = open(sys.argv[1]).read().split("\n")
blocks, cur = [], None
for line in lines:
    if line == "  ---": cur = []
    elif line == "  ..." and cur is not None: blocks.append(yaml.safe_load("\n".join(l[2:] for l in cur))); cur = None
    elif cur is not None: cur.append(line)
assert len(blocks) == 2, blocks
assert any("emergency" in f for f in blocks[0]["failures"]), blocks[0]
assert "never closed" in blocks[1]["diagnostics"], blocks[1]
PY

run rules test "$TMP/sc" --format junit
expect_code 1
python3 - "$TMP/out" <<'PY' || fail "JUnit: the XML does not parse or miscounts"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites" and root.get("tests") == "3" and root.get("failures") == "1" and root.get("errors") == "1", root.attrib
cases = root.findall("./testsuite/testcase")
assert len(cases) == 3
assert cases[0].find("failure") is None and cases[0].find("error") is None
f = cases[1].find("failure")
assert f is not None and "emergency" in f.get("message") and "<expected>" in cases[1].get("name"), ET.tostring(cases[1])
assert cases[2].find("error") is not None
PY

run rules test "$SRC/tests/scenarios" --format junit
expect_code 0
python3 -c "import sys, xml.etree.ElementTree as ET; r = ET.fromstring(sys.stdin.read()); assert r.get('failures') == '0' and int(r.get('tests')) > 100" <<<"$OUT" ||
  fail "JUnit on the shipped scenarios: not every one passes"
run rules test "$TMP/sc" --format xml
expect_code 2

# --coverage: the shipped scenarios reach every rule, branch and option; two scenarios do not,
# and what they miss is named with its place.
run rules test "$SRC/tests/scenarios" --coverage
expect_code 0
expect_out "rules 76/76 (100.0%), branches 392/392 (100.0%), options 23/23 (100.0%)"
run rules test "$SRC/tests/scenarios/pain_6_is_self_care.yaml" "$SRC/tests/scenarios/pain_7_is_see_doctor.yaml" --coverage
expect_code 0
expect_out "coverage over 2 scenarios: rules 4/76"
expect_out "rules no scenario fires:"
grep -q '^  .*/red_flags.yaml:[0-9]*:[0-9]*: saddle_numbness_emergency$' <<<"$OUT" || fail "an unfired rule is not named with its place"
grep -q "^  .*/red_flags.yaml:[0-9]*:[0-9]*: 'saddle_numbness == yes' never true (rule saddle_numbness_emergency)$" <<<"$OUT" ||
  fail "an untaken branch is not named with its place"
run rules test "$SRC/tests/scenarios/pain_6_is_self_care.yaml" --coverage --format json
expect_code 0
jq -e '.passed == 1 and .coverage.rules.total == 76 and .coverage.rules.covered < 76 and
       (.coverage.branches.not_taken | any(.rule == "saddle_numbness_emergency" and .outcome == true and .line > 0)) and
       (.coverage.options.not_exercised | length) > 0' <<<"$OUT" >/dev/null || fail "the JSON coverage is not as expected"
run rules test "$SRC/tests/scenarios" --coverage --format tap
expect_code 2
expect_err "--coverage reports in text or json"
finish

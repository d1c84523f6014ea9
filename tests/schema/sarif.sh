#!/usr/bin/env bash
# rules check --format sarif validates against the published SARIF 2.1.0 schema: the shipped rules
# (findings only), every golden rules-check case (errors, warnings, notes, infos), a rule base past
# the per-file cap, and a path that needs percent-encoding; broken logs are refused. Locations
# point at the file and line the text output names.
source "$(dirname "$0")/../cli/lib.bash" "$@"
export NODE_PATH="$SRC/build/npm/node_modules" BACKTRIAGE_CACHE_DIR=off
if [ ! -d "$NODE_PATH/@microsoft/jest-sarif" ] || [ ! -d "$NODE_PATH/ajv-draft-04" ] || [ ! -d "$NODE_PATH/ajv-formats" ]; then
  echo "the SARIF schema or ajv-draft-04 is not installed (./dev test installs them)"
  [ -n "${CI:-}" ] && exit 1
  exit 77
fi
validate() { local r; r=$(node "$SRC/tests/schema/validate_sarif.js" "$@" 2>&1) || fail "$r"; }
J="$TMP/sarif" && mkdir -p "$J"
run rules check --format sarif
expect_code 0
printf '%s\n' "$OUT" >"$J/shipped.sarif"
jq -e '.version == "2.1.0" and .runs[0].tool.driver.name == "backtriage" and
       ([.runs[0].results[] | select(.level == "error" or .level == "warning")] | length) == 0' "$J/shipped.sarif" \
  >/dev/null || fail "the shipped rules' SARIF log has errors or warnings"
for dir in "$SRC"/tests/check/*/rules; do
  name=$(basename "$(dirname "$dir")")
  "$BIN" rules check --rules "$dir" --format sarif >"$J/$name.sarif" 2>/dev/null
done
run rules check --rules "$SRC/tests/check/many_errors_sorted/rules" --format sarif
expect_code 4
# The first error is where the text output puts it.
first_text=$("$BIN" rules check --rules "$SRC/tests/check/many_errors_sorted/rules" 2>&1 | grep -m1 ': error: ' | cut -d: -f1-3)
first_sarif=$(jq -r '[.runs[0].results[] | select(.level == "error")][0].locations[0].physicalLocation |
  "\(.artifactLocation.uri | sub("^file://"; "")):\(.region.startLine):\(.region.startColumn)"' <<<"$OUT")
[ "$first_text" = "$first_sarif" ] || fail "the first error is at $first_sarif in SARIF, $first_text in text"
# Past the cap of 100 a file: what was left out is counted.
mkdir -p "$TMP/many" && cp "$SRC"/rules/*.yaml "$TMP/many/"
python3 -c "print(''.join('k%d: 1\n' % i for i in range(300)))" >"$TMP/many/zz bad #1.yaml"
"$BIN" rules check --rules "$TMP/many" --format sarif >"$J/capped.sarif" 2>/dev/null
jq -e '[.runs[0].results[] | select(.message.text | test("^200 more problems were found"))] | length == 1' \
  "$J/capped.sarif" >/dev/null || fail "the problems past the cap are not counted"
jq -e '[.runs[0].results[].locations[]?.physicalLocation.artifactLocation.uri | select(test("^file:///.*/zz%20bad%20%231.yaml$"))] | length == 100' \
  "$J/capped.sarif" >/dev/null || fail "a file name with a space and '#' is not percent-encoded"
validate "$J"/*.sarif
# Broken logs are refused: the schema is really applied.
jq '.version = "2.0.0"' "$J/shipped.sarif" >"$TMP/bad1.sarif"
jq '.runs[0].results[0].level = "fatal"' "$J/capped.sarif" >"$TMP/bad2.sarif"
jq 'del(.runs[0].tool)' "$J/shipped.sarif" >"$TMP/bad3.sarif"
jq '.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "file:///a b/c #1.yaml"' "$J/capped.sarif" >"$TMP/bad4.sarif"
validate "$TMP"/bad*.sarif --invalid
finish

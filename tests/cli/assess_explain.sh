#!/usr/bin/env bash
# --explain: HOW for what was reached, WHY NOT (failed condition, blocking avoid rule, higher
# level) for what was not, in text and in JSON.
source "$(dirname "$0")/lib.bash" "$@"
fx="$SRC/tests/cli/fixtures/benign.yaml"
run assess --answers "$fx" --explain massage_gun
expect_code 0
expect_out "Why Percussion massage gun is not recommended:"
expect_out "It is on the avoid list"
expect_out "because acute_injury = yes"
run assess --answers "$fx" --explain cold_pack
expect_out "Cold pack - 20 minutes at a time"
expect_out "Wrap a cold pack"
expect_out "Caution: Always keep a thin towel"
expect_out "It is recommended. How:"
expect_out "because days_since_onset = 2"
expect_out "because early_phase = yes (derived), cold_makes_stiffer = no"
run assess --answers "$fx" --explain urgent
expect_out 'Why not "Be seen by a doctor today":'
expect_out "but fever = no"
run assess --answers "$fx" --pain-score 9 --explain self_care
expect_out "A higher level was reached"
run assess --answers "$fx" --explain foam_roller --format json
jq -e '.explanation.kind == "option" and .explanation.reached == false and .explanation.why_not.candidates[0].because[0].fact == "has_foam_roller"' >/dev/null <<<"$OUT" \
  || fail "JSON explanation of foam_roller"
run assess --answers "$fx" --explain early_phase_from_days --format json
jq -e '.explanation.kind == "rule" and .explanation.reached == true' >/dev/null <<<"$OUT" || fail "JSON HOW of a rule"
# The default level is declared by the rule base, not concluded by a rule: explained as such.
run assess --answers "$fx" --explain self_care --format json
jq -e '.explanation.reached == true and .explanation.default == true and (.explanation.how | length) == 0' >/dev/null <<<"$OUT" \
  || fail "JSON explanation of the default level"
run assess --answers "$fx" --explain self_care
expect_out "it is the rule base's default"
finish

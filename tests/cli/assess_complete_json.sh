#!/usr/bin/env bash
# assess: a complete set of answers exits 0; its JSON has the documented shape (parsed with jq).
source "$(dirname "$0")/lib.bash" "$@"
run assess --answers "$SRC/tests/cli/fixtures/benign.yaml" --format json
expect_code 0
expect_no_err
jq -e . >/dev/null <<<"$OUT" || fail "stdout is not JSON"
check() { jq -e "$1" >/dev/null <<<"$OUT" || fail "jq: $1"; }
check '.status == "complete"'
check '.disposition == "self_care"'
check '.disposition_title == "Self-care at home"'
check '.red_flags == []'
check '(.ruled_out | map(.id)) | index("saddle_numbness") != null'
check '(.recommended | map(.id)) as $r | ($r | index("cold_pack")) != null and ($r | index("cobra")) != null'
check '(.recommended | map(.id)) | index("massage_gun") == null'
check '.avoid == [{"id":"massage_gun","title":"Percussion massage gun","reason":"not on an acute injury such as a muscle spasm, sprain or strain","rule":"no_massage_gun_on_acute_injury"}]'
check '.recommended[0] | has("title") and has("instructions") and has("dose") and has("cautions") and has("source")'
check '.trace | length > 3'
check '.trace[0] | has("rule") and has("because") and has("concluded") and has("source")'
check '[.trace[] | select(.rule == "cold_pack_first_days")][0].because | map(.fact) == ["early_phase", "cold_makes_stiffer"]'
check '.answers.pain_score == 3 and .answers.saddle_numbness == "no"'
check '.rule_base.name == "backtriage-lower-back"'
check '.missing == []'
check '.safety_net.advice == []'
check '[.safety_net.levels[].disposition] == ["emergency", "urgent", "see_doctor"]'
check '[.safety_net.levels[0].signs[].id] | index("saddle_numbness") != null'
check '.safety_net.levels[0].text | startswith("Go to the emergency department now if you notice: numbness around your genitals")'
check 'has("seek_help") | not'
check 'keys_unsorted[0] == "status"'

# The same answers as JSON give the same kind of result.
run assess --answers "$SRC/tests/cli/fixtures/benign.json" --format json
expect_code 0
check '.disposition == "self_care" and .answers.improving == "yes"'
check '(.recommended | map(.id)) | index("foam_roller") != null'
finish

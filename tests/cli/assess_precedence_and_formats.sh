#!/usr/bin/env bash
# Later answer sources override earlier ones (files < --answer < per-question flags, last wins);
# markdown and text formats; colour only when asked or on a terminal.
source "$(dirname "$0")/lib.bash" "$@"
fx="$SRC/tests/cli/fixtures/benign.yaml"
run assess --answers "$fx" --answer pain_score=5 --answer pain_score=6 --format json
expect_code 0
jq -e '.answers.pain_score == 6 and .disposition == "self_care"' >/dev/null <<<"$OUT" || fail "--answer did not override the file"
run assess --answers "$fx" --answer pain_score=5 --pain-score 8 --format json
jq -e '.answers.pain_score == 8 and .disposition == "see_doctor"' >/dev/null <<<"$OUT" || fail "--pain-score did not override --answer"
run assess --answers "$fx" --pain-score 2 --pain-score 9 --format json
jq -e '.answers.pain_score == 9' >/dev/null <<<"$OUT" || fail "the last --pain-score did not win"

run assess --answers "$fx" --format markdown
expect_code 0
expect_out "## Back triage: Self-care at home"
expect_out "### Self-care plan"
expect_out "1. **Cold pack** (20 minutes at a time"
run assess --answers "$fx" --format markdown --verbose
expect_out "| 1 |"
expect_out "### Red flags ruled out"

run assess --answers "$fx"
expect_out "Self-care at home"
expect_out "Sources: How To Loosen"
expect_out "not a diagnosis"
grep -q $'\x1b' <<<"$OUT" && fail "colour codes in piped output"
run --color always assess --answers "$fx"
grep -q $'\x1b\[' <<<"$OUT" || fail "--color always gave no colour"
finish

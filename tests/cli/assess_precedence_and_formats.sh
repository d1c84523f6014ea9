#!/usr/bin/env bash
# The command line overrides the answers files (--answer pairs and per-question flags alike), and
# its own answers must agree: two different answers to one question there are refused, never
# settled by their order. Markdown and text formats; colour only when asked or on a terminal.
source "$(dirname "$0")/lib.bash" "$@"
fx="$SRC/tests/cli/fixtures/benign.yaml"
run assess --answers "$fx" --answer pain_score=6 --format json
expect_code 0
jq -e '.answers.pain_score == 6 and .disposition == "self_care"' >/dev/null <<<"$OUT" || fail "--answer did not override the file"
run assess --answers "$fx" --pain-score 8 --format json
jq -e '.answers.pain_score == 8 and .disposition == "see_doctor"' >/dev/null <<<"$OUT" || fail "--pain-score did not override the file"
run assess --answers "$fx" --answer pain_score=5 --pain-score 8 --format json
expect_code 2
expect_err "--answer pain_score and --pain-score give 'pain_score' different answers (5, then 8): give one"
run assess --answers "$fx" --pain-score 2 --pain-score 9 --format json
expect_code 2
[ -z "$OUT" ] || fail "a result was printed for conflicting answers"
run assess --answers "$fx" --answers "$SRC/examples/answers.yaml" --format json
jq -e '.answers.pain_score == 3 and .answers.age == 42' >/dev/null <<<"$OUT" || fail "the later file did not win"

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

#!/usr/bin/env bash
# rules check reports, at their place: a contradictory condition, a condition its ask_when makes
# impossible, an unused question, an option nothing recommends, a subsumed rule and a cycle.
source "$(dirname "$0")/lib.bash" "$@"
mutate red_flags.yaml "s.replace('    when: pain_score >= 7\n', '    when: {all: [pain_score < 3, pain_score > 5]}\n', 1)"
run --rules "$MUT" rules check
expect_code 4
expect_err "red_flags.yaml:461:5: error: rule 'severe_pain_see_doctor' can never fire: no answers make 'all of (pain_score < 3, pain_score > 5)' true"

cp "$SRC/rules/red_flags.yaml" "$MUT/"
mutate first_days.yaml "s.replace('        - early_phase == yes\n        - cold_makes_stiffer == yes\n', '        - days_since_onset >= 14\n        - cold_makes_stiffer == yes\n', 1)"
run --rules "$MUT" rules check
expect_code 4
expect_err "rule 'heat_when_cold_stiffens' can never fire: the ask_when of a question it needs excludes it ('cold_makes_stiffer' is asked only when days_since_onset <= 3)"

cp "$SRC/rules/first_days.yaml" "$MUT/"
# The appended question starts on the line after the shipped file's last.
colour_line=$(($(wc -l <"$SRC/rules/questions.yaml") + 1))
mutate questions.yaml "s + '  - id: favourite_colour\n    order: 999\n    type: yes_no\n    text: Do you like blue?\n'"
mutate lifestyle.yaml "s.replace('options:\n', 'options:\n  - id: yoga_retreat\n    title: Yoga retreat\n    instructions: Go on a retreat.\n    source: {ref: seed_001, section: x}\n', 1)"
mutate lifestyle.yaml "s + '  - id: break_up_long_sitting\n    title: Same as break_up_sitting, for long sitting only\n    when: {all: [sits_a_lot == yes, pain_score >= 1]}\n    then:\n      recommend: [move_regularly, desk_stretches, sit_on_floor, walking]\n    source: {ref: seed_001, section: x}\n'"
run --rules "$MUT" rules check
expect_code 4
expect_err "questions.yaml:$colour_line:5: error: question 'favourite_colour' is used by no rule"
expect_err "lifestyle.yaml:4:5: warning: option 'yoga_retreat' is recommended by no rule"
expect_err "warning: rule 'break_up_long_sitting' is subsumed by rule 'break_up_sitting'"
run --rules "$MUT" rules check --format json
expect_code 4
jq -e '.valid == false and .errors == 1 and .warnings == 2 and ([.diagnostics[] | select(.severity == "warning")] | length) == 2' >/dev/null <<<"$OUT" \
  || fail "JSON report of the error and the warnings"
jq -e '[.diagnostics[] | select(.severity == "error" and .file == "'"$MUT"'/questions.yaml" and .line == '"$colour_line"')] | length == 1' >/dev/null <<<"$OUT" \
  || fail "JSON location of the unused question"
# Without the unused question the two findings left are warnings: exit 0, and 4 with --strict.
cp "$SRC/rules/questions.yaml" "$MUT/"
run --rules "$MUT" rules check
expect_code 0
expect_err "lifestyle.yaml:4:5: warning: option 'yoga_retreat' is recommended by no rule"
run --rules "$MUT" rules check --strict
expect_code 4

cp "$SRC/rules/"*.yaml "$MUT/"
mutate first_days.yaml "s.replace('    when: days_since_onset <= 3\n', '    when: {any: [days_since_onset <= 3, early_phase == yes]}\n', 1)"
run --rules "$MUT" rules check
expect_code 4
expect_err "error: derived facts form a cycle: 'early_phase_from_days' -> 'early_phase_from_days'"
finish

#!/usr/bin/env bash
# rules graph renders with Graphviz and as Mermaid; rules show explains an element and where it
# is used; rules verify proves the shipped invariants over the whole answer space.
source "$(dirname "$0")/lib.bash" "$@"
run rules graph
expect_code 0
expect_out "digraph rules {"
expect_out '"q:saddle_numbness" -> "r:saddle_numbness_emergency";'
expect_out '"r:no_massage_gun_on_acute_injury" -> "o:massage_gun" [color="#b91c1c", style=dashed, label="avoid"];'
expect_out '"r:early_phase_from_days" -> "f:early_phase" [label="sets"];'
command -v dot >/dev/null || fail "Graphviz dot is not installed (./dev test installs it)"
"$BIN" rules graph | dot -Tsvg -o "$TMP/rules.svg" 2>"$TMP/dot.err" || { ERR=$(cat "$TMP/dot.err"); fail "dot could not render the graph"; }
grep -q "<svg" "$TMP/rules.svg" || fail "no SVG"
grep -q "saddle_numbness_emergency" "$TMP/rules.svg" || fail "the SVG lacks a rule"
run rules graph --format mermaid
expect_code 0
expect_out "flowchart LR"
expect_out "r_no_massage_gun_on_acute_injury -. avoid .-> o_massage_gun"

run rules show severe_pain_see_doctor
expect_code 0
expect_out "rule severe_pain_see_doctor: Severe pain (7 or more out of 10) needs a doctor"
expect_out "when: pain_score >= 7"
expect_out "source: seed_000 / When Do You See A Doctor (How To Loosen Tight Lower Back Muscles Massage)"
run rules show massage_gun
expect_out "avoided by: serious_cause_hands_off, unsure_emergency_sign_hands_off, no_massage_gun_on_acute_injury"
expect_out "used by invariants: acute_injury_never_gets_the_massage_gun"
run rules show days_since_onset
expect_out "decides whether these are asked: improving, cold_makes_stiffer"
run rules show massage_gn
expect_code 2
expect_err "(did you mean 'massage_gun'?)"

run rules verify
expect_code 0
expect_out "ok   saddle_numbness_is_emergency"
expect_out "ok   saddle_numbness_unsure_alone_is_urgent"
expect_out "ok   unsure order of saddle_numbness"
expect_out "109 invariants checked over 241006537797120 equivalence classes of complete answers"
expect_out "(535570083993600 combinations of the classes of 34 questions"
expect_out "109 held, 0 failed"
expect_out "21 questions accepting unsure: no <= unsure <= yes in disposition proved for 21, failed for 0"
run rules verify --format json
jq -e '.ok == true and .equivalence_classes == 241006537797120 and .combinations == 535570083993600 and (.invariants | length) == 109 and (.unsure_order | length) == 21 and all(.unsure_order[]; .holds)' >/dev/null <<<"$OUT" || fail "verify JSON"
finish

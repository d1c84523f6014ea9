#!/usr/bin/env bash
# Checklists of the shipped rule base as an auditor meets them: rules check counts them, the rule
# book has a section for them (and each member's entry names its list), rules show lists the
# numbered items, rules graph boxes the questions of each list in both formats. The loader's
# refusals are tests/check/checklist_mistakes and tests/unit/loader_test.cpp.
source "$(dirname "$0")/lib.bash" "$@"
run rules check
expect_code 0
expect_out "34 questions, 6 checklists, 2 derived facts"

run rules doc --format markdown
expect_code 0
expect_out "## Checklists"
expect_out "### checklist \`emergency_signs\` Do you have any of these now?"
expect_out "  - Chest pain or trouble breathing [\`chest_pain\`](#q-chest_pain)"
expect_out "- **Asked in the checklist:** [\`leg_symptoms\`](#c-leg_symptoms) as: Numbness, tingling or pins and needles"

run rules show fracture_signs
expect_code 0
expect_out "checklist fracture_signs: Do any of these apply to you?"
expect_out "  2. Pain that seems to come from a bone, or a sore spot that is extremely painful to press (bone_pain)"
run rules show chest_pain
expect_out "asked in the checklist emergency_signs as: Chest pain or trouble breathing"

run rules graph
expect_code 0
expect_out 'subgraph "cluster_emergency_signs" {'
grep -A9 'cluster_emergency_signs' <<<"$OUT" | grep -q '"q:major_trauma";' || fail "major_trauma is not boxed with the emergency signs"
run rules graph --format mermaid
expect_out 'subgraph c_self_care_context["Which of these apply to you?"]'
finish

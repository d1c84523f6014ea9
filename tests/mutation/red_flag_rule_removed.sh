#!/usr/bin/env bash
# Removing a red-flag rule is caught by verify: its invariant fails with a counterexample.
source "$(dirname "$0")/lib.bash" "$@"
remove_rule red_flags.yaml leg_weakness_emergency
run --rules "$MUT" rules check
expect_code 0
run --rules "$MUT" rules verify --max-examples 1
expect_code 1
expect_out "FAIL leg_weakness_is_emergency: New or worsening leg weakness always means the emergency department"
expect_out "is below emergency"
expect_out "backtriage assess --answer saddle_numbness=no --answer bladder_bowel_change=no --answer leg_weakness=yes"
counterexample_reproduces '"disposition": "(self_care|see_doctor|urgent)"'
finish

#!/usr/bin/env bash
# Removing the "no massage gun on an acute injury" avoid rule is caught by verify.
source "$(dirname "$0")/lib.bash" "$@"
remove_rule massage.yaml no_massage_gun_on_acute_injury
run --rules "$MUT" rules verify --max-examples 1
expect_code 1
expect_out "FAIL acute_injury_never_gets_the_massage_gun"
expect_out "'massage_gun' is not avoided"
counterexample_reproduces '"avoid": \[\]'
finish

#!/usr/bin/env bash
# Lowering a red flag's disposition (fever: urgent -> see_doctor) is caught by verify.
source "$(dirname "$0")/lib.bash" "$@"
mutate red_flags.yaml "s.replace('text: Fever, chills or feeling generally unwell along with the back pain (possible infection)\n        disposition: urgent', 'text: Fever, chills or feeling generally unwell along with the back pain (possible infection)\n        disposition: see_doctor')"
run --rules "$MUT" rules verify --max-examples 1
expect_code 1
expect_out "FAIL fever_is_at_least_urgent"
expect_out "is below urgent"
counterexample_reproduces '"disposition": "(self_care|see_doctor)"'
finish

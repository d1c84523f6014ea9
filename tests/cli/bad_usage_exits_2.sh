#!/usr/bin/env bash
# Unknown subcommands and options are usage errors: exit 2, a message on stderr, nothing on stdout.
source "$(dirname "$0")/lib.bash" "$@"
run frobnicate
expect_code 2
expect_err "backtriage:"
expect_err "--help"
[ -z "$OUT" ] || fail "stdout should be empty"
run rules check --no-such-flag
expect_code 2
run rules
expect_code 2
expect_err "subcommand"
finish

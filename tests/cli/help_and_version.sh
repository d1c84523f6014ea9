#!/usr/bin/env bash
# --help teaches (examples, exit codes) on stdout with exit 0; --version names the program.
source "$(dirname "$0")/lib.bash" "$@"
run --help
expect_code 0
expect_out "Usage: backtriage"
expect_out "Examples:"
expect_out "Exit codes: 0 ok"
expect_out "not a diagnosis"
expect_no_err
run --version
expect_code 0
expect_out "backtriage 0."
run rules check --help
expect_code 0
expect_out "Usage: backtriage rules check"
expect_out "--rules DIR"
run assess --help
expect_code 0
expect_out "--pain-score 0-10"
expect_out "How bad is the pain right now"
expect_out "a whole number from 0 to 10"
expect_out "--saddle-numbness"
expect_out "two different answers to one"
finish

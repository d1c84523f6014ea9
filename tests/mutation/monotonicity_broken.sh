#!/usr/bin/env bash
# A rule that gives a higher level when a red flag is absent makes "yes" lower the disposition:
# the monotonicity invariant reports the pair of cases.
source "$(dirname "$0")/lib.bash" "$@"
mutate red_flags.yaml "s.replace('rules:\n', 'rules:\n  - id: odd_rule\n    title: A broken rule\n    when: getting_worse == no\n    then: {disposition: urgent}\n    source: {ref: seed_000, section: x}\n', 1)"
run --rules "$MUT" rules verify --max-examples 1
expect_code 1
expect_out "FAIL red_flags_never_lower_the_disposition"
expect_out "answering yes to 'getting_worse' lowers the disposition from urgent to see_doctor"
expect_out "then"
finish

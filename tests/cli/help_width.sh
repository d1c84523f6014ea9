#!/usr/bin/env bash
# Every --help is filled to the screen (COLUMNS off a terminal, kept between 20 and 100), counted
# in display columns, never splitting a word: at 40, 60, 80 and 120 columns no line is wider
# (save an option's name and value name, which stand alone on their line), prose is filled rather
# than broken twice, and the words are the same, in the same order, at every width.
source "$(dirname "$0")/lib.bash" "$@"
commands=("" ask assess batch export "export fhir" "export clips" "export jre" rules "rules check" "rules verify"
  "rules test" "rules graph" "rules show" "rules list" "rules doc" "rules diff" next-question completion)
for cmd in "${commands[@]}"; do
  # shellcheck disable=SC2086
  COLUMNS=100 "$BIN" $cmd --help >"$TMP/wide" || fail "'$cmd --help' failed"
  for width in 40 60 80 120; do
    # shellcheck disable=SC2086
    COLUMNS=$width "$BIN" $cmd --help >"$TMP/help"
    limit=$((width > 100 ? 100 : width))
    wide=$(python3 -c '
import sys, unicodedata
limit = int(sys.argv[1])
for line in open(sys.argv[2], encoding="utf-8"):
    line = line.rstrip("\n")
    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    parts = line.split()
    alone = line.startswith("  ") and not line.startswith("   ") and len(parts) <= 2  # a name and its value name
    if cols > limit and not alone:
        print(f"{cols}: {line}")' "$limit" "$TMP/help")
    [ -z "$wide" ] || fail "'backtriage $cmd --help' at $width columns has lines wider than $limit: $wide"
    # Prose is filled, not broken twice: where a line at the margin follows another (neither a
    # heading ending in ":"), the next line's first word did not fit on the line before.
    ragged=$(python3 -c '
import sys, unicodedata
limit = int(sys.argv[1])
cols = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
prose = lambda l: l != "" and not l.startswith(" ")
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
for a, b in zip(lines, lines[1:]):
    if prose(a) and prose(b) and not a.endswith(":") and not b.endswith(":") and not b.startswith("Usage:"):
        if cols(a) + 1 + cols(b.split()[0]) <= limit:
            print(f"{b.split()[0]!r} would fit after {a!r}")' "$limit" "$TMP/help")
    [ -z "$ragged" ] || fail "'backtriage $cmd --help' at $width columns breaks a sentence early: $ragged"
    cmp -s <(tr -s ' \n' '\n\n' <"$TMP/wide") <(tr -s ' \n' '\n\n' <"$TMP/help") ||
      fail "'backtriage $cmd --help' at $width columns does not hold the same words as at 100"
  done
done
finish

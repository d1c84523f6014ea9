#!/usr/bin/env bash
# A read error on any channel is reported with the name of what failed, and never taken for the
# end of the input: a rule file cut short must not load as a smaller rule base, an answers file
# cut short must not lose an answer, the cases after a failed read in `batch --input` are said to
# be missing, and `ask` stops rather than take a failed read for "no more answers". Each error is
# an EIO injected with strace into the first read of the file in question; the answer that would be
# lost is always an emergency's. A non-blocking standard input is waited for, not an error.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off  # the same reads on every run, for the injected errors
if ! command -v strace >/dev/null; then
  echo "strace is not installed (./dev test installs it): injected read errors are not tested"
  exit 1
fi
# LeakSanitizer cannot run under ptrace: in the sanitizer build, leaks are checked by the other tests.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# nth_read PATTERN STDIN ARGS...: which read() of the run (counting from 1) is the first on a
# descriptor whose path (strace -y) matches PATTERN; the run's standard input is STDIN.
nth_read() {
  local pattern=$1 input=$2
  shift 2
  strace -o "$TMP/trace" -y -e trace=read "$BIN" "$@" <"$input" >/dev/null 2>&1
  grep '^read(' "$TMP/trace" | grep -n -m1 -F -- "$pattern" | cut -d: -f1
}
# inject N STDIN ARGS...: runs with an EIO on the Nth read(); OUT, ERR, CODE as run() keeps them.
inject() {
  local nth=$1 input=$2
  shift 2
  strace -o /dev/null -e trace=read -e inject=read:error=EIO:when="$nth" "$BIN" "$@" <"$input" \
    >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  OUT=$(head -c 20000 "$TMP/out") ERR=$(head -c 20000 "$TMP/err")
}

cp -r "$SRC/rules" "$TMP/rules"
printf 'saddle_numbness: no\nbladder_bowel_change: yes\n' >"$TMP/answers.yaml"

# Rule files: the one that cannot be read is named, and nothing is assessed on what is left.
for file in red_flags.yaml questions.yaml; do
  nth=$(nth_read "/rules/$file>" /dev/null --rules "$TMP/rules" assess --answers "$TMP/answers.yaml")
  [ -n "$nth" ] || { fail "no read of rules/$file was traced"; continue; }
  inject "$nth" /dev/null --rules "$TMP/rules" assess --answers "$TMP/answers.yaml"
  expect_code 4
  expect_err "$file: error: cannot read: Input/output error"
  [ -z "$OUT" ] || fail "a result was given without rules/$file"
done
# ... and the same for the audit: `rules check` does not call a rule base valid that it did not read.
nth=$(nth_read "/rules/red_flags.yaml>" /dev/null --rules "$TMP/rules" rules check)
inject "$nth" /dev/null --rules "$TMP/rules" rules check
expect_code 4
expect_err "red_flags.yaml: error: cannot read: Input/output error"
grep -q "rule base is valid" <<<"$OUT$ERR" && fail "rules check called a rule base it could not read valid"

# An answers file: named, exit 2, nothing assessed (the lost answer is the bladder red flag).
nth=$(nth_read "answers.yaml>" /dev/null assess --answers "$TMP/answers.yaml")
inject "$nth" /dev/null assess --answers "$TMP/answers.yaml"
expect_code 2
expect_err "answers.yaml: error: cannot read: Input/output error"
[ -z "$OUT" ] || fail "a result was given without the answers file"
# ... from standard input too, and non-blocking standard input waits for the rest.
nth=$(nth_read "answers.yaml>" "$TMP/answers.yaml" assess --answers -)
inject "$nth" "$TMP/answers.yaml" assess --answers -
expect_code 2
expect_err "standard input: error: cannot read: Input/output error"
{ echo "saddle_numbness: no"; sleep 1; echo "bladder_bowel_change: yes"; } |
  python3 -c 'import os, fcntl, sys; fcntl.fcntl(0, fcntl.F_SETFL, os.O_NONBLOCK); os.execv(sys.argv[1], sys.argv[1:])' \
    "$BIN" assess --answers - --format json >"$TMP/out" 2>"$TMP/err"
CODE=$? OUT=$(cat "$TMP/out") ERR=$(cat "$TMP/err")
expect_code 0
jq -e '.disposition == "emergency"' <<<"$OUT" >/dev/null || fail "non-blocking --answers -: the later answer was lost"

# `batch --input FILE`: the error, how far it got, a failure exit; the emergency is never silently dropped.
for i in $(seq 1 2000); do echo "{\"id\":$i,\"saddle_numbness\":\"no\"}"; done >"$TMP/cases.jsonl"
echo '{"id":"last","saddle_numbness":"yes"}' >>"$TMP/cases.jsonl"
nth=$(nth_read "cases.jsonl>" /dev/null batch --input "$TMP/cases.jsonl")
inject "$((nth + 1))" /dev/null batch --input "$TMP/cases.jsonl"
expect_code 1
expect_err "cannot read after line"
expect_err "Input/output error; the cases after it were not read"
grep -q '"id":"last"' "$TMP/out" && fail "the read error was not where it was meant to be (the last case was answered)"

# `ask` on a pipe: a failed read is an error, not the end of the answers, and records nothing.
printf 'no\nyes\n' >"$TMP/typed"
nth=$(nth_read "typed>" "$TMP/typed" ask --record "$TMP/rec.yaml")
rm -f "$TMP/rec.yaml"
inject "$nth" "$TMP/typed" ask --record "$TMP/rec.yaml"
[ "$CODE" = 0 ] && fail "ask ended well after a read error"
expect_err "Input/output error"
grep -q "standard input ended" <<<"$OUT$ERR" && fail "ask took a read error for the end of its input"
finish

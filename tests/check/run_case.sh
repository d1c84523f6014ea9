#!/usr/bin/env bash
# Golden test: `backtriage rules check --rules rules` in a case folder must print exactly
# expected.err on stderr and exit with expected.code (default 4).
# usage: run_case.sh BACKTRIAGE CASE_DIR      (BLESS=1 rewrites expected.err from the output)
set -uo pipefail
bin=$1
case_dir=$2
cd "$case_dir" || exit 1
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$bin" rules check --rules rules >/dev/null 2>"$actual"
code=$?
want_code=4
[ -f expected.code ] && want_code=$(cat expected.code)
if [ "${BLESS:-0}" = 1 ]; then
  cp "$actual" expected.err
  echo "$code" > expected.code
fi
status=0
if [ "$code" != "$want_code" ]; then
  echo "exit code $code, expected $want_code"
  status=1
fi
if ! diff -u expected.err "$actual"; then
  echo "stderr differs from expected.err (above: - expected, + actual)"
  status=1
fi
exit $status

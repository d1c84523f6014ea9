# Shared helpers for the CLI scripts: each script tests one behaviour of the real binary.
# usage in a script: source "$(dirname "$0")/lib.bash" "$@"
set -uo pipefail
BIN=$1
SRC=${BACKTRIAGE_SOURCE_DIR:?set by CTest}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

# run CMD...: runs the binary, keeping stdout, stderr and the exit code in OUT, ERR, CODE.
run() {
  "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  OUT=$(cat "$TMP/out")
  ERR=$(cat "$TMP/err")
}
fail() { echo "FAIL: $*"; echo "--- stdout:"; echo "$OUT"; echo "--- stderr:"; echo "$ERR"; failures=$((failures + 1)); }
expect_code() { [ "$CODE" = "$1" ] || fail "exit code $CODE, expected $1"; }
# Text of a report or prompt is filled to the width: a phrase may span lines, under an indent.
flowing() { tr '\n' ' ' <<<"$1" | tr -s ' '; }
expect_out() { grep -qF -- "$1" <<<"$OUT" || grep -qF -- "$1" <<<"$(flowing "$OUT")" || fail "stdout lacks: $1"; }
expect_err() { grep -qF -- "$1" <<<"$ERR" || fail "stderr lacks: $1"; }
expect_no_err() { [ -z "$ERR" ] || fail "stderr is not empty"; }
finish() { [ "$failures" = 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }; }

#!/usr/bin/env bash
# The HTML rule book in headless Chromium (tests/browser/rule_book.js): made with Graphviz (inline
# SVG graph) and without it (DOT text), each must load cleanly, show every entry and render. The
# screenshot of the first stays in the build folder (rule-book.png) for a person to look at.
# Needs Debian's chromium and playwright-core in build/npm (./dev test installs both); else 77.
set -uo pipefail
BIN=$1
SRC=${BACKTRIAGE_SOURCE_DIR:?set by CTest}
OUT_DIR=${BACKTRIAGE_BUILD_DIR:-$SRC/build}
export NODE_PATH="$SRC/build/npm/node_modules"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if ! command -v node >/dev/null || [ ! -x "$CHROMIUM" ] || [ ! -d "$NODE_PATH/playwright-core" ]; then
  echo "skipped: node, $CHROMIUM or playwright-core is missing (./dev test installs them)"
  exit 77
fi
command -v dot >/dev/null || { echo "FAIL: Graphviz (dot) is needed for the inline-SVG case"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$BIN" rules list >"$TMP/ids.txt" || fail "rules list"
# One graph node per question, fact, rule, result and option: the DOT's node lines.
nodes=$("$BIN" rules graph | grep -cE '^  "[qfrdo]:[^"]*" \[')

"$BIN" rules doc --output "$TMP/book.html" 2>"$TMP/err" || fail "rules doc exited $?"
[ -s "$TMP/err" ] && fail "rules doc with Graphviz wrote to stderr: $(cat "$TMP/err")"
node "$SRC/tests/browser/rule_book.js" "$TMP/book.html" "$OUT_DIR/rule-book.png" "$TMP/ids.txt" "$nodes" ||
  fail "the rule book with its SVG graph, in Chromium"

# Without Graphviz on PATH: the DOT text instead, and a note saying so.
mkdir -p "$TMP/bin"
ln -s "$(command -v node)" "$TMP/bin/node"
PATH="$TMP/bin" "$BIN" rules doc --output "$TMP/plain.html" 2>"$TMP/err" || fail "rules doc without dot exited $?"
grep -q "Graphviz (dot) is not installed" "$TMP/err" || fail "no note about the missing Graphviz: $(cat "$TMP/err")"
node "$SRC/tests/browser/rule_book.js" "$TMP/plain.html" "$TMP/plain.png" "$TMP/ids.txt" 0 ||
  fail "the rule book without Graphviz, in Chromium"
[ "$failures" = 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }

# Mutation tests: each script breaks a copy of the shipped rule base in one way and asserts that
# `rules check` or `rules verify` reports it, with its location or a counterexample.
# usage in a script: source "$(dirname "$0")/lib.bash" "$@"
source "$(dirname "$0")/../cli/lib.bash" "$@"
MUT="$TMP/rules"
cp -r "$SRC/rules" "$MUT"
# mutate FILE PYTHON-EXPRESSION-ON-s: rewrites a rule file; fails the test if nothing changed.
mutate() {
  python3 - "$MUT/$1" "$2" <<'PY' || fail "mutation of $1 did not apply"
import sys
path, expr = sys.argv[1], sys.argv[2]
s = open(path).read()
t = eval(expr, {"s": s})
if t == s:
    sys.exit(1)
open(path, "w").write(t)
PY
}
# remove_rule FILE RULE_ID: deletes one rule (its list item) from a file.
remove_rule() {
  mutate "$1" "__import__('re').sub(r'\n  - id: $2\n(    .*\n|\n(?=    ))*', '\n', s, count=1)"
}
# counterexample_reproduces PATTERN: the first counterexample command in OUT, run against the
# mutated rules, shows PATTERN (so the command really is ready to run).
counterexample_reproduces() {
  local cmd
  cmd=$(grep -m1 -o 'backtriage assess .*' <<<"$OUT")
  [ -n "$cmd" ] || { fail "no counterexample command"; return; }
  local out
  out=$("$BIN" --rules "$MUT" ${cmd#backtriage } --format json 2>&1)
  grep -qE -- "$1" <<<"$out" || { OUT=$out; fail "the counterexample does not reproduce: $1"; }
}

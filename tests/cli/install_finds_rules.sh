#!/usr/bin/env bash
# `cmake --install` puts the binary and the rule base where the installed binary finds them
# without --rules; the build-tree binary finds the source tree's rules/.
source "$(dirname "$0")/lib.bash" "$@"
prefix="$TMP/prefix"
cmake --install "${BACKTRIAGE_BUILD_DIR:?}" --prefix "$prefix" >/dev/null || fail "cmake --install failed"
[ -x "$prefix/bin/backtriage" ] || fail "no installed binary"
[ -d "$prefix/share/backtriage/rules" ] || fail "no installed rule base"
[ -f "$prefix/share/man/man1/backtriage.1.gz" ] || fail "no installed man page"
[ -f "$prefix/share/doc/backtriage/rule-book.html" ] || fail "no installed rule book"
[ -f "$prefix/share/doc/backtriage/copyright" ] || fail "no installed copyright file"
[ -f "$prefix/share/bash-completion/completions/backtriage" ] || fail "no installed bash completion"
[ -f "$prefix/share/zsh/vendor-completions/_backtriage" ] || fail "no installed zsh completion"
[ -f "$prefix/share/doc/backtriage/examples/answers.yaml" ] || fail "no installed examples"
(cd "$prefix/share/doc/backtriage/examples" && "$prefix/bin/backtriage" rules test scenarios >/dev/null) ||
  fail "the installed examples' scenarios do not pass"
[ -f "$prefix/share/fish/vendor_completions.d/backtriage.fish" ] || fail "no installed fish completion"
[ -f "$prefix/share/doc/backtriage/json-output.md" ] || fail "no installed docs"
if command -v man >/dev/null; then
  page=$(man -l "$prefix/share/man/man1/backtriage.1.gz" 2>&1)  # not piped into grep -q: SIGPIPE under pipefail
  grep -q "EXIT STATUS" <<<"$page" || fail "the man page does not render"
fi
# Run the installed copy from elsewhere, with no hint in the environment.
cd "$TMP"
out=$(env -u BACKTRIAGE_RULES "$prefix/bin/backtriage" rules check 2>&1)
grep -qF "$prefix/share/backtriage/rules: ok: 34 questions" <<<"$out" || { OUT=$out; fail "installed binary did not use the installed rules"; }
diff -r <(cd "$SRC/rules" && ls *.yaml 2>/dev/null) <(cd "$prefix/share/backtriage/rules" && ls *.yaml 2>/dev/null) \
  || fail "installed rule files differ from rules/"
# The build-tree binary uses the source tree's rules/.
out=$(env -u BACKTRIAGE_RULES "$BIN" rules check 2>&1)
grep -qF "$SRC/rules" <<<"$out" || { OUT=$out; fail "build-tree binary did not use the source rules/"; }
# BACKTRIAGE_RULES overrides both.
out=$(BACKTRIAGE_RULES="$SRC/docs/examples/tiny" "$BIN" rules check 2>&1)
grep -qF "docs/examples/tiny: ok" <<<"$out" || { OUT=$out; fail "BACKTRIAGE_RULES was not used"; }
finish

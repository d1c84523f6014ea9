#!/usr/bin/env bash
# The Debian package, for real: its control data and contents, then `apt-get install ./DEB` on this
# machine (which must pull in its Depends:), the installed /usr/bin/backtriage assessing with the
# installed rule base, man page and completion in place, then `apt-get remove` leaving nothing.
# It changes the system (installs into /usr), so ./dev package runs it, not CTest; needs root or sudo.
# usage: tests/package/deb.sh DEB SOURCE_DIR
# No pipefail: `producer | grep -q` would then fail whenever grep stops reading early and the
# producer gets SIGPIPE (it did, on `dpkg-deb --field ... | head -1`); each check tests grep's result.
set -u
DEB=$(realpath "$1")
SRC=$(realpath "$2")
TMP=$(mktemp -d)
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
sudo=()
[ "$(id -u)" -ne 0 ] && sudo=(sudo)
installed() { dpkg-query -W -f='${Status}' backtriage 2>/dev/null | grep -q "install ok installed"; }
cleanup() {
  installed && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq backtriage >/dev/null 2>&1
  rm -rf "$TMP"
}

# --- the package as a file ---------------------------------------------------------------------
field() { dpkg-deb --field "$DEB" "$1"; }
[ "$(field Package)" = backtriage ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$(sed -n 's/^project(backtriage VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" ] ||
  fail "Version: $(field Version) is not the project's"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
grep -qE '^[^<>]+ <[^@<> ]+@[^@<> ]+\.[a-z]+>$' <<<"$(field Maintainer)" || fail "Maintainer: '$(field Maintainer)' is not 'Name <address>'"
grep -qE '^https://[^ ]+$' <<<"$(field Homepage)" || fail "Homepage: '$(field Homepage)' is not an https URL"
field Description | head -1 | grep -q "triage" || fail "Description: $(field Description | head -1)"
[ "$(field Recommends)" = graphviz ] || fail "Recommends: $(field Recommends)"
depends=$(field Depends)
echo "Depends: $depends"
depends_names=$(tr ',' '\n' <<<"$depends" | awk '{print $1}')
# Every shared library the binary needs is owned by a package named in Depends:.
dpkg-deb -x "$DEB" "$TMP/root"
for lib in $(objdump -p "$TMP/root/usr/bin/backtriage" | awk '/NEEDED/ {print $2}'); do
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')
  owner=$(dpkg -S "$(realpath "$path")" 2>/dev/null | head -1 | cut -d: -f1)
  [ -n "$owner" ] || owner=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
  grep -qxF "$owner" <<<"$depends_names" || fail "$lib (package $owner) is needed but not in Depends:"
done
for pkg in libc6 libstdc++6 libyaml-cpp0.7; do
  grep -qxF "$pkg" <<<"$depends_names" || fail "Depends: lacks $pkg"
done

dpkg-deb --contents "$DEB" | awk '{print $1, $2, $6}' >"$TMP/contents"
grep -vq " root/root " "$TMP/contents" && fail "files not owned by root: $(grep -v ' root/root ' "$TMP/contents" | head -3)"
awk '{print $3}' "$TMP/contents" | grep -v '^\./usr/' | grep -v '^\./$' | grep -q . &&
  fail "files outside /usr: $(awk '{print $3}' "$TMP/contents" | grep -v '^\./usr/' | grep -v '^\./$' | head -3)"
expected=(usr/bin/backtriage usr/share/man/man1/backtriage.1.gz usr/share/bash-completion/completions/backtriage
          usr/share/zsh/vendor-completions/_backtriage usr/share/fish/vendor_completions.d/backtriage.fish
          usr/share/doc/backtriage/copyright usr/share/doc/backtriage/changelog.gz usr/share/doc/backtriage/rule-book.html
          usr/share/doc/backtriage/README.md usr/share/doc/backtriage/fhir.md
          usr/share/doc/backtriage/examples/answers.yaml usr/share/doc/backtriage/examples/cases.jsonl
          usr/share/doc-base/backtriage-rule-book usr/share/lintian/overrides/backtriage)
for f in "$SRC"/schema/*.json; do expected+=("usr/share/backtriage/schema/$(basename "$f")"); done
for f in "$SRC"/rules/*.yaml; do expected+=("usr/share/backtriage/rules/$(basename "$f")"); done
for f in "${expected[@]}"; do grep -q " \./$f$" "$TMP/contents" || fail "the package lacks /$f"; done
grep -q "^-rwxr-xr-x .* \./usr/bin/backtriage$" "$TMP/contents" || fail "/usr/bin/backtriage is not 0755"
file "$TMP/root/usr/bin/backtriage" | grep -q "stripped" && ! file "$TMP/root/usr/bin/backtriage" | grep -q "not stripped" ||
  fail "the binary is not stripped"

# Every installed rule file's modeline names a schema that is installed (editors validate with it).
for f in "$TMP"/root/usr/share/backtriage/rules/*.yaml; do
  schema=$(sed -n '1s/^# yaml-language-server: \$schema=//p' "$f")
  [ -n "$schema" ] || { fail "$(basename "$f") has no schema modeline"; continue; }
  [ -f "$(dirname "$f")/$schema" ] || fail "$(basename "$f")'s modeline points to $schema, which the package does not install there"
done
grep -q '^License: Apache-2.0$' "$TMP/root/usr/share/doc/backtriage/copyright" || fail "the copyright file names no Apache-2.0 licence"
grep -q '^Files: /usr/share/doc/backtriage/rule-book.html$' "$TMP/root/usr/share/doc-base/backtriage-rule-book" ||
  fail "the doc-base entry does not name the rule book"

# Debian's own checker, at its most demanding (every tag down to pedantic and experimental): no
# tag at all but the overridden ones (packaging/lintian-overrides, each with its reason).
command -v lintian >/dev/null || fail "lintian is not installed (./dev package installs it)"
lintian -EvIL +pedantic "$DEB" >"$TMP/lintian" 2>&1 || fail "lintian failed: $(tail -3 "$TMP/lintian")"
grep -E '^[EWIPX]: ' "$TMP/lintian" && fail "lintian tags: $(grep -cE '^[EWIPX]: ' "$TMP/lintian")"
command -v mandoc >/dev/null || fail "mandoc is not installed (./dev package installs it)"
lint=$(mandoc -Tlint "$TMP/root/usr/share/man/man1/backtriage.1.gz" 2>&1)
[ -z "$lint" ] || fail "mandoc -Tlint on the installed man page: $lint"

# --- installed on this machine -------------------------------------------------------------------
if installed || [ -e /usr/bin/backtriage ]; then
  echo "FAIL: backtriage is already installed here (/usr/bin/backtriage); remove it first: apt-get remove backtriage"
  exit 1
fi
trap cleanup EXIT
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$DEB" >"$TMP/apt.log" 2>&1 ||
  { cat "$TMP/apt.log"; fail "apt-get install $DEB failed"; }
installed || fail "dpkg does not list backtriage as installed"
mkdir -p "$TMP/home" "$TMP/elsewhere"
cd "$TMP/elsewhere"
# A clean environment: no rules hint, a fresh home (and so a fresh cache), the system PATH.
bt() { env -i HOME="$TMP/home" PATH=/usr/bin:/bin LANG=C.UTF-8 backtriage "$@"; }
[ "$(bt --version)" = "backtriage $(field Version)" ] || fail "backtriage --version: $(bt --version)"
[ "$(env -i PATH=/usr/bin:/bin sh -c 'command -v backtriage')" = /usr/bin/backtriage ] || fail "not on PATH as /usr/bin/backtriage"
bt rules check 2>&1 | grep -qF "/usr/share/backtriage/rules: ok" || fail "the installed binary does not use /usr/share/backtriage/rules: $(bt rules check 2>&1 | head -2)"
out=$(bt assess --answers "$SRC/tests/cli/fixtures/benign.yaml" --format json)
[ "$(jq -r .disposition <<<"$out")" = self_care ] || fail "benign answers: $(jq -r .disposition <<<"$out")"
[ "$(jq -r .rule_base.name <<<"$out")" = backtriage-lower-back ] || fail "assessed with another rule base"
out=$(bt assess --answers "$SRC/tests/cli/fixtures/benign.yaml" --saddle-numbness yes --format json)
[ "$(jq -r .disposition <<<"$out")" = emergency ] || fail "saddle numbness from /usr/bin: $(jq -r .disposition <<<"$out")"
bt assess --pain-score 3 >/dev/null
[ $? = 3 ] || fail "incomplete answers do not exit 3"
bt export fhir | jq -e '.resourceType == "Questionnaire"' >/dev/null || fail "export fhir from /usr/bin"
[ "$(env -i PATH=/usr/bin:/bin man -w backtriage 2>/dev/null)" = /usr/share/man/man1/backtriage.1.gz ] ||
  fail "man -w backtriage: $(man -w backtriage 2>&1)"
env -i PATH=/usr/bin:/bin MANPAGER=cat man backtriage 2>/dev/null | grep -q "EXIT STATUS" || fail "man backtriage does not render"
bash -c 'source /usr/share/bash-completion/completions/backtriage && complete -p backtriage' >/dev/null 2>&1 ||
  fail "the bash completion does not register"
[ "$(/usr/bin/backtriage __complete rules ch)" = "$(printf 'words\ncheck')" ] || fail "the installed binary's completion"
grep -q "<title>Rule book: backtriage-lower-back" /usr/share/doc/backtriage/rule-book.html || fail "the installed rule book"
# Its fingerprint is what docs/auditing.md's command gives for the installed rule files.
book_fp=$(grep -o 'Fingerprint: <code>[0-9a-f]*</code>' /usr/share/doc/backtriage/rule-book.html | grep -o '[0-9a-f]\{64\}')
rules_fp=$(cd /usr/share/backtriage/rules && find . -maxdepth 1 \( -name '?*.yaml' -o -name '?*.yml' \) -printf '%f\0' |
  LC_ALL=C sort -z | xargs -0 sha256sum -- | sha256sum | cut -c1-64)
[ -n "$book_fp" ] && [ "$book_fp" = "$rules_fp" ] || fail "the installed rule book's fingerprint '$book_fp' is not sha256sum's $rules_fp"
cd /

# --- removed -------------------------------------------------------------------------------------
dpkg -L backtriage | grep -v '^/\.$' >"$TMP/installed-files"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq backtriage >"$TMP/apt.log" 2>&1 ||
  { cat "$TMP/apt.log"; fail "apt-get remove backtriage failed"; }
installed && fail "backtriage is still installed after apt-get remove"
dpkg-query -W -f='${db:Status-Abbrev}' backtriage 2>/dev/null | grep -q '^rc' && fail "configuration files left behind (rc)"
left=0
while read -r f; do
  case $f in /usr/share/backtriage/* | /usr/bin/backtriage | /usr/share/doc/backtriage/* | */backtriage.1.gz | \
    */completions/backtriage | */_backtriage | */backtriage.fish | /usr/share/doc-base/backtriage-rule-book | \
    /usr/share/lintian/overrides/backtriage)
    [ -e "$f" ] && { fail "left after removal: $f"; left=$((left + 1)); } ;;
  esac
done <"$TMP/installed-files"
for d in /usr/share/backtriage /usr/share/doc/backtriage; do [ -e "$d" ] && fail "left after removal: $d"; done
echo "$(wc -l <"$TMP/installed-files") paths installed and removed; $(wc -l <"$TMP/contents") entries in $(basename "$DEB") ($(du -k "$DEB" | cut -f1) KiB)"
[ "$failures" = 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }

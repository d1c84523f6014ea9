#!/usr/bin/env bash
# The man page: clean under `mandoc -Tlint` (no message of any level, style included), and in step
# with the command definitions. Every command the program has (read from its own completion, which
# answers from the CLI11 definitions) has an entry under COMMANDS; every option of a command is
# named in that command's entry (the part of COMMANDS from its tag to the next command's tag), and
# every value of an option with a fixed set of values too; global options are under GLOBAL
# OPTIONS; every environment variable the program reads is under ENVIRONMENT. So a new option or
# value without a man-page line fails here.
source "$(dirname "$0")/lib.bash" "$@"
MAN="$SRC/docs/backtriage.1"
OUT="" ERR=""
if ! command -v mandoc >/dev/null; then
  echo "skipped: mandoc is not installed (./dev test installs it)"
  exit 77
fi

lint=$(mandoc -Tlint "$MAN" 2>&1)
[ -z "$lint" ] || fail "mandoc -Tlint reports:
$lint"
# The checker below has teeth: a bad date and a long line are reported.
sed -e '1s/^\(\.TH [A-Z]* 1\) [^ ]*/\1 "2026-11"/' -e '$a\
a line of text that goes on and on well past the eighty bytes that mandoc allows for style' "$MAN" >"$TMP/bad.1"
bad=$(mandoc -Tlint "$TMP/bad.1" 2>&1)
grep -q "cannot parse date" <<<"$bad" && grep -q "longer than 80" <<<"$bad" || fail "mandoc -Tlint missed a bad date or a long line: $bad"

mandoc -Tutf8 "$MAN" | col -bx >"$TMP/man.txt"

complete() { "$BIN" __complete "$@" | tail -n +2; }
globals=$(complete --)
commands=()
for top in $(complete ""); do
  subs=$(complete "$top" "")
  if [ -n "$subs" ] && [ "$top" != completion ]; then
    for sub in $subs; do commands+=("$top $sub"); done
  else
    commands+=("$top")
  fi
done
[ "${#commands[@]}" -ge 14 ] || fail "only ${#commands[@]} commands found: ${commands[*]}"
# The per-question flags of ask and assess come from the rule base; the page describes them as
# one flag per question (checked below), not one by one.
question_flags=$("$BIN" rules list questions | cut -f1 | tr '_' '-' | sed 's/^/--/')

# One line per (command, option, values) for the checker.
for cmd in "${commands[@]}"; do
  # shellcheck disable=SC2086
  for opt in $(complete $cmd -- | sort -u); do
    grep -qxF -- "$opt" <<<"$globals" && continue
    grep -qxF -- "$opt" <<<"$question_flags" && continue
    values=""
    # --explain takes the rule base's ids; the others' values are the program's own.
    # shellcheck disable=SC2086
    [ "$opt" != --explain ] && [ "$("$BIN" __complete $cmd "$opt" "" | head -1)" = words ] &&
      values=$(complete $cmd "$opt" "" | tr '\n' ' ')
    printf '%s\t%s\t%s\n' "$cmd" "$opt" "$values"
  done
done >"$TMP/definitions"
[ "$(wc -l <"$TMP/definitions")" -ge 30 ] || fail "only $(wc -l <"$TMP/definitions") command options found"

python3 - "$TMP/man.txt" "$TMP/definitions" "$globals" <<'EOF' >"$TMP/missing"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
sections, name = {}, None
for line in text:
    if re.match(r"^[A-Z][A-Z ]+$", line):
        name = line.strip()
        sections[name] = []
    elif name:
        sections[name].append(line)
commands = {}
for line in open(sys.argv[2], encoding="utf-8"):
    cmd, opt, values = line.rstrip("\n").split("\t")
    commands.setdefault(cmd, []).append((opt, values.split()))
# An entry's tag sits at the first indent; a tag that names a command starts that command's part.
entries, current = {}, None
for line in sections.get("COMMANDS", []):
    tag = re.match(r"^ {7}(\S.*)$", line)
    if tag:
        named = [c for c in commands if re.match(r"^" + re.escape(c) + r"\b", tag.group(1)) or
                 re.search(r"(^|, )" + re.escape(c) + r"\b", tag.group(1))]
        if named:
            current = named
            for c in named: entries[c] = []
    if current:
        for c in current: entries[c].append(line)
def has(body, word):
    return re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", body) is not None
for cmd, opts in commands.items():
    if cmd not in entries:
        print(f"no entry for the command '{cmd}' under COMMANDS")
        continue
    body = " ".join(entries[cmd])
    for opt, values in opts:
        # OUTPUT describes --output once for every command that writes a result.
        if opt == "--output" and has(" ".join(sections.get("OUTPUT", [])), opt):
            continue
        if not has(body, opt):
            print(f"{cmd}: the option {opt} is not in its entry")
        for v in values:
            if not has(body, v):
                print(f"{cmd}: {opt} takes '{v}', which its entry does not name")
glob = " ".join(sections.get("GLOBAL OPTIONS", []))
for opt in sys.argv[3].split():
    if not has(glob, opt):
        print(f"the global option {opt} is not under GLOBAL OPTIONS")
EOF
[ -s "$TMP/missing" ] && fail "the man page lags the command definitions:
$(cat "$TMP/missing")"

# Every environment variable the program reads (but the test suite's own hooks), and its files.
env_section=$(sed -n '/^ENVIRONMENT$/,/^[A-Z][A-Z ]*$/p' "$TMP/man.txt" | sed '$d')
for var in $(grep -rhoE 'getenv\("[A-Z_]+"\)' "$SRC/src" | sed -E 's/getenv\("([A-Z_]+)"\)/\1/' | sort -u | grep -v '^BACKTRIAGE_TEST_'); do
  grep -qw "$var" <<<"$env_section" || fail "the program reads \$$var, but ENVIRONMENT does not name it"
done
grep -q '^FILES$' "$TMP/man.txt" || fail "no FILES section"
files_section=$(sed -n '/^FILES$/,/^[A-Z][A-Z ]*$/p' "$TMP/man.txt")
for f in /usr/share/backtriage/rules '~/.cache/backtriage' /usr/share/doc/backtriage/rule-book.html; do
  grep -qF -- "$f" <<<"$files_section" || fail "FILES does not name $f"
done
grep -q "one flag per question" "$TMP/man.txt" || fail "the per-question flags are not described"
finish

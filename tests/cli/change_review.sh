#!/usr/bin/env bash
# The change review of docs/auditing.md, run as written: every line of its sh blocks under "A change
# review, step by step", in order, in a folder with the shipped rules/ and scenarios/. A comment
# "exit N" is the exit code the line must give (0 when absent); says "TEXT" must be in its output;
# writes "FILE" must be a file it wrote. The doc is the specification: edit one, the other follows.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off
mkdir -p "$TMP/bin" "$TMP/work" && ln -s "$BIN" "$TMP/bin/backtriage"
export PATH="$TMP/bin:$PATH"
cp -r "$SRC/rules" "$TMP/work/rules" && cp -r "$SRC/tests/scenarios" "$TMP/work/scenarios"
python3 - "$SRC/docs/auditing.md" >"$TMP/steps" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("## A change review, step by step", 1)[1].split("\n## ", 1)[0]
inside = False
for line in section.split("\n"):
    if line.startswith("```"):
        inside = line.strip() == "```sh"
        continue
    if inside and line.strip():
        print(line)
PY
[ "$(wc -l <"$TMP/steps")" -ge 10 ] || fail "the walk-through has $(wc -l <"$TMP/steps") steps, expected both blocks"
cd "$TMP/work" || exit 1
while IFS= read -r line; do
  command=${line%%  #*}
  comment=""
  [ "$command" != "$line" ] && comment=${line#*  # }
  want=0
  [[ $comment =~ exit\ ([0-9]+) ]] && want=${BASH_REMATCH[1]}
  bash -o pipefail -c "$command" >"$TMP/out" 2>"$TMP/err"
  got=$?
  OUT=$(head -c 4000 "$TMP/out") ERR=$(head -c 4000 "$TMP/err")
  [ "$got" = "$want" ] || fail "exit $got, expected $want: $command"
  if [[ $comment =~ says\ \"([^\"]*)\" ]]; then
    grep -qF -- "${BASH_REMATCH[1]}" "$TMP/out" "$TMP/err" || fail "no '${BASH_REMATCH[1]}' from: $command"
  fi
  if [[ $comment =~ writes\ \"([^\"]*)\" ]]; then
    [ -s "${BASH_REMATCH[1]}" ] || fail "${BASH_REMATCH[1]} was not written by: $command"
  fi
done <"$TMP/steps"
finish

#!/usr/bin/env bash
# Every example a user is shown — in the README, in each command's --help and in the man page — is
# run as written, from a copy of examples/ (the files the examples name), and its exit code and the
# shape of its output are checked. An example that is not in the table below fails the test, so a
# new example cannot go unchecked, and one the table names but the docs no longer show fails too.
source "$(dirname "$0")/lib.bash" "$@"
mkdir -p "$TMP/bin" "$TMP/home" && ln -s "$BIN" "$TMP/bin/backtriage"
cp -r "$SRC/examples" "$TMP/work"
cp -r "$SRC/rules" "$TMP/work/my-rules"   # "my-rules/": a copy of the rules, as one would make to edit them
cp -r "$SRC/rules" "$TMP/work/old-rules" && cp -r "$SRC/rules" "$TMP/work/rules"  # two versions for rules diff
git -C "$TMP/work" init -q && git -C "$TMP/work" add rules &&  # rules diff --git HEAD rules/
  git -C "$TMP/work" -c user.email=test@example.org -c user.name=test commit -q -m rules
export PATH="$TMP/bin:$PATH" HOME="$TMP/home" BACKTRIAGE_CACHE_DIR=off

# The examples, one per line, as the docs show them.
{
  python3 - "$SRC/README.md" "$SRC/docs/backtriage.1" <<'PY'
import re, sys
readme, man = sys.argv[1], sys.argv[2]
# README: the sh blocks' lines that run backtriage ("$ " prompts, "\" continuations, "# comments").
block = False
pending = ""
for line in open(readme, encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("```"):
        block = line.strip() == "```sh"
        continue
    if not block:
        continue
    text = pending + line.strip() if pending else line
    pending = ""
    prompted = text.startswith("$ ")
    text = text[2:] if prompted else text
    if text.endswith("\\"):
        pending = "$ " + text[:-1].rstrip() + " "
        continue
    text = re.sub(r"\s+#\s.*$", "", text).strip()
    if text.startswith("backtriage") or (prompted and "backtriage" in text):
        print(text)
# The man page's EXAMPLES.
section = open(man, encoding="utf-8").read().split(".SH EXAMPLES", 1)[1].split(".SH ", 1)[0]
for line in section.splitlines():
    if line.startswith("backtriage"):
        print(line.replace("\\-", "-").strip())
PY
  # Each command's --help: the lines under "Examples:", without the explanation after two spaces.
  for cmd in "" ask assess batch export "export fhir" "export clips" "export jre" rules "rules check" "rules verify" \
    "rules test" "rules graph" "rules show" "rules list" "rules doc" "rules diff" completion; do
    # shellcheck disable=SC2086
    COLUMNS=100 "$BIN" $cmd --help | sed -n '/^Examples:/,/^$/p' | sed -n 's/^  \(backtriage.*\)$/\1/p' |
      sed -E 's/ {2,}.*$//; s/[[:space:]]+#[[:space:]].*$//'
  done
} | sort -u >"$TMP/shown"

# CODE, what the output must be, and the example. Shapes: jsonl (results.jsonl, every line JSON),
# text:WORDS (standard output holds them), err:WORDS (standard error does), file:NAME (the
# example wrote NAME, not empty).
cat >"$TMP/table" <<'TABLE'
2	err:standard input is not a terminal	backtriage
2	err:standard input is not a terminal	backtriage > result.txt
0	text:Subcommands:	backtriage --help
0	text:Self-care	backtriage assess --answers response.json
0	text:self_care	backtriage assess --answers response.json --format json | jq -r .disposition
0	file:result.json	backtriage assess --answers answers.yaml --format json --output result.json
0	text:massage gun	backtriage assess --answers answers.yaml --explain massage_gun
0	text:"see_doctor"	backtriage assess --answers answers.yaml --pain-score 8 --format json | jq .disposition
0	text:"disposition": "see_doctor"	backtriage assess --answers answers.yaml --pain-score 8 --format json
0	text:Go to the emergency department now	backtriage assess --answers answers.yaml --answer saddle_numbness=yes
0	text:"self_care"	backtriage assess --answers answers.json --format json | jq .disposition
0	text:avoid massage_gun	backtriage assess --answers answers.json --pain-score 8 --format json | jq -r '.disposition, (.red_flags[] | "\(.id): \(.text)"), (.avoid[] | "avoid \(.id): \(.reason)")'
3	text:"status":"incomplete"	backtriage assess --pain-score 8 --format json | jq -c '{status, missing: .missing[:3]}'
3	file:results.jsonl	backtriage batch --input cases.jsonl --output results.jsonl
3	jsonl	backtriage batch < cases.jsonl > results.jsonl
2	text:"disposition":"emergency"	printf '%s\n' '{"id":"a","saddle_numbness":"yes"}' '{"id":"b","pain_score":12}' | backtriage batch | jq -c '{line, id, status, disposition, error}'
3	err:stopped	backtriage ask --record my-answers.yaml
3	err:stopped	backtriage ask --resume my-answers.yaml
3	text:Not enough answers to decide yet	backtriage assess --answers my-answers.yaml
3	err:stopped	backtriage ask --format json --output result.json
0	text:ok: 34 questions	backtriage rules check
0	text:ok: 34 questions	backtriage rules check --rules my-rules/
0	text:2 passed, 0 failed	backtriage rules test scenarios
0	text:invariant	backtriage rules verify
0	file:rules.svg	backtriage rules graph | dot -Tsvg > rules.svg
0	text:No difference	backtriage rules diff old-rules/ rules/
0	text:No difference	backtriage rules diff --git HEAD rules/
0	text:"changed_cases": 0	backtriage --rules rules/ rules diff old-rules/ --format json
0	file:rule-book.html	backtriage rules doc --output rule-book.html
0	file:book.html	backtriage rules doc --output book.html
0	file:RULEBOOK.md	backtriage rules doc --format markdown > RULEBOOK.md
0	file:RULEBOOK.md	backtriage rules doc --format markdown --rules my-rules/ > RULEBOOK.md
0	text:Percussion massage gun	backtriage rules show massage_gun
0	file:questionnaire.json	backtriage export fhir > questionnaire.json
0	file:form.json	backtriage export fhir > form.json
0	text:enableWhen	backtriage export fhir | jq -c '.item[] | select(.enableWhen) | {linkId, enableWhen}'
0	text:deftemplate	backtriage export clips
TABLE

run_example() {  # CODE SHAPE COMMAND: run in $TMP/work, a questionnaire answering "no" once, then quitting
  local code=$1 shape=$2 command=$3 got
  rm -f "$TMP/work/${shape#file:}"
  printf 'no\nquit\n' | bash -o pipefail -c "$command" >"$TMP/out" 2>"$TMP/err"
  got=$?
  OUT=$(cat "$TMP/out") ERR=$(cat "$TMP/err")
  [ "$got" = "$code" ] || { fail "exit $got, expected $code: $command"; return; }
  case $shape in
    jsonl) [ -s results.jsonl ] && jq -e . <results.jsonl >/dev/null 2>&1 || fail "no JSON lines from: $command" ;;
    text:*) grep -qF -- "${shape#text:}" "$TMP/out" || fail "standard output lacks '${shape#text:}': $command" ;;
    err:*) grep -qF -- "${shape#err:}" "$TMP/err" || fail "standard error lacks '${shape#err:}': $command" ;;
    file:*) [ -s "${shape#file:}" ] || fail "${shape#file:} was not written: $command" ;;
  esac
}

# In the table's order, in one folder: --resume goes on from what --record kept.
cd "$TMP/work" || exit 1
while IFS=$'\t' read -r code shape command; do
  grep -qxF -- "$command" "$TMP/shown" || { fail "the table names an example no doc shows (remove it): $command"; continue; }
  run_example "$code" "$shape" "$command"
done <"$TMP/table"
while IFS= read -r example; do
  E=$example awk -F'\t' '$3 == ENVIRON["E"] { found = 1 } END { exit !found }' "$TMP/table" ||
    fail "an example the docs show is not in this test's table: $example"
done <"$TMP/shown"
echo "$(wc -l <"$TMP/shown") documented examples run"
finish

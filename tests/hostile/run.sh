#!/usr/bin/env bash
# The hostile-input suite: one case per row of shared/RELIABILITY.md and per input channel (rule
# files, answers files, flags, batch lines, terminal input). The corpus is generated here, into
# a temporary folder. Each case asserts the exit code, a part of the message, and bounds on time
# (5 s; 60 s under the sanitizers) and peak memory (150 MiB; 1 GiB), measured with GNU time: generous bounds that catch a hang or
# an unbounded allocation, not benchmarks.
# usage: tests/hostile/run.sh BACKTRIAGE_BINARY
set -uo pipefail
BIN=$(realpath -- "$1")
SRC=$(cd "$(dirname "$0")/../.." && pwd)
command -v /usr/bin/time >/dev/null || { echo "GNU time is not installed (./dev test installs it)"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export BACKTRIAGE_CACHE_DIR=off NO_COLOR=1
MAX_SECONDS=5
MAX_KIB=$((150 * 1024))
if [ -n "${HOSTILE_SANITIZED:-}" ]; then  # a Debug build under ASan is ~10x slower and uses shadow memory
  MAX_SECONDS=60
  MAX_KIB=$((1024 * 1024))
fi
MANY_RULES=1000
[ -n "${HOSTILE_SANITIZED:-}" ] && MANY_RULES=60  # the pairwise analyses are ~100x slower in a Debug ASan build
cases=0
failures=0

# A rule base folder whose one extra file is $2 (the shipped files, plus the hostile one).
rules_with() {  # NAME CONTENT_FILE
  mkdir -p "$T/rb-$1"
  cp "$SRC"/rules/*.yaml "$T/rb-$1/"
  cp "$2" "$T/rb-$1/zz_hostile.yaml"
  echo "$T/rb-$1"
}

# expect NAME CODE MESSAGE_PART -- COMMAND... : runs the command with stdin from $T/stdin (or
# /dev/null), then checks exit code, that stdout+stderr contain MESSAGE_PART, time and memory.
expect() {
  local name=$1 code=$2 part=$3
  shift 4
  cases=$((cases + 1))
  local in=/dev/null
  [ -e "$T/stdin" ] && in="$T/stdin"
  timeout -k 1 $((MAX_SECONDS * 4)) /usr/bin/time -f "%e %M" -o "$T/time" "$@" <"$in" >"$T/out" 2>"$T/err"
  local got=$?
  rm -f "$T/stdin"
  local secs kib
  read -r secs kib < <(tail -1 "$T/time" 2>/dev/null || echo "99 0")
  local problems=""
  [ "$got" = "$code" ] || problems+=" exit $got (expected $code);"
  grep -qF -- "$part" "$T/out" "$T/err" || problems+=" no message containing '$part';"
  awk -v s="$secs" -v m="$MAX_SECONDS" 'BEGIN { exit !(s + 0 <= m) }' || problems+=" took ${secs}s (bound ${MAX_SECONDS}s);"
  [ "${kib:-0}" -le "$MAX_KIB" ] || problems+=" peak ${kib} KiB (bound ${MAX_KIB} KiB);"
  # Nothing raw from the input reaches the terminal: no escape or NUL bytes in any output.
  if LC_ALL=C grep -qP '[\x00\x1b]' "$T/out" "$T/err"; then problems+=" a raw control byte in the output;"; fi
  if [ -n "$problems" ]; then
    failures=$((failures + 1))
    echo "FAIL $name:$problems"
    head -c 600 "$T/err"; echo; head -c 300 "$T/out"; echo
  fi
}
check_rule_file() {  # NAME CODE MESSAGE_PART FILE: rules check on the shipped base plus FILE
  local dir
  dir=$(rules_with "$1" "$4")
  expect "rules/$1" "$2" "$3" -- "$BIN" rules check --rules "$dir"
}
check_answers_file() {  # NAME CODE MESSAGE_PART FILE: assess --answers FILE
  expect "answers/$1" "$2" "$3" -- "$BIN" assess --answers "$4"
}
f() { printf "$@" >"$T/f"; echo "$T/f"; }  # printf into a scratch file, print its name

# --- rows 1-2: nesting
python3 -c "print('x: ' + '[' * 100000 + ']' * 100000)" >"$T/deep1"; check_rule_file deep_flow 4 "nesting deeper than 64" "$T/deep1"
python3 -c "print(''.join('  ' * i + 'k%d:\n' % i for i in range(70)) + '  ' * 70 + 'v')" >"$T/deep2"
check_rule_file deep_block 4 "nesting deeper than 64" "$T/deep2"
check_answers_file deep_flow 2 "nesting deeper than 64" "$T/deep1"
# --- rows 3-4, 29: aliases (billion laughs, cycles, many anchors)
python3 -c "
print('a0: &a0 [x, x, x, x, x, x, x, x, x, x]')
for i in range(1, 10): print('a%d: &a%d [' % (i, i) + ', '.join(['*a%d' % (i - 1)] * 10) + ']')" >"$T/laughs"
check_rule_file billion_laughs 4 "anchors (&name) are not allowed" "$T/laughs"
check_answers_file billion_laughs 2 "anchors (&name) are not allowed" "$T/laughs"
check_rule_file alias_cycle 4 "anchor" "$(f 'k: &a [*a]\n')"
python3 -c "print('\n'.join('k%d: &a%d v' % (i, i) for i in range(30000)))" >"$T/anchors"
check_rule_file many_anchors 4 "anchor" "$T/anchors"
# --- row 5: sizes
python3 -c "print('x: ' + 'a' * (5 * 1024 * 1024))" >"$T/huge"; check_rule_file file_over_4mib 4 "more than the limit of 4194304 bytes" "$T/huge"
python3 -c "print('x: ' + 'a' * (70 * 1024))" >"$T/longscalar"; check_rule_file long_scalar 4 "more than the limit of 65536" "$T/longscalar"
python3 -c "print('\n'.join('k%d: v' % i for i in range(210000)))" >"$T/manykeys"; check_rule_file many_nodes 4 "nodes" "$T/manykeys"
# --- row 6: endless streams, FIFOs, devices
mkfifo "$T/fifo"
check_answers_file fifo 2 "not a regular file" "$T/fifo"
check_answers_file dev_zero 2 "not a regular file" /dev/zero
mkdir -p "$T/rb-fifo" && cp "$SRC"/rules/*.yaml "$T/rb-fifo/" && mkfifo "$T/rb-fifo/zz.yaml"
expect rules/fifo_in_folder 4 "not a regular file" -- "$BIN" rules check --rules "$T/rb-fifo"
expect batch/endless_line 2 "longer than 1048576 bytes" -- bash -c "head -c 20000000 /dev/zero | tr '\\0' a | '$BIN' batch"
expect batch/many_lines 0 "" -- bash -c "yes '{\"saddle_numbness\":\"yes\"}' | head -n 200000 | '$BIN' batch --summary | tail -1"
# --- rows 7-10: keys
check_rule_file duplicate_key 4 "duplicate key" "$(f 'rules: []\nrules: []\n')"
check_answers_file duplicate_key 2 "duplicate key" "$(f '{"pain_score": 3, "pain_score": 9}\n')"
check_answers_file numeric_keys 2 "unknown question" "$(f '0x10: yes\n16: no\n')"
check_rule_file complex_key 4 "key" "$(f '? [a, b]\n: c\n')"
check_rule_file null_key 4 "key" "$(f '~: c\n')"
check_rule_file merge_key 4 "merge" "$(f 'base: {a: 1}\nother:\n  <<: {a: 1}\n')"
# --- rows 11-15: encoding and controls
check_rule_file invalid_utf8 4 "UTF-8" "$(f 'x: \xc3\x28\n')"
check_rule_file overlong_utf8 4 "UTF-8" "$(f 'x: \xc0\xaf\n')"
check_rule_file raw_surrogate 4 "UTF-8" "$(f 'x: \xed\xa0\x80\n')"
check_rule_file escaped_surrogate 4 "unicode" "$(f 'x: "\\ud800"\n')"
check_rule_file escaped_nul 4 "NUL byte" "$(f 'x: "a\\0b"\n')"
check_rule_file escaped_esc 4 "control" "$(f 'x: "\\e[31m"\n')"
check_rule_file bidi_override 4 "control" "$(f 'x: "\xe2\x80\xae"\n')"
check_rule_file raw_nul 4 "NUL" "$(f 'x: a\0b\n')"
check_rule_file second_bom 4 "byte order mark" "$(f '\xef\xbb\xbfx: \xef\xbb\xbfy\n')"
check_answers_file raw_control 2 "control" "$(f 'pain_score: "3\x04"\n')"
# --- rows 16-18: tabs, CR, unterminated quotes
check_rule_file tab_indent 4 "tab" "$(f 'rules:\n\t- id: x\n')"
check_rule_file cr_only 4 "carriage return" "$(f 'a: 1\rb: 2\r')"
check_rule_file unterminated_quote 4 "quote" "$(f 'a: "x\nb: 2\n')"
# --- rows 19-21: trailing garbage, the LoadAll loop, several documents
printf '%s\n' '"foo","bar"' '{"pain_score":1} {"pain_score":2}' '{"a":"x","b"}' '{"pain_score":1} junk' >"$T/stdin"
expect batch/trailing_garbage 2 "4 of 4 lines were rejected" -- "$BIN" batch
check_rule_file loadall_comma 4 "" "$(f ',\n')"
check_rule_file loadall_comma2 4 "" "$(f 'a\n---\n,\n')"
check_rule_file two_documents 4 "document" "$(f 'a: 1\n---\nb: 2\n')"
# --- rows 22-25: empty, non-map roots, tags, directives
check_rule_file empty 4 "empty" "$(f '')"
check_rule_file only_comment 4 "empty" "$(f '# nothing\n')"
check_rule_file scalar_root 4 "map" "$(f 'just text\n')"
check_rule_file cve_2017_11692 4 "" "$(f '!2\n')"
check_rule_file binary_tag 4 "tag" "$(f 'x: !!binary "@@@"\n')"
check_rule_file python_tag 4 "tag" "$(f 'x: !!python/object/apply:os.system ["true"]\n')"
check_rule_file yaml_1_3 4 "" "$(f '%%YAML 1.3\n---\nx: 1\n')"
# --- rows 26-28: paths, huge implicit keys
check_answers_file directory 2 "is a directory" "$T"
check_answers_file missing 2 "No such file" "$T/missing.yaml"
ln -s "$T/loop" "$T/loop"
check_answers_file symlink_loop 2 "Too many levels of symbolic links" "$T/loop"
python3 -c "print('a' * (512 * 1024) + ': v')" >"$T/bigkey"; check_rule_file huge_implicit_key 4 "a key longer than 1024 characters" "$T/bigkey"
# --- rows 30-31: numbers and locale
for v in 017 0x10 1e1 .nan -.inf 99999999999999999999 "7 7" "+7" "٧"; do
  check_answers_file "number_${v//[^a-z0-9]/_}" 2 "expected a whole number from 0 to 10" "$(f 'pain_score: "%s"\n' "$v")"
done
expect locale/de_DE 0 '"status": "complete"' -- env LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 "$BIN" assess --answers "$SRC/tests/cli/fixtures/benign.json" --format json
# --- rows 32-33: schema errors with places, many rules
check_rule_file wrong_type 4 "zz_hostile.yaml:" "$(f 'rules:\n  - id: [not, text]\n')"
python3 -c "
print('rules:')
for i in range($MANY_RULES):
    print('  - id: r%d\n    title: T\n    when: pain_score >= %d\n    then: {recommend: [walking]}\n    source: {ref: nice_ng59, section: S}' % (i, i % 10))" >"$T/manyrules"
check_rule_file many_rules 0 "" "$T/manyrules"

# --- FHIR QuestionnaireResponse files (assess --answers)
qr() { printf '{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [%s]}\n' "$1"; }
python3 -c "print('{\"resourceType\": \"QuestionnaireResponse\", \"status\": \"completed\", \"item\": ' + '[{\"linkId\": \"g\", \"item\": ' * 100 + '[]' + '}]' * 100 + '}')" >"$T/qr-deep"
check_answers_file fhir_deep_items 2 "nesting deeper than 64" "$T/qr-deep"
python3 -c "print('{\"resourceType\": \"QuestionnaireResponse\", \"status\": \"completed\", \"item\": [' + ','.join('{\"linkId\": \"d%d\"}' % i for i in range(40000)) + ']}')" >"$T/qr-many"
check_answers_file fhir_many_items 2 "more than 5000 YAML nodes in one file" "$T/qr-many"
check_answers_file fhir_integer_overflow 2 "expected a whole number" "$(f "$(qr '{"linkId": "pain_score", "answer": [{"valueInteger": 99999999999999999999}]}')")"
check_answers_file fhir_integer_exponent 2 "expected a whole number" "$(f "$(qr '{"linkId": "pain_score", "answer": [{"valueInteger": 1e1}]}')")"
check_answers_file fhir_boolean_string 2 "valueBoolean (true or false)" "$(f "$(qr '{"linkId": "fever", "answer": [{"valueBoolean": "yes"}]}')")"
check_answers_file fhir_escape_link_id 2 "control" "$(f "$(qr '{"linkId": "\u001b[2J", "answer": [{"valueBoolean": true}]}')")"
check_answers_file fhir_modifier 2 "modifierExtension" "$(f "$(qr '{"linkId": "fever", "modifierExtension": [{"url": "urn:x"}]}')")"
check_answers_file fhir_type_list 2 "resourceType must be a resource name" "$(f '{"resourceType": ["QuestionnaireResponse"]}\n')"
check_answers_file fhir_items_not_list 2 "item must be a list" "$(f '{"resourceType": "QuestionnaireResponse", "status": "completed", "item": {"linkId": "fever"}}\n')"
# --- flags and --answer
expect flags/huge_number 2 "expected a whole number" -- "$BIN" assess --pain-score 99999999999999999999
expect flags/invalid_utf8 2 "is not an accepted answer" -- "$BIN" assess --answer $'pain_score=\xff'
expect flags/control_chars 2 "pain_score" -- "$BIN" assess --answer $'pain_score=\x1b[31m7'
expect flags/empty_value 2 "expected ID=VALUE" -- "$BIN" assess --answer pain_score=
expect flags/empty_key 2 "expected ID=VALUE" -- "$BIN" assess --answer =7
expect flags/long_value 2 "pain_score" -- "$BIN" assess --pain-score "$(head -c 100000 /dev/zero | tr '\0' 7)"
expect flags/dash_file 2 "-answers.yaml: error: cannot open file" -- "$BIN" assess --answers=-answers.yaml
# --- batch lines
printf '{"pain_score": NaN}\n{"pain_score": "7\\u0000"}\n{"id": "\\u001b[2J"}\n' >"$T/stdin"
expect batch/nan_and_controls 2 "2 of 3 lines were rejected" -- "$BIN" batch
# --- terminal input (piped here; the real-terminal cases are in tests/tty)
printf '\x1b]0;owned\x07\n%s\n' "$(head -c 2000000 /dev/zero | tr '\0' y)" >"$T/stdin"
expect prompt/escape_and_long_line 3 "input ended" -- "$BIN" ask
(for _ in $(seq 20); do echo maybe; done) >"$T/stdin"
expect prompt/bounded_reprompts 2 "unusable answers in a row" -- "$BIN" ask
# --- names echoed back: a file name, flag or value holding terminal escapes and a bidi override
evil=$'x\e[2J\e]52;c;aGk=\e\\\u202egpj'
expect names/answers_file 2 'x\u{001B}[2J' -- "$BIN" assess --answers "$T/$evil"
expect names/rules_folder 4 'x\u{001B}[2J' -- "$BIN" assess --rules "$T/$evil"
expect names/batch_input 2 'x\u{001B}[2J' -- "$BIN" batch --input "$T/$evil"
expect names/output_folder 1 'x\u{001B}[2J' -- "$BIN" rules list --output "$T/$evil/list.txt"
expect names/unknown_flag 2 'x\u{001B}[2J' -- "$BIN" assess "--$evil"
expect names/format_value 2 'x\u{001B}[2J' -- "$BIN" rules check --format "$evil"
# --- outputs that fail: a full device, a folder, a file that holds answers
expect output/full_device 1 "standard output: cannot write: No space left on device" -- bash -c '"$0" rules doc --no-graph >/dev/full' "$BIN"
expect output/folder 1 "is a folder" -- "$BIN" export fhir --output "$T"
printf 'fever: no\n' >"$T/kept.yaml"
expect output/record_over_answers 2 "already holds answers" -- "$BIN" ask --record "$T/kept.yaml"
expect output/record_dash 2 "take a file" -- "$BIN" ask --resume -

# --- read errors, NUL bytes, long lines, many diagnostics (#29): each where a lost case or answer
# would be an emergency's
emergency='"saddle_numbness":"yes"'
if command -v strace >/dev/null; then  # an EIO injected into a read of each channel
  nth_read() {  # PATTERN ARGS...: which read() of the run is the first on a path (strace -y) matching PATTERN
    local pattern=$1
    shift
    strace -o "$T/trace" -y -e trace=read "$@" <"${STDIN_FILE:-/dev/null}" >/dev/null 2>&1
    grep '^read(' "$T/trace" | grep -n -F -- "$pattern" | sed -n "${NTH:-1}p" | cut -d: -f1
  }
  # The command with an EIO on its Nth read: eio N, then the command (no LeakSanitizer under ptrace).
  eio() { echo env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -o /dev/null -e trace=read -e "inject=read:error=EIO:when=$1"; }
  # Enough lines for three reads of 64 KiB: the error comes after some were read.
  for i in $(seq 1 4999); do echo "{\"id\":$i,\"saddle_numbness\":\"no\"}"; done >"$T/cases.jsonl"
  echo "{\"id\":5000,$emergency}" >>"$T/cases.jsonl"
  n=$(STDIN_FILE="$T/cases.jsonl" NTH=3 nth_read "cases.jsonl>" "$BIN" batch)
  cp "$T/cases.jsonl" "$T/stdin"
  expect read_error/batch_stdin 1 "cannot read after line" -- $(eio "${n:-0}") "$BIN" batch
  n=$(nth_read "cases.jsonl>" "$BIN" batch --input "$T/cases.jsonl")
  expect read_error/batch_input 1 "cannot read" -- $(eio "$((${n:-0} + 1))") "$BIN" batch --input "$T/cases.jsonl"
  printf 'pain_score: 3\nsaddle_numbness: yes\n' >"$T/answers-eio.yaml"
  n=$(nth_read "answers-eio.yaml>" "$BIN" assess --answers "$T/answers-eio.yaml")
  expect read_error/answers_file 2 "answers-eio.yaml: error: cannot read: Input/output error" -- \
    $(eio "${n:-0}") "$BIN" assess --answers "$T/answers-eio.yaml"
  dir=$(rules_with eio "$(f 'rules: []\n')")
  n=$(nth_read "red_flags.yaml>" "$BIN" --rules "$dir" rules check)
  expect read_error/rule_file 4 "red_flags.yaml: error: cannot read: Input/output error" -- \
    $(eio "${n:-0}") "$BIN" --rules "$dir" rules check
else
  echo "strace is not installed (./dev test installs it): the read-error cases are left out"
fi
expect read_error/nonblocking_stdin 3 '"id":2' -- bash -c '{ echo "{\"id\":1,\"saddle_numbness\":\"no\"}"; sleep 1; echo "{\"id\":2,$1}"; } |
  python3 -c "import os, fcntl, sys; fcntl.fcntl(0, fcntl.F_SETFL, os.O_NONBLOCK); os.execv(sys.argv[1], sys.argv[1:])" "$0" batch' "$BIN" "$emergency"
printf '{"id":1,"saddle_numbness":"no"}\0{"id":2,%s}\n{"id":3,%s}\n' "$emergency" "$emergency" >"$T/stdin"
expect nul/batch_inside_line 2 "a NUL byte at column" -- "$BIN" batch
printf '\0{"id":1,%s}\n' "$emergency" >"$T/stdin"
expect nul/batch_line_start 2 "a NUL byte at column 1" -- "$BIN" batch
check_answers_file nul_after_value 2 "NUL" "$(f 'saddle_numbness: yes\0\n')"
check_answers_file nul_before_key 2 "NUL" "$(f 'pain_score: 3\n\0saddle_numbness: yes\n')"
check_rule_file nul_in_comment 4 "NUL" "$(f '# a comment\0\nx: 1\n')"
python3 -c "import sys; sys.stdout.write('x' * 1049088 + '{\"id\":\"phantom\",$emergency}')" >"$T/stdin"
expect long_line/batch_last_line 2 "1 of 1 line was rejected" -- "$BIN" batch
python3 -c "import sys; sys.stdout.write('x' * 1049088 + '\n{\"id\":\"next\",$emergency}\n')" >"$T/stdin"
expect long_line/batch_next_line 2 '"line":2,"id":"next","status":"complete","missing":[],"disposition":"emergency"' -- "$BIN" batch
python3 -c "import sys; sys.stdout.write('x' * 1536 + 'no')" >"$T/stdin"
expect long_line/ask_answer 3 "That line is too long" -- "$BIN" ask
python3 -c "print('\n' * 1000000 + ''.join('unknown_%d: yes\n' % i for i in range(2400)))" >"$T/many-diags.yaml"
check_answers_file many_diagnostics 2 "many-diags.yaml: 2300 more errors, not shown" "$T/many-diags.yaml"
python3 -c "print('rules:\n' + ''.join('  - bad_key_%d: 1\n' % i for i in range(50000)))" >"$T/many-rule-diags.yaml"
check_rule_file many_diagnostics 4 "more errors, not shown" "$T/many-rule-diags.yaml"
long_dir="$T/$(printf 'd%.0s' $(seq 200))/$(printf 'e%.0s' $(seq 200))"
mkdir -p "$long_dir"
cp "$SRC"/rules/*.yaml "$long_dir/"
python3 -c "print(''.join('k%d: 1\n' % i for i in range(99990)))" >"$long_dir/r.yaml"
expect rules/many_diagnostics_long_path 4 "r.yaml: 99890 more errors, not shown" -- "$BIN" rules check --rules "$long_dir"

echo "$cases hostile cases, $failures failed"
[ "$failures" = 0 ]

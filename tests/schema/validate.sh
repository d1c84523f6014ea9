#!/usr/bin/env bash
# ajv-cli validates every shipped rule file against schema/rules.schema.json, and refuses files
# with an unknown key, a bad id, a wrong type or an unknown question type.
set -uo pipefail
src=$1
ajv="$src/build/npm/node_modules/.bin/ajv"
[ -x "$ajv" ] || ajv=$(command -v ajv) || { echo "ajv-cli is not installed (./dev test installs it)"; exit 77; }
schema="$src/schema/rules.schema.json"
status=0
# One ajv run for all files (node starts once); it lists each file as valid or invalid.
out=$("$ajv" validate --strict=false -s "$schema" -d "$src/rules/*.yaml" -d "$src/docs/examples/tiny/*.yaml" 2>&1)
for f in "$src"/rules/*.yaml "$src"/docs/examples/tiny/*.yaml; do
  grep -qxF "$f valid" <<<"$out" || { echo "FAIL: $f is not valid"; status=1; }
done
[ $status = 0 ] || echo "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad() {  # NAME YAML: the schema must refuse it
  printf '%s\n' "$2" >"$tmp/$1.yaml"
}
bad unknown_key 'rules: [{id: r, titel: T, when: always, then: {disposition: x}, source: {ref: s, section: S}}]'
bad bad_id 'questions: [{id: Pain-Score, order: 1, type: yes_no, text: T}]'
bad wrong_type 'questions: [{id: p, order: ten, type: yes_no, text: T}]'
bad unknown_type 'questions: [{id: p, order: 1, type: multiple, text: T}]'
bad integer_without_range 'questions: [{id: p, order: 1, type: integer, text: T}]'
bad empty_then 'rules: [{id: r, title: T, when: always, then: {}, source: {ref: s, section: S}}]'
bad missing_source 'options: [{id: o, title: T, instructions: I}]'
bad bad_condition 'rules: [{id: r, title: T, when: "pain_score is high", then: {disposition: x}, source: {ref: s, section: S}}]'
out=$("$ajv" validate --strict=false -s "$schema" -d "$tmp/*.yaml" 2>&1)
for f in "$tmp"/*.yaml; do
  grep -qxF "$f invalid" <<<"$out" || { echo "FAIL: the schema accepted $(basename "$f")"; status=1; }
done
[ $status = 0 ] && echo "ok"
exit $status

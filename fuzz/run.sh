#!/usr/bin/env bash
# Runs every fuzz target for a bounded time, seeded from the project's own test files, after
# replaying the inputs of earlier findings (fuzz/regressions/TARGET/). Exit 1 on any finding;
# the input that broke it is in BUILD_DIR/fuzz-work/artifacts/.
# usage: fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]    (./dev fuzz [SECONDS] builds first)
set -euo pipefail
build=$1
secs=${2:-15}
src=$(cd "$(dirname "$0")/.." && pwd)
work="$build/fuzz-work"
rm -rf "$work/seeds" "$work/artifacts"
mkdir -p "$work/seeds" "$work/artifacts"

seed() {  # TARGET FILE...: copies files into the target's seed folder
  local target=$1
  shift
  mkdir -p "$work/seeds/$target"
  local f
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$work/seeds/$target/$(echo "$f" | md5sum | cut -c1-12)"; done
  return 0
}
seed rule_loader "$src"/rules/*.yaml "$src"/docs/examples/tiny/*.yaml "$src"/tests/check/*/rules/*.yaml
seed answers_file "$src"/tests/cli/fixtures/* "$src"/tests/scenarios/*.yaml
mkdir -p "$work/seeds/batch_line" "$work/seeds/answer_value"
python3 "$src/bench/gen_cases.py" 20 3 | split -l 1 - "$work/seeds/batch_line/gen-"
printf '%s\n' '{"id":{"a":[1,null]},"pain_score":"7"}' >"$work/seeds/batch_line/nested-id"
printf '%s\n' '{"pain_score": 3, "pain_score": 4}' >"$work/seeds/batch_line/duplicate"
# cache_reader: real cache bodies (the file less its 72-byte header: magic, key, digest), made by
# the build's own binary from the shipped and example rule bases.
mkdir -p "$work/seeds/cache_reader"
for rules in "$src/rules" "$src/docs/examples/tiny" "$src/tests/check/valid_base/rules"; do
  cache_dir="$work/seed-cache/$(basename "$(dirname "$rules")")-$(basename "$rules")"
  rm -rf "$cache_dir"
  # The binary takes an absolute BACKTRIAGE_CACHE_DIR only.
  BACKTRIAGE_CACHE_DIR="$(realpath -m "$cache_dir")" "$build/src/backtriage" --rules "$rules" assess >/dev/null 2>&1 || true
  for f in "$cache_dir"/*.rb; do [ -f "$f" ] && tail -c +73 "$f" >"$work/seeds/cache_reader/$(basename "$cache_dir")"; done
done
[ -n "$(ls -A "$work/seeds/cache_reader")" ] || echo "fuzz_cache_reader: no cache could be made to seed it (no build id?)"
# The classes of issue #29: NUL bytes in every place, trailing data, long lines, many diagnostics,
# and (line_reader) scripted reads with EAGAIN, EINTR and EIO. Header bytes of line_reader: limit,
# fault period, EIO place (two bytes, high bit on), chunk seed; see fuzz/line_reader.cpp.
printf '{"id":1,"saddle_numbness":"no"}\0{"id":2,"saddle_numbness":"yes"}' >"$work/seeds/batch_line/nul-inside"
printf '\0{"saddle_numbness":"yes"}' >"$work/seeds/batch_line/nul-first"
printf '{"saddle_numbness":"yes"}\0garbage' >"$work/seeds/batch_line/nul-trailing"
printf '{"saddle_numbness":"yes"} {"id":2}' >"$work/seeds/batch_line/two-values"
printf 'saddle_numbness: yes\0\n' >"$work/seeds/answers_file/nul-after-value"
printf 'pain_score: 3\n\0saddle_numbness: yes\n' >"$work/seeds/answers_file/nul-before-key"
python3 -c "print('\n' * 500 + ''.join('unknown_%d: yes\n' % i for i in range(300)))" >"$work/seeds/answers_file/many-diagnostics"
python3 -c "print('rules:\n' + ''.join('  - bad_%d: 1\n' % i for i in range(400)))" >"$work/seeds/rule_loader/many-diagnostics"
printf '# a comment\0\nx: 1\n' >"$work/seeds/rule_loader/nul-in-comment"
mkdir -p "$work/seeds/line_reader"
printf '\x20\x00\x00\x00\x07{"id":1}\r\n{"id":2}\n%s\nlast' "$(head -c 100 /dev/zero | tr '\0' x)" >"$work/seeds/line_reader/plain"
printf '\x08\x03\x00\x00\x2a12345678\r\n123456789\r\nabc\0def\n' >"$work/seeds/line_reader/faults-and-cr"
printf '\x10\x02\x80\x14\x05line one\nline two\nline three\n' >"$work/seeds/line_reader/eio"
i=0
for v in yes no Y n TRUE false 0 10 -1 007 2147483648 left both " yes " ""; do
  printf '%s' "$v" >"$work/seeds/answer_value/$((i++))"
done

status=0
for target in rule_loader answers_file batch_line answer_value cache_reader line_reader; do
  bin="$build/fuzz/fuzz_$target"
  corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  regressions="$src/fuzz/regressions/$target"
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    "$bin" "$regressions"/* >"$work/$target.replay.log" 2>&1 ||
      { echo "fuzz_$target: a regression input fails again (see $work/$target.replay.log)"; status=1; }
  fi
  max_len=4096
  case "$target" in rule_loader | cache_reader) max_len=65536 ;; esac
  if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=$max_len -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$target-" "$corpus" "$work/seeds/$target" >"$work/$target.log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$target.log" | grep -o '[0-9]*$' || echo "?")
    cov=$(grep -o 'cov: [0-9]*' "$work/$target.log" | tail -1 || true)
    echo "fuzz_$target: ${runs} executions in ${secs} s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs, no finding"
  else
    echo "fuzz_$target: FINDING (log: $work/$target.log; input: $(ls "$work/artifacts" | grep "^$target-" | head -1))"
    grep -m5 -E "ERROR|property broken|SUMMARY" "$work/$target.log" || true
    status=1
  fi
done
exit $status

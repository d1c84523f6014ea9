#!/usr/bin/env bash
# A file with thousands of problems costs time and memory in proportion to its size: at most 100
# are shown per file, then how many more; an answers file holds at most 5,000 YAML nodes; a very
# long path changes nothing. (Before: 26 s for 5,000 errors after a million blank lines, 1.7 GB for
# a 4 KB path, 14 s for rule files of 50,000 bad keys.) Bounds are generous for a loaded machine.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off
# Peak memory bound: 200 MiB; 1 GiB under the sanitizers (ASan's shadow memory and quarantine
# multiply a run's memory; the release build is where the figures of the threat model are kept).
MAX_KIB=204800
grep -qa __asan_init "$BIN" && MAX_KIB=$((1024 * 1024))
timed() {  # SECONDS ARGS...: run with a time bound; peak memory (KiB) in $PEAK
  local seconds=$1
  shift
  /usr/bin/time -f "%M" -o "$TMP/mem" timeout "$seconds" "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  PEAK=$(tail -1 "$TMP/mem")
  OUT=$(head -c 100000 "$TMP/out") ERR=$(head -c 100000 "$TMP/err")
  [ "$CODE" = 124 ] && fail "over $seconds s: $*"
}

python3 -c "import sys; sys.stdout.write('\n' * 1000000 + ''.join(f'unknown_{i}: yes\n' for i in range(2000)))" \
  >"$TMP/many.yaml"
timed 20 assess --answers "$TMP/many.yaml"
expect_code 2
[ "$(grep -c ': error: ' "$TMP/err")" = 100 ] || fail "expected 100 errors shown, got $(grep -c ': error: ' "$TMP/err")"
expect_err "many.yaml: 1900 more errors, not shown (100 are above)"
[ "$(wc -c <"$TMP/err")" -lt 65536 ] || fail "standard error holds $(wc -c <"$TMP/err") bytes"

long=$(printf 'd%.0s' $(seq 250))
deep=$TMP
for _ in $(seq 15); do deep=$deep/$long; done
mkdir -p "$deep"
python3 -c "import sys; sys.stdout.write(''.join(f'unknown_{i}: yes\n' for i in range(99990)))" >"$deep/a.yaml"
timed 20 assess --answers "$deep/a.yaml"
expect_code 2
expect_err "more than 5000 YAML nodes in one file"
[ "$PEAK" -lt "$MAX_KIB" ] || fail "a long path and many keys took $PEAK KiB"
[ "$(wc -c <"$TMP/err")" -lt 65536 ] || fail "standard error holds $(wc -c <"$TMP/err") bytes"

# A rule file takes every node up to its 4 MiB: each node's place shares the one file name, so
# the path's length does not multiply the memory (815 MB before, 33 MB after, for this file).
python3 -c "import sys; sys.stdout.write(''.join(f'unknown_{i}: 1\n' for i in range(99990)))" >"$deep/r.yaml"
timed 30 --rules "$deep/r.yaml" rules check
expect_code 4
grep -aqF "r.yaml: 99890 more errors, not shown (100 are above)" "$TMP/err" ||
  fail "the count of errors not shown is missing: $(tail -c 300 "$TMP/err")"
[ "$PEAK" -lt "$MAX_KIB" ] || fail "a rule file of 99,990 keys at a long path took $PEAK KiB"

cp -r "$SRC/rules" "$TMP/rules"
python3 -c "import sys; sys.stdout.write('\n' * 200000 + ''.join(f'bogus_{i}: 1\n' for i in range(50000)))" \
  >"$TMP/rules/zz1.yaml"
cp "$TMP/rules/zz1.yaml" "$TMP/rules/zz2.yaml"
timed 30 --rules "$TMP/rules" rules check
expect_code 4
OUT=$(cat "$TMP/out" "$TMP/err")  # the problems, then the verdict
expect_out "zz1.yaml: 49900 more errors, not shown (100 are above)"
expect_out "zz2.yaml: 49900 more errors, not shown"
expect_out "100000 errors, 0 warnings; the rule base is not valid"
finish

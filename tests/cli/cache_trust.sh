#!/usr/bin/env bash
# The compiled-rule cache is a trust boundary, end to end, at the exact path the binary reads
# ($XDG_CACHE_HOME/backtriage/<sha256>.rb): crafted files of every shape that once crashed, hung
# or misled a run are refused with one line on stderr and replaced, and the run still gives the
# right answer, fast, with no raw control character. A well-formed cache of other advice is used
# only from a folder and file of the user's own that nobody else may write; the audits never
# read it. Under umask 000 the folders are made 0700.
source "$(dirname "$0")/lib.bash" "$@"
UNIT="${BACKTRIAGE_BUILD_DIR:?set by CTest}/tests/unit_tests"
unset BACKTRIAGE_CACHE_DIR
export XDG_CACHE_HOME="$TMP/xdg" NO_COLOR=1
folder="$XDG_CACHE_HOME/backtriage"
limit_ms=3000  # a run takes a few ms; the crashes took forever or died

# Folders made under umask 000 are still private, and so is the file.
(umask 000 && "$BIN" assess --saddle-numbness yes >/dev/null 2>&1)
[ "$(stat -c %a "$XDG_CACHE_HOME")" = 700 ] || fail "umask 000: \$XDG_CACHE_HOME was made $(stat -c %a "$XDG_CACHE_HOME")"
[ "$(stat -c %a "$folder")" = 700 ] || fail "umask 000: the cache folder was made $(stat -c %a "$folder")"
cache=$(ls "$folder"/*.rb)
[ "$(stat -c %a "$cache")" = 600 ] || fail "umask 000: the cache file was made $(stat -c %a "$cache")"
for index in "$folder"/*.idx; do  # the index of the shipped files' stamps (they are old enough)
  [ "$(stat -c %a "$index")" = 600 ] || fail "umask 000: the index file was made $(stat -c %a "$index")"
done
cp "$cache" "$TMP/genuine.rb"

# The crafted files, made by the unit tests' own builders from this binary's genuine file (whose
# header holds the key), so that they are planted under the name this binary looks for.
mkdir "$TMP/crafted"
BACKTRIAGE_CRAFT_FROM="$TMP/genuine.rb" BACKTRIAGE_CRAFT_INTO="$TMP/crafted" \
  "$UNIT" --test-case="crafted cache files are written for the end-to-end script when it asks" >"$TMP/unit.log" 2>&1 ||
  fail "the unit tests could not craft the files: $(cat "$TMP/unit.log")"
[ "$(ls "$TMP/crafted" | wc -l)" -ge 15 ] || fail "too few crafted files: $(ls "$TMP/crafted")"

no_raw_controls() {  # FILE: no C0 control but TAB and LF, no DEL, no C1 control (UTF-8 C2 80..9F)
  ! LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"
}
assess_saddle_numbness() {  # the run every case checks; its time in MS
  local start
  start=$(date +%s%N)
  run assess --saddle-numbness yes
  MS=$((($(date +%s%N) - start) / 1000000))
}
expect_emergency() {  # NAME
  expect_code 0
  grep -qF "Go to the emergency department now" <<<"$OUT" || fail "$1: saddle numbness did not give the emergency"
}

for crafted in "$TMP"/crafted/*.rb; do
  name=$(basename "$crafted" .rb)
  [ "$name" = red_flags_lowered ] && continue
  cp "$crafted" "$cache"
  assess_saddle_numbness
  expect_emergency "$name"
  expect_err "backtriage: cache not used: the cache file '$cache' was refused: "
  [ "$(wc -l <"$TMP/err")" = 1 ] || fail "$name: not one line on stderr"
  no_raw_controls "$TMP/out" && no_raw_controls "$TMP/err" || fail "$name: a raw control character was printed"
  [ "$MS" -lt "$limit_ms" ] || fail "$name: the run took $MS ms"
  cmp -s "$cache" "$TMP/genuine.rb" || fail "$name: the refused file was not replaced by a genuine one"
done

# A well-formed plant of other advice (every red flag lowered to self-care) in a private file of
# our own is used: no check of the contents can tell advice from advice. This is the control for
# what follows; it also shows that the audits read the YAML, never the cache.
lowered="$TMP/crafted/red_flags_lowered.rb"
cp "$lowered" "$cache"
assess_saddle_numbness
grep -qF "Go to the emergency department now" <<<"$OUT" && fail "the control case: a private cache of our own was not used"
run rules doc --format markdown --no-graph
grep -qF "62 red flags" <<<"$OUT" || fail "rules doc did not read the YAML: $(grep -o '[0-9]* red flags' <<<"$OUT")"
run rules show saddle_numbness_emergency
expect_out "Go to the emergency department now"
run rules verify
expect_code 0
run rules check
expect_code 0
run export fhir
expect_code 0
cmp -s "$cache" "$lowered" || fail "an audit wrote the cache"

expect_refused() {  # NAME REASON: the plant is neither read nor replaced, and stderr says why
  assess_saddle_numbness
  expect_emergency "$1"
  expect_err "backtriage: cache not used: $2"
  [ "$(wc -l <"$TMP/err")" = 1 ] || fail "$1: not one line on stderr"
  cmp -s "$cache" "$lowered" || fail "$1: the cache file was written"
  # (the rule base, and the index of the rule files' stamps written by the first run)
  [ "$(ls -A "$folder" | grep -vc '\.idx$')" = 1 ] && [ "$(ls -A "$folder" | grep -c '\.idx$')" -le 1 ] ||
    fail "$1: something was written into the folder: $(ls -A "$folder")"
}

chmod 0666 "$cache"
expect_refused "group-writable file" "the cache file '$cache' is writable by group or others (mode 0666); it is neither read nor replaced"
chmod 0600 "$cache"
chmod 0777 "$folder"
expect_refused "world-writable folder" "the cache folder '$folder' is writable by group or others (mode 0777); it is neither read nor written"
chmod 0700 "$folder"

nobody=$(id -u nobody 2>/dev/null || echo 65534)
if [ "$(id -u)" = 0 ] && chown "$nobody" "$cache" 2>/dev/null; then
  expect_refused "file owned by nobody" \
    "the cache file '$cache' is owned by uid $nobody, not by the user running backtriage (uid 0); it is neither read nor replaced"
  chown 0 "$cache"
  chown "$nobody" "$folder"
  expect_refused "folder owned by nobody" \
    "the cache folder '$folder' is owned by uid $nobody, not by the user running backtriage (uid 0); it is neither read nor written"
  # Removing the file makes the miss plain: still nothing is written into nobody's folder.
  rm -f "$cache" "$folder"/*.idx
  assess_saddle_numbness
  expect_emergency "folder owned by nobody, no file"
  [ -z "$(ls -A "$folder")" ] || fail "a cache file was written into a folder owned by nobody"
  chown 0 "$folder"
else
  echo "skipped: the cases of another owner need root (to chown to nobody)"
fi
finish

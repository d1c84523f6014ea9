#!/usr/bin/env bash
# The compiled rule base is cached for the advice commands, keyed by the rule files' contents and
# the build: a damaged cache is reported, ignored and rebuilt, a changed rule file is never served
# from the cache, and the audits never touch it. (Crafted and foreign caches: cache_trust.sh.)
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR="$TMP/cache"
cp -r "$SRC/rules" "$TMP/rules"

# The audits and exports read the YAML only: they neither create nor read a cache.
for cmd in "rules check" "rules verify" "rules list" "rules show saddle_numbness_emergency" "rules graph" \
           "rules doc --no-graph --format markdown" "export fhir" "export clips" "export jre"; do
  run --rules "$TMP/rules" $cmd
  [ ! -e "$TMP/cache" ] || fail "'$cmd' created the cache folder"
done
# The value of --rules is never taken for the command, whatever its name.
cp -r "$SRC/rules" "$TMP/assess"
pushd "$TMP" >/dev/null || fail "cannot enter $TMP"
run --rules assess rules check
popd >/dev/null || fail "cannot leave $TMP"
expect_code 0
[ ! -e "$TMP/cache" ] || fail "'--rules assess rules check' read the cache"

run --rules "$TMP/rules" assess --saddle-numbness yes --format json
expect_code 0
expect_no_err
[ "$(ls "$TMP/cache"/*.rb | wc -l)" = 1 ] || fail "no cache file was written"
cache=$(ls "$TMP/cache"/*.rb)
[[ "$(basename "$cache")" =~ ^[0-9a-f]{64}\.rb$ ]] || fail "the cache file is not named by a SHA-256: $cache"
[ "$(stat -c %a "$TMP/cache")" = 700 ] || fail "the cache folder is not private"
[ "$(stat -c %a "$cache")" = 600 ] || fail "the cache file is not private"

printf 'garbage' >"$cache"
run --rules "$TMP/rules" assess --saddle-numbness yes --format json
expect_code 0
jq -e '.disposition == "emergency"' >/dev/null <<<"$OUT" || fail "a damaged cache changed the result"
expect_err "backtriage: cache not used: the cache file '$cache' was refused: not a cache file of this version"
[[ "$(head -c 8 "$cache")" =~ ^BTRBCAC[0-9]$ ]] || fail "the damaged cache was not rebuilt"
run --rules "$TMP/rules" assess --saddle-numbness yes --format json
expect_no_err

# Change a rule: the old cache must not be used. Urgent, unlike emergency, does not end the
# questions, so saddle numbness alone is now incomplete.
sed -i 's/disposition: emergency$/disposition: urgent/' "$TMP/rules/red_flags.yaml"
run --rules "$TMP/rules" assess --saddle-numbness yes --format json
expect_code 3
jq -e '.status == "incomplete"' >/dev/null <<<"$OUT" || fail "an edited rule file was served from the old cache"
[ "$(ls "$TMP/cache"/*.rb | wc -l)" = 2 ] || fail "the edited rules got no cache file of their own"

# Once the rule files are a few seconds old, a run records their stamps (name, inode, size, times)
# in an index file, and later runs find the compiled rules by them without opening the rule files.
# An edit in place (the same inode) changes the stamps: it is never served from the old entry.
sleep 3
# (a slow build, the sanitizers', may already have indexed the files as they were before the edit)
indexes=$(ls "$TMP/cache"/*.idx 2>/dev/null | wc -l)
run --rules "$TMP/rules" assess --saddle-numbness yes --format json
[ "$(ls "$TMP/cache"/*.idx 2>/dev/null | wc -l)" = $((indexes + 1)) ] || fail "no index of the settled files' stamps was written"
ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" strace -f -e trace=open,openat -o "$TMP/trace" "$BIN" --rules "$TMP/rules" assess --saddle-numbness yes >/dev/null 2>&1
grep -q 'red_flags\.yaml' "$TMP/trace" && fail "a run with settled stamps still opened the rule files"
grep -q '\.idx"' "$TMP/trace" || fail "a run with settled stamps did not read the index"
python3 - "$TMP/rules/red_flags.yaml" <<'PY'
import sys
with open(sys.argv[1], "r+", encoding="utf-8") as f:  # in place: the inode stays
    text = f.read().replace("disposition: urgent\n", "disposition: emergency\n")
    f.seek(0); f.write(text); f.truncate()
PY
run --rules "$TMP/rules" assess --saddle-numbness yes --format json
expect_code 0
jq -e '.disposition == "emergency"' >/dev/null <<<"$OUT" || fail "a rule file edited in place was served through its old stamps"

# A run that records stamps records those of the files it read: a link to the rule folder switched
# while it runs (a deploy), then switched back (a rollback), must not tie the old files' stamps to
# the other files' rules. strace holds the run for 1.5 s as it opens red_flags.yaml, after
# stamping; the link is switched meanwhile, and back after.
mkdir -p "$TMP/race"
cp -r "$SRC/rules" "$TMP/race/v1"
cp -r "$SRC/rules" "$TMP/race/v2"
sed -i 's/disposition: emergency$/disposition: urgent/' "$TMP/race/v2/red_flags.yaml"
ln -s v1 "$TMP/race/current"
sleep 3  # settled: the run below records stamps
# (LeakSanitizer cannot run under ptrace: no leak check in the sanitizer build for this run)
ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" BACKTRIAGE_CACHE_DIR="$TMP/race/cache" strace -f -o /dev/null -P "$TMP/race/current/red_flags.yaml" -e trace=openat \
  -e inject=openat:delay_enter=1500000 "$BIN" --rules "$TMP/race/current" assess --saddle-numbness yes >/dev/null 2>&1 &
sleep 0.7
ln -sfn v2 "$TMP/race/current"
wait
ln -sfn v1 "$TMP/race/current"
BACKTRIAGE_CACHE_DIR="$TMP/race/cache" run --rules "$TMP/race/current" assess --saddle-numbness yes --format json
jq -e '.disposition == "emergency"' >/dev/null <<<"$OUT" ||
  fail "after a link switched during a run and back, the other rules were served: $(jq -c '{status, disposition}' <<<"$OUT")"

# A cache folder that cannot be made is no error, and says so on one line.
BACKTRIAGE_CACHE_DIR=/proc/no-such-dir run assess --saddle-numbness yes
expect_code 0
expect_err "backtriage: cache not used: cannot open or create the cache folder '/proc/no-such-dir'"
[ "$(wc -l <"$TMP/err")" = 1 ] || fail "more than one line on stderr"
BACKTRIAGE_CACHE_DIR=off run rules check
expect_code 0
BACKTRIAGE_CACHE_DIR=off run assess --saddle-numbness yes
expect_no_err
# A temporary file a killed writer left is removed at the next write once it is an hour old; a
# fresh one (a writer still at work) is not.
rm -rf "$TMP/cache"
run --rules "$TMP/rules" assess --saddle-numbness yes
hex64=$(printf 'ab%.0s' $(seq 32))
touch -d '2 hours ago' "$TMP/cache/.$hex64.rb.123.ff.tmp"
touch "$TMP/cache/.$hex64.rb.124.fe.tmp"
echo mine >"$TMP/cache/.notes.tmp" && touch -d '2 hours ago' "$TMP/cache/.notes.tmp"  # a file of the user's
echo "# changed" >>"$TMP/rules/questions.yaml"  # a new key: the next run writes a new file
run --rules "$TMP/rules" assess --saddle-numbness yes
[ -e "$TMP/cache/.$hex64.rb.123.ff.tmp" ] && fail "a stale temporary file was left"
[ -e "$TMP/cache/.$hex64.rb.124.fe.tmp" ] || fail "a fresh temporary file was removed"
[ -e "$TMP/cache/.notes.tmp" ] || fail "a file of the user's, named like a temporary, was removed"

# BACKTRIAGE_CACHE_DIR: off disables it; a relative path or / is refused, saying so, and no
# folder is made of it.
for bad in relative 0 none /; do
  (cd "$TMP" && BACKTRIAGE_CACHE_DIR=$bad "$BIN" --rules "$TMP/rules" assess --saddle-numbness yes >/dev/null 2>"$TMP/err")
  ERR=$(cat "$TMP/err")
  expect_err "cache not used: BACKTRIAGE_CACHE_DIR is '$bad': give an absolute path of a folder of its own, or off"
  [ "$bad" != / ] && [ -e "$TMP/$bad" ] && fail "BACKTRIAGE_CACHE_DIR=$bad made a folder"
done
(cd "$TMP" && BACKTRIAGE_CACHE_DIR=off "$BIN" --rules "$TMP/rules" assess --saddle-numbness yes >/dev/null 2>"$TMP/err")
[ -s "$TMP/err" ] && fail "BACKTRIAGE_CACHE_DIR=off said something: $(cat "$TMP/err")"
[ -e "$TMP/off" ] && fail "BACKTRIAGE_CACHE_DIR=off made a folder"
finish

#!/usr/bin/env bash
# The compiled rule base is cached, keyed by the rule files' contents; a damaged cache is ignored
# and rebuilt, and a changed rule file is never served from the cache.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR="$TMP/cache"
cp -r "$SRC/rules" "$TMP/rules"
run --rules "$TMP/rules" assess --saddle-numbness yes --format json
expect_code 0
[ "$(ls "$TMP/cache" | wc -l)" = 1 ] || fail "no cache file was written"
cache=$(ls "$TMP/cache"/*.rb)
printf 'garbage' >"$cache"
run --rules "$TMP/rules" assess --saddle-numbness yes --format json
expect_code 0
jq -e '.disposition == "emergency"' >/dev/null <<<"$OUT" || fail "a damaged cache changed the result"
[ "$(head -c 7 "$cache")" = "BTRBCAC" ] || fail "the damaged cache was not rebuilt"
# Change a rule: the old cache must not be used.
sed -i 's/disposition: emergency$/disposition: urgent/' "$TMP/rules/red_flags.yaml"
run --rules "$TMP/rules" rules show saddle_numbness_emergency
expect_out "Be seen by a doctor today"
# An unwritable cache folder is no error.
BACKTRIAGE_CACHE_DIR=/proc/no-such-dir run --rules "$TMP/rules" rules show saddle_numbness_emergency
expect_code 0
BACKTRIAGE_CACHE_DIR=off run rules check
expect_code 0
finish

#!/usr/bin/env bash
# Reproducible: two .deb files built from the same commit in two build folders (the second without
# ccache, so every object is compiled again) are the same bytes, and every file in them carries the
# last commit's time (SOURCE_DATE_EPOCH), not the checkout's or the build's.
# usage: tests/package/reproducible.sh FIRST.deb SECOND.deb   (./dev package runs it)
set -u
A=$(realpath "$1")
B=$(realpath "$2")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! cmp -s "$A" "$B"; then
  fail "two builds of the same commit differ: $(cmp "$A" "$B" | head -1)"
  # Say where: the control data, the file list, or which files' bytes.
  for deb in "$A" "$B"; do
    d="$TMP/$(basename "$(dirname "$deb")")"
    mkdir -p "$d/root" "$d/control"
    dpkg-deb -x "$deb" "$d/root" && dpkg-deb -e "$deb" "$d/control"
    dpkg-deb --contents "$deb" >"$d/contents"
  done
  diff -r "$TMP"/*/control | head -20
  diff "$TMP"/*/contents | head -20
  diff -rq "$TMP"/*/root | head -20
fi

epoch=${SOURCE_DATE_EPOCH:-$(git -C "$(dirname "$0")" log -1 --format=%ct)}
expected=$(date -u -d "@$epoch" '+%Y-%m-%d %H:%M')
# dpkg-deb prints times in the local zone: read them in UTC.
others=$(TZ=UTC dpkg-deb --contents "$A" | awk -v t="$expected" '$4 " " $5 != t {print $4, $5, $6}')
[ -z "$others" ] || fail "files not dated at the last commit ($expected UTC): $(head -3 <<<"$others")"
echo "$(basename "$A"): $(stat -c %s "$A") bytes, the same in both builds; files dated $expected UTC (the last commit)"
[ "$failures" = 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }

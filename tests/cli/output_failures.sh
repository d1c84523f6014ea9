#!/usr/bin/env bash
# Nothing is lost without a word: every command's standard output is checked (a full disk is
# exit 1 naming the reason; a closed pipe is a quiet 141), and --output never replaces what is not
# a regular file, keeps an existing file's permissions and owner, and leaves an earlier file byte
# for byte when a write fails (a small full tmpfs, where the test may mount one).
source "$(dirname "$0")/lib.bash" "$@"
answers="$SRC/tests/cli/fixtures/benign.json"
cases="$TMP/cases.jsonl"
python3 - "$cases" <<'EOF'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(json.dumps({"id": i, "saddle_numbness": "no", "pain_score": i % 11}) + "\n")
EOF
head -20 "$cases" >"$TMP/twenty.jsonl"
# jq -e succeeds on an empty input: a missing output must fail the check.
json_true() { [ -s "$1" ] && jq -e "$2" "$1" >/dev/null; }

# 1. A full disk on standard output: every command says so and exits 1.
for cmd in "assess --answers $answers --format json" "rules doc --no-graph" "export fhir" "rules check" \
           "rules graph" "rules list" "batch --input $TMP/twenty.jsonl" "--help"; do
  # shellcheck disable=SC2086  # the words of cmd are separate arguments
  "$BIN" $cmd >/dev/full 2>"$TMP/err"
  CODE=$?
  ERR=$(cat "$TMP/err")
  OUT=""
  [ "$CODE" = 1 ] || fail "$cmd > /dev/full: exit $CODE, expected 1"
  grep -qF "standard output: cannot write: No space left on device" "$TMP/err" || fail "$cmd > /dev/full: no message"
done

# 2. A closed pipe: quiet, status 141 (as the man page says), for batch and a large document.
"$BIN" batch --input "$cases" 2>"$TMP/err" | head -c 10 >/dev/null
status=("${PIPESTATUS[@]}")
[ "${status[0]}" = 141 ] || fail "batch | head: exit ${status[0]}, expected 141"
[ -s "$TMP/err" ] && fail "batch | head: stderr is not quiet: $(cat "$TMP/err")"
"$BIN" rules doc --no-graph 2>"$TMP/err" | head -c 10 >/dev/null
status=("${PIPESTATUS[@]}")
[ "${status[0]}" = 141 ] || fail "rules doc | head: exit ${status[0]}, expected 141"

# 3. --output - is standard output; /dev/stdout too; no file called '-' appears.
(cd "$TMP" && "$BIN" assess --answers "$answers" --format json --output - >"$TMP/dash.json") || fail "--output - failed"
json_true "$TMP/dash.json" '.status == "complete"' || fail "--output - did not write the JSON to stdout"
[ -e "$TMP/-" ] && fail "--output - created a file named '-'"
"$BIN" assess --answers "$answers" --format json --output /dev/stdout >"$TMP/devstdout.json"
json_true "$TMP/devstdout.json" '.status == "complete"' || fail "--output /dev/stdout lost the output"
# Another name for the file standard output already is (//dev/stdout, a link to it, /proc/self/fd/1)
# is written through the descriptor: the shell's file is appended to, never replaced.
printf 'log\n' >"$TMP/log.txt"
"$BIN" assess --answers "$answers" --output //dev/stdout >>"$TMP/log.txt" || fail "--output //dev/stdout failed"
ln -s /dev/stdout "$TMP/to_stdout"
"$BIN" assess --answers "$answers" --output "$TMP/to_stdout" >>"$TMP/log.txt" || fail "--output LINK-TO-STDOUT failed"
[ "$(head -1 "$TMP/log.txt")" = log ] || fail "writing to another name of standard output replaced the shell's file"
[ "$(grep -c 'Self-care\|See a doctor' "$TMP/log.txt")" -ge 2 ] || fail "the two reports did not reach the shell's file"
# --answers - reads standard input.
run assess --answers - --format json <"$answers"
expect_code 0
json_true "$TMP/out" ".answers.pain_score == 3" || fail "--answers - did not read standard input"

# 4. What is not a regular file is written to, never replaced: a FIFO, a link to a device, a device.
mkfifo "$TMP/fifo"
cat "$TMP/fifo" >"$TMP/from_fifo" &
reader=$!
run assess --answers "$answers" --format json --output "$TMP/fifo"
expect_code 0
wait "$reader"
[ -p "$TMP/fifo" ] || fail "the FIFO was replaced"
json_true "$TMP/from_fifo" '.status == "complete"' || fail "the FIFO's reader did not get the result"
ln -s /dev/null "$TMP/to_null"
run assess --answers "$answers" --output "$TMP/to_null"
expect_code 0
[ -L "$TMP/to_null" ] || fail "the link to /dev/null was replaced"
[ -c /dev/null ] || fail "/dev/null is no longer a device"
if mknod "$TMP/null" c 1 3 2>/dev/null; then
  run assess --answers "$answers" --output "$TMP/null"
  expect_code 0
  [ -c "$TMP/null" ] || fail "a character device was replaced by a regular file"
else
  echo "note: mknod not permitted here; the device case is covered by the link to /dev/null"
fi
run assess --answers "$answers" --output "$TMP"
expect_code 1
expect_err "is a folder"
# A FIFO whose reader goes away: the quiet 141 of a closed pipe.
mkfifo "$TMP/fifo2"
head -c 1 "$TMP/fifo2" >/dev/null &
"$BIN" batch --input "$cases" --output "$TMP/fifo2" 2>"$TMP/err"
CODE=$?
[ "$CODE" = 141 ] || fail "batch --output FIFO whose reader left: exit $CODE, expected 141: $(cat "$TMP/err")"
wait

# 5. An existing regular file keeps its permissions (and owner, where we may); a link to a file
#    stays a link and its target is replaced; other hard links keep the old content (documented).
echo OLD >"$TMP/private.json"
chmod 0600 "$TMP/private.json"
run assess --answers "$answers" --format json --output "$TMP/private.json"
expect_code 0
[ "$(stat -c %a "$TMP/private.json")" = 600 ] || fail "a 0600 file became $(stat -c %a "$TMP/private.json")"
echo OLD >"$TMP/shared.json"
chmod 0640 "$TMP/shared.json"
(umask 077 && "$BIN" assess --answers "$answers" --format json --output "$TMP/shared.json")
[ "$(stat -c %a "$TMP/shared.json")" = 640 ] || fail "a 0640 file became $(stat -c %a "$TMP/shared.json")"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  echo OLD >"$TMP/theirs.json"
  chown nobody "$TMP/theirs.json"
  run assess --answers "$answers" --format json --output "$TMP/theirs.json"
  expect_code 0
  [ "$(stat -c %U "$TMP/theirs.json")" = nobody ] || fail "the owner was not kept: $(stat -c %U "$TMP/theirs.json")"
fi
# A file the user may not write stays as it is (as with the shell's '>'), even where the folder
# would let it be replaced; a writable file in a folder that is not says why it cannot be replaced.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
  mkdir "$TMP/theirs"
  echo OLD >"$TMP/theirs/ro.json"
  chmod 0444 "$TMP/theirs/ro.json"
  chown nobody "$TMP/theirs"
  chmod 0755 "$TMP"
  as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"; CODE=$?; ERR=$(cat "$TMP/err"); }
  as_nobody assess --answers "$answers" --output "$TMP/theirs/ro.json"
  expect_code 1
  expect_err "ro.json: cannot write: Permission denied"
  [ "$(cat "$TMP/theirs/ro.json")" = OLD ] || fail "a read-only file was replaced"
  mkdir "$TMP/closed"
  echo OLD >"$TMP/closed/open.json"
  chmod 0666 "$TMP/closed/open.json"
  chmod 0555 "$TMP/closed"
  as_nobody assess --answers "$answers" --output "$TMP/closed/open.json"
  expect_code 1
  expect_err "cannot create a temporary file in the folder"
  chmod 0700 "$TMP/closed" "$TMP"
else
  echo "note: not root (or no setpriv): the permission cases need another user"
fi
echo OLD >"$TMP/real.json"
ln -s real.json "$TMP/link.json"
run assess --answers "$answers" --format json --output "$TMP/link.json"
expect_code 0
[ -L "$TMP/link.json" ] || fail "the symbolic link was replaced by a file"
json_true "$TMP/real.json" '.status == "complete"' || fail "the link's target was not written"
echo OLD >"$TMP/one.json"
ln "$TMP/one.json" "$TMP/two.json"
run assess --answers "$answers" --format json --output "$TMP/one.json"
expect_code 0
[ "$(cat "$TMP/two.json")" = OLD ] || fail "the other hard link changed (documented: it keeps the old content)"
# A target name of 255 bytes (the longest a file name can be) is written.
long="$TMP/$(printf 'n%.0s' $(seq 1 255))"
run assess --answers "$answers" --format json --output "$long"
expect_code 0
[ -s "$long" ] || fail "a 255-byte file name could not be written"

# 6. kill -9, SIGTERM and SIGHUP in the middle of --output leave no temporary file, with the
#    unnamed temporary file and with the named fallback alike.
python3 - "$cases" "$TMP/many.jsonl" <<'EOF'
import sys
lines = open(sys.argv[1]).read()
with open(sys.argv[2], "w") as f:
    for _ in range(15):
        f.write(lines)
EOF
mkdir "$TMP/killed"
for named in "" 1; do
  for sig in KILL TERM HUP; do
    BACKTRIAGE_TEST_NAMED_TEMP=$named "$BIN" batch --detail full --input "$TMP/many.jsonl" --output "$TMP/killed/OUT" 2>/dev/null &
    pid=$!
    sleep 0.4
    kill -s "$sig" "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    left=$(ls -A "$TMP/killed")
    if [ "$named" = 1 ] && [ "$sig" = KILL ]; then
      rm -f "$TMP"/killed/.backtriage-*  # nothing can clean up after kill -9 without O_TMPFILE (documented)
    elif [ -n "$left" ]; then
      fail "kill -s $sig (named temp: ${named:-no}) left: $left"
      rm -f "$TMP"/killed/.??*
    fi
  done
done

# 7. A full file system: the earlier file stays byte for byte, exit 1 names the file and the reason.
full="$TMP/full"
mkdir "$full"
if mount -t tmpfs -o size=64k tmpfs "$full" 2>/dev/null; then
  trap 'umount "$full" 2>/dev/null; rm -rf "$TMP"' EXIT
  echo OLD >"$full/OUT"
  head -100 "$cases" >"$TMP/hundred.jsonl"
  run batch --detail full --input "$TMP/hundred.jsonl" --output "$full/OUT"  # about 1.5 MB
  expect_code 1
  expect_err "$full/OUT: cannot write: No space left on device"
  [ "$(cat "$full/OUT")" = OLD ] || fail "a failed batch --output changed the earlier file"
  [ "$(ls -A "$full")" = OUT ] || fail "a failed batch --output left files behind: $(ls -A "$full")"
  "$BIN" rules doc --no-graph >"$full/book.html" 2>"$TMP/err"
  CODE=$?
  ERR=$(cat "$TMP/err")
  expect_code 1
  expect_err "standard output: cannot write: No space left on device"
  rm -f "$full/book.html"
  run rules doc --no-graph --output "$full/OUT"
  expect_code 1
  [ "$(cat "$full/OUT")" = OLD ] || fail "a failed rules doc --output changed the earlier file"
  umount "$full"
else
  echo "note: cannot mount a tmpfs here (not root, or no permission); the full-disk cases ran on /dev/full only"
fi
# A file with two names (a hard link) is replaced under the name given; the other keeps the old
# content. Setuid, setgid and sticky bits are not carried over to the new file.
printf 'old\n' >"$TMP/linked.txt"
ln "$TMP/linked.txt" "$TMP/other-name.txt"
chmod 2644 "$TMP/linked.txt"
run rules list questions --output "$TMP/linked.txt"
expect_code 0
grep -q saddle_numbness "$TMP/linked.txt" || fail "the named file was not written"
[ "$(cat "$TMP/other-name.txt")" = old ] || fail "the other name of a hard-linked file changed"
[ "$(stat -c %a "$TMP/linked.txt")" = 644 ] || fail "the setgid bit was carried over: $(stat -c %a "$TMP/linked.txt")"
finish

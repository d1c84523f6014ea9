#!/usr/bin/env bash
# Answer files are the user's: `ask --resume FILE` changes nothing on disk before a new answer;
# then it changes only answers, where they stand, keeping comments, layout, spellings, answers it
# did not use, the file's permissions, and JSON as JSON. `ask --record FILE` will not empty a file
# that holds answers unless told --force. A checklist answered whole is recorded member by member
# and taken back whole. (The questionnaire reads its answers from a pipe here, one question at a
# time unless a test says otherwise; tests/tty types them into a real terminal.)
source "$(dirname "$0")/lib.bash" "$@"
# jq -e succeeds on an empty input: a missing output must fail the check.
json_true() { [ -s "$1" ] && jq -e "$2" "$1" >/dev/null; }
ask() {  # ask INPUT ARGS...: the questionnaire with INPUT typed, one answer a line; OUT is
  local input=$1  # what a person would see: the result, and the questions (on standard error off a terminal)
  shift
  printf '%b' "$input" | "$BIN" ask --one-at-a-time "$@" >"$TMP/out" 2>"$TMP/err"
  CODE=$?
  OUT=$(cat "$TMP/out" "$TMP/err")
  ERR=$(cat "$TMP/err")
}

cat >"$TMP/mine.yaml" <<'EOF'
# My answers, written by hand on Monday.
saddle_numbness: no    # checked twice
bladder_bowel_change: 'n'
has_massage_gun: yes   # the blue one
EOF
chmod 0644 "$TMP/mine.yaml"
cp "$TMP/mine.yaml" "$TMP/before.yaml"

# Resume, then stop at once: the file is untouched, byte for byte, mode included.
ask 'quit\n' --resume "$TMP/mine.yaml"
expect_code 3
cmp -s "$TMP/mine.yaml" "$TMP/before.yaml" || fail "--resume changed the file before any new answer"
[ "$(stat -c %a "$TMP/mine.yaml")" = 644 ] || fail "--resume changed the mode to $(stat -c %a "$TMP/mine.yaml")"
expect_out "Answer 3: Do you have a percussion massage gun? yes"

# One new answer: appended; everything else kept as written.
ask 'no\nquit\n' --resume "$TMP/mine.yaml"
expect_code 3
grep -qx 'leg_weakness: no' "$TMP/mine.yaml" || fail "the new answer was not recorded: $(cat "$TMP/mine.yaml")"
for line in '# My answers, written by hand on Monday.' 'saddle_numbness: no    # checked twice' \
            "bladder_bowel_change: 'n'" 'has_massage_gun: yes   # the blue one'; do
  grep -qxF -- "$line" "$TMP/mine.yaml" || fail "lost the line: $line"
done
[ "$(stat -c %a "$TMP/mine.yaml")" = 644 ] || fail "recording changed the mode to $(stat -c %a "$TMP/mine.yaml")"

# "back" stops at the answers taken from the file: it says so and changes nothing.
cp "$TMP/before.yaml" "$TMP/mine.yaml"
ask 'back\nquit\n' --resume "$TMP/mine.yaml"
expect_code 3
expect_out "came from"
cmp -s "$TMP/mine.yaml" "$TMP/before.yaml" || fail "back over the file's answers changed the file"
# An answer typed now, taken back and typed again, is replaced where it stands, comments kept.
grep -v -e has_massage_gun -e bladder_bowel_change "$TMP/before.yaml" >"$TMP/mine.yaml"
ask 'no\nback\nyes\n\n' --resume "$TMP/mine.yaml"
expect_code 0
[ "$(grep -c '^bladder_bowel_change:' "$TMP/mine.yaml")" = 1 ] && grep -q '^bladder_bowel_change: yes' "$TMP/mine.yaml" ||
  fail "the changed answer is not in place: $(cat "$TMP/mine.yaml")"
grep -qxF 'saddle_numbness: no    # checked twice' "$TMP/mine.yaml" || fail "a comment was lost"
"$BIN" assess --answers "$TMP/mine.yaml" --format json >"$TMP/r.json"
json_true "$TMP/r.json" '.disposition == "emergency"' || fail "the edited file does not assess as answered"

# With checklists: the rest of the emergency list comes as one prompt (the file answered two of
# its members); each member's answer goes into the file on its own line, and back takes the
# whole list back out, leaving the file as it was.
cp "$TMP/before.yaml" "$TMP/mine.yaml"
printf 'none\nquit\n' | "$BIN" ask --resume "$TMP/mine.yaml" >"$TMP/out" 2>"$TMP/err"
CODE=$?; OUT=$(cat "$TMP/err")
expect_code 3
expect_out "  1. A leg or foot that is newly weak or getting weaker"
expect_out "  5. The pain began after a serious accident"  # the 5 members the file left
for id in leg_weakness both_legs chest_pain faint_or_belly_pulse major_trauma; do
  grep -qx "$id: no" "$TMP/mine.yaml" || fail "the list's answer to $id was not recorded: $(cat "$TMP/mine.yaml")"
done
grep -qxF 'saddle_numbness: no    # checked twice' "$TMP/mine.yaml" || fail "a comment was lost"
cp "$TMP/mine.yaml" "$TMP/listed.yaml"
printf 'back\nquit\n' | "$BIN" ask --resume "$TMP/mine.yaml" >"$TMP/out" 2>"$TMP/err"
grep -q "came from" "$TMP/err" || fail "back over a list taken from the file should leave it"
cmp -s "$TMP/mine.yaml" "$TMP/listed.yaml" || fail "back over a list taken from the file changed it: $(cat "$TMP/mine.yaml")"
cp "$TMP/before.yaml" "$TMP/mine.yaml"
printf 'none\nback\nquit\n' | "$BIN" ask --resume "$TMP/mine.yaml" >"$TMP/out" 2>"$TMP/err"
grep -q "Took back your answers to the list: Do you have any of these now?" "$TMP/err" || fail "back over a list: $(cat "$TMP/err")"
cmp -s "$TMP/mine.yaml" "$TMP/before.yaml" || fail "back over a list left answers in the file: $(cat "$TMP/mine.yaml")"

# JSON stays JSON, its unused answers kept.
printf '{"saddle_numbness": "no", "bladder_bowel_change": "no",\n "has_massage_gun": "yes"}\n' >"$TMP/mine.json"
ask 'no\nno\nquit\n' --resume "$TMP/mine.json"
expect_code 3
json_true "$TMP/mine.json" '.leg_weakness == "no" and .both_legs == "no" and .has_massage_gun == "yes"' ||
  fail "the JSON record is not JSON with every answer: $(cat "$TMP/mine.json")"

# --record onto a file that holds answers: refused, the file untouched; --force starts again,
# and still writes nothing before the first answer.
cp "$TMP/before.yaml" "$TMP/old.yaml"
ask 'quit\n' --record "$TMP/old.yaml"
expect_code 2
expect_err "already holds answers"
expect_err "--resume $TMP/old.yaml"
cmp -s "$TMP/old.yaml" "$TMP/before.yaml" || fail "a refused --record changed the file"
ask 'quit\n' --record "$TMP/old.yaml" --force
expect_code 3
cmp -s "$TMP/old.yaml" "$TMP/before.yaml" || fail "--record --force emptied the file before any answer"
ask 'no\nquit\n' --record "$TMP/old.yaml" --force
expect_code 3
[ "$(grep -c '^[a-z_]*: ' "$TMP/old.yaml")" = 1 ] || fail "--force did not start a new record: $(cat "$TMP/old.yaml")"
# An empty file may be recorded into; a new record is private (0600).
: >"$TMP/empty.yaml"
ask 'no\nquit\n' --record "$TMP/empty.yaml"
expect_code 3
grep -qx 'saddle_numbness: no' "$TMP/empty.yaml" || fail "recording into an empty file failed"
# A record taken back to no answers (`back` over the first one) holds only its header comments,
# and reads back as no answers: resumed, and assessed as incomplete, not refused as "empty".
ask 'no\nback\nquit\n' --record "$TMP/none.yaml"
expect_code 3
! grep -q '^[a-z_]*: ' "$TMP/none.yaml" || fail "back over the only answer left it recorded: $(cat "$TMP/none.yaml")"
ask 'yes\n' --resume "$TMP/none.yaml"
expect_code 0
grep -qx 'saddle_numbness: yes' "$TMP/none.yaml" || fail "resuming a record with no answers failed: $ERR"
: >"$TMP/blank.yaml"
"$BIN" assess --answers "$TMP/blank.yaml" >"$TMP/out" 2>"$TMP/err"
[ $? = 3 ] || fail "an empty answers file is not 'incomplete' (exit 3): $(cat "$TMP/err")"
ask 'no\nquit\n' --record "$TMP/new.yaml"
[ "$(stat -c %a "$TMP/new.yaml")" = 600 ] || fail "a new record is not private: $(stat -c %a "$TMP/new.yaml")"
# A record that cannot be written is refused before the first question (exit 1, the reason), not
# found out after every answer; a file that cannot be resumed from is refused before the welcome.
ask 'no\nno\nquit\n' --record "$TMP/no/such/folder/rec.yaml"
expect_code 1
expect_err "$TMP/no/such/folder"
grep -qF "Question 1" <<<"$OUT$ERR" && fail "an unwritable --record was found out only after the questions began"
ask 'quit\n' --record "$TMP/quit.yaml"
[ -e "$TMP/quit.yaml" ] && fail "checking --record before the first question left a file"
printf 'pain_score: 11\n' >"$TMP/bad.yaml"
ask 'no\n' --resume "$TMP/bad.yaml"
expect_code 2
grep -qF "questions about a tight" <<<"$OUT$ERR" && fail "the welcome was printed though the resumed file was refused"
# A FHIR QuestionnaireResponse named by both --resume and --record is refused, not overwritten.
cp "$SRC/tests/cli/fixtures/benign.fhir.json" "$TMP/r.fhir.json"
cp "$TMP/r.fhir.json" "$TMP/r.before.json"
ask 'no\nquit\n' --resume "$TMP/r.fhir.json" --record "$TMP/r.fhir.json"
expect_code 2
expect_err "does not write into"
cmp -s "$TMP/r.fhir.json" "$TMP/r.before.json" || fail "the FHIR response was overwritten"
# A byte order mark stays, and the first line's answer is still replaced where it stands.
printf '\xef\xbb\xbfsaddle_numbness: no\n' >"$TMP/bom.yaml"
ask 'back\nno\nno\nquit\n' --resume "$TMP/bom.yaml"
expect_code 3
[ "$(head -c 3 "$TMP/bom.yaml" | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "the byte order mark was lost"
grep -q 'bladder_bowel_change: no' "$TMP/bom.yaml" || fail "no answer recorded into a file with a BOM: $(cat "$TMP/bom.yaml")"
# A layout that cannot be edited safely is refused before the first question, not at an answer.
printf '{saddle_numbness: no, # checked\n bladder_bowel_change: no # twice\n}\n' >"$TMP/odd.yaml"
cp "$TMP/odd.yaml" "$TMP/odd.before"
ask 'no\nquit\n' --resume "$TMP/odd.yaml"
expect_code 2
expect_err "--record OTHER_FILE"
cmp -s "$TMP/odd.yaml" "$TMP/odd.before" || fail "an unusual file was changed"
ask 'no\nquit\n' --resume "$TMP/odd.yaml" --record "$TMP/odd.new.yaml"
expect_code 3
grep -q '^leg_weakness: no' "$TMP/odd.new.yaml" || fail "--record OTHER_FILE did not keep the new answer"
# "back" over an answer taken from the file writes nothing: the file is only changed by an answer.
cp "$TMP/before.yaml" "$TMP/mine.yaml"
touch -d '2020-01-01' "$TMP/mine.yaml"
ask 'back\nquit\n' --resume "$TMP/mine.yaml"
expect_code 3
[ "$(stat -c %Y "$TMP/mine.yaml")" = "$(date -d 2020-01-01 +%s)" ] || fail "back over a resumed answer rewrote the file"
# Standard input is where answers are typed: '-' is refused for both.
ask 'quit\n' --record -
expect_code 2
expect_err "take a file"
finish

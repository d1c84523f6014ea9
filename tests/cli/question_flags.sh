#!/usr/bin/env bash
# assess reads its per-question flags by hand when the line is plain (about 5% faster), and parses
# again with a CLI11 option per question on anything else. Both ways must give the same bytes on
# stdout and stderr and the same exit code, for good lines and bad: BACKTRIAGE_TEST_QUESTION_OPTIONS=1
# forces the second way.
source "$(dirname "$0")/lib.bash" "$@"
export BACKTRIAGE_CACHE_DIR=off

printf 'pain_score: 99\n' >"$TMP/bad.yaml"
# A rule base with a question named like the global --color: assess gives it a flag of its own.
mkdir "$TMP/colour"
sed 's/id: side/id: color/; s/choices: \[left, right, both\]/choices: [never, always, both]/' \
  "$SRC/docs/examples/tiny/base.yaml" >"$TMP/colour/base.yaml"
sed 's/side in \[left, right\]/color in [never, always]/; s/side != both/color != both/' \
  "$SRC/docs/examples/tiny/rules.yaml" >"$TMP/colour/rules.yaml"
printf 'fever: no\n' >"$TMP/fever-no.yaml"
all_no=(--saddle-numbness no --bladder-bowel-change no --leg-weakness no --both-legs no --chest-pain no
        --faint-or-belly-pulse no --major-trauma no --fever no --infection-risk no --cancer-history no
        --weight-loss no --night-pain no --upper-back-pain no --back-changed-shape no --cough-sneeze-pain no
        --blood-thinners no --numbness no --pain-spreads-to-legs no --pain-score 4 --swelling no --bone-pain no
        --osteoporosis-or-steroids no --age 40 --days-since-onset 2 --getting-worse no --cannot-cope no
        --morning-stiffness no --exercise-pain no --acute-injury yes --cold-makes-stiffer no
        --has-foam-roller no --has-massage-gun yes --sits-a-lot no)

lines=(
  # good lines, in every spelling of a flag and among the other options
  "assess ${all_no[*]}"
  "assess ${all_no[*]} --format json"
  "assess --format json ${all_no[*]} -v"
  "--color never assess ${all_no[*]} --format markdown"
  "--rules=$SRC/rules assess --fever=yes --pain-score=6"
  "assess --fever yes --rules $SRC/rules --format json"
  "assess --saddle-numbness unsure --format json"
  "assess --days-since-onset 2w --age 70"
  "assess --fever YES --explain self_care"
  "assess --answers $TMP/fever-no.yaml --fever yes"
  "assess --answer fever=yes --fever yes --format json"
  "assess --fever yes --fever yes"
  # refused answers (exit 2 after the parse) and incomplete ones (exit 3)
  "assess --fever yes --fever no"
  "assess --answer fever=yes --fever no"
  "assess --fever maybe"
  "assess --pain-score 11"
  "assess --fever=yes=no"
  "assess --fever yes --answers $TMP/bad.yaml"
  # words the hand reader leaves to CLI11
  "assess --fevr yes"
  "assess --FEVER yes"
  "assess --pain_score 3"
  "assess ---fever yes"
  "assess --fever"
  "assess --fever --age 3"
  "assess --age -3"
  "assess --fever yes no"
  "assess --pain-score="
  "assess --pain-score= 3"
  "assess foo --fever yes"
  "assess --fever yes -- x"
  "--fever yes assess"
  "--fever=yes assess --age 3"
  "assess --fever yes --format"
  "assess --format yaml --fever yes"
  "assess --fever yes --rules"
  "assess --fever yes --version"
  "assess --fever yes --help"
  "assess --output $TMP/no/such/folder/out --fever yes"
  "assess --fever assess"
  "assess --age 3 assess --fever yes"
  "assess --fever rules"
  "assess --answer fever=yes 3"
  "assess --explain --fever yes"
  "assess --fever yes --color"
  # an option between a flag and its value; "++", which ends a command's words in CLI11
  "assess --fever --format json yes"
  "assess --fever -v yes"
  "assess --fever --color never yes --pain-score 6"
  "assess --fever --explain self_care yes"
  "assess --pain-score --rules $SRC/rules 6"
  "assess --age --rules=$SRC/rules never"
  "assess ++ --fever yes"
  "assess --fever no ++ --pain-score 6"
  "--color never assess ++ --fever yes"
  # a question's flag that is also a global option's name
  "--rules $TMP/colour assess --color always --format json"
  "--rules=$TMP/colour assess --color=never --pain-score 3"
  "--rules=$TMP/colour --color never assess --color always"
)
# And random lines of flags, values, options and stray words (a fixed seed: the same lines each run).
tokens=(--fever --fever=yes --fever= --age --age=3 --pain-score --pain-score=12 --saddle-numbness --fevr
        yes no unsure 3 -3 12 2w "" assess rules -- -v --format json markdown --explain self_care
        --answer fever=no --color never --rules "$SRC/rules" --help ++)
RANDOM=20
for _ in $(seq 150); do
  line="assess"
  for _ in $(seq $((RANDOM % 7 + 1))); do line+=" ${tokens[RANDOM % ${#tokens[@]}]}"; done
  lines+=("$line")
done

for line in "${lines[@]}"; do
  read -r -a words <<<"$line"
  "$BIN" "${words[@]}" >"$TMP/out1" 2>"$TMP/err1"
  code1=$?
  BACKTRIAGE_TEST_QUESTION_OPTIONS=1 "$BIN" "${words[@]}" >"$TMP/out2" 2>"$TMP/err2"
  code2=$?
  OUT=$(cat "$TMP/out1") ERR=$(cat "$TMP/err1")
  [ "$code1" = "$code2" ] || fail "exit $code1 read by hand, $code2 with an option per question: $line"
  cmp -s "$TMP/out1" "$TMP/out2" || fail "stdout differs: $line"
  cmp -s "$TMP/err1" "$TMP/err2" || fail "stderr differs: $line"
done

# The hand reader does read: what the flags say decides (not the same bytes by accident).
run assess "${all_no[@]}" --format json
expect_code 0
expect_out '"disposition": "self_care"'
run assess "${all_no[@]/--fever/--fever=yes}" --format json
expect_code 2  # "--fever=yes no": the stray "no" is refused
run assess --fever=yes --format json
expect_code 3
expect_out '"fever": "yes"'
run assess "${all_no[@]}" --saddle-numbness yes --format json
expect_code 2
expect_err "give 'saddle_numbness' different answers (no, then yes)"
run assess --saddle-numbness=yes --format json
expect_code 0  # an emergency needs no more answers
expect_out '"disposition": "emergency"'
run --rules "$TMP/colour" assess --color always --format json
expect_code 3
expect_out '"color": "always"'
run assess --fevr yes
expect_code 2
expect_err "'backtriage assess' has no option --fevr (did you mean '--fever'?)"
finish

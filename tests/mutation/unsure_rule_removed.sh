#!/usr/bin/env bash
# "Not sure" is proved: removing the rule of an unsure answer fails its row of the SPEC §3 table
# (unsure would silently act as no), and an unsure rule that concludes more than yes does fails the
# built-in order no <= unsure <= yes; each with a runnable counterexample.
source "$(dirname "$0")/lib.bash" "$@"
remove_rule unsure.yaml fever_unsure
run --rules "$MUT" rules check
expect_code 0
run --rules "$MUT" rules verify --max-examples 1
expect_code 1
expect_out "FAIL fever_unsure_is_at_least_see_doctor: Not being sure about fever always means at least seeing a doctor"
expect_out "FAIL fever_unsure_alone_is_see_doctor"
expect_out "ok   unsure order of fever"
expect_out "--answer fever=unsure"
counterexample_reproduces '"disposition": "self_care"'

cp "$SRC/rules/unsure.yaml" "$MUT/"
mutate unsure.yaml "s.replace('''    when: cancer_history == unsure
    then:
      red_flag:
        text: \"Not sure whether you have ever had cancer\"
        disposition: see_doctor''', '''    when: cancer_history == unsure
    then:
      red_flag:
        text: \"Not sure whether you have ever had cancer\"
        disposition: emergency''', 1)"
run --rules "$MUT" rules verify --max-examples 1
expect_code 1
expect_out "FAIL unsure order of cancer_history: no <= unsure <= yes in disposition, whatever the other answers"
expect_out "answering yes instead of unsure to 'cancer_history' lowers the disposition from emergency to urgent"
expect_out "21 questions accepting unsure: no <= unsure <= yes in disposition proved for 20, failed for 1"
counterexample_reproduces '"disposition": "emergency"'
run --rules "$MUT" rules verify --format json
jq -e '.ok == false and ([.unsure_order[] | select(.holds == false) | .question] == ["cancer_history"])' >/dev/null <<<"$OUT" ||
  fail "verify JSON does not name the question out of order"
finish

#!/usr/bin/env bash
# Completion comes from the command definitions (backtriage __complete): every command and option,
# values per option and per question type, the rule base's ids, files with spaces; and the bash,
# zsh and fish scripts of `backtriage completion SHELL` each offer them in their shell.
source "$(dirname "$0")/lib.bash" "$@"
mkdir -p "$TMP/bin" && ln -s "$BIN" "$TMP/bin/backtriage"
export PATH="$TMP/bin:$PATH"
offers() {  # WORDS...: what __complete prints after its first line, joined by commas
  "$BIN" __complete "$@" | tail -n +2 | paste -sd, -
}
kind() { "$BIN" __complete "$@" | head -1; }
has() {  # LIST WORD
  grep -qx -- "$2" <<<"${1//,/$'\n'}"
}
expect_offer() {  # WORD WORDS...: the completion of WORDS offers WORD
  local word=$1
  shift
  has "$(offers "$@")" "$word" || fail "'$*' does not offer $word: $(offers "$@")"
}
expect_not_offered() {
  local word=$1
  shift
  has "$(offers "$@")" "$word" && fail "'$*' offers $word"
}
for w in ask assess batch rules export completion; do expect_offer "$w" ""; done
expect_not_offered __complete ""
expect_offer --pain-score assess --pain
expect_offer --pain-spreads-to-legs assess --pain
[ "$(offers assess --fever "")" = "yes,no,unsure" ] || fail "a question that takes unsure: $(offers assess --fever "")"
[ "$(offers assess --acute-injury "")" = "yes,no" ] || fail "a question without unsure: $(offers assess --acute-injury "")"
[ "$(offers assess --pain-score "")" = "0,1,2,3,4,5,6,7,8,9,10" ] || fail "a 0-10 number: $(offers assess --pain-score "")"
[ "$(offers assess --pain-score 1)" = "1,10" ] || fail "numbers starting 1: $(offers assess --pain-score 1)"
[ "$(kind assess --answer sadd)" = words-nospace ] || fail "--answer ID= should wait for its value"
[ "$(offers assess --answer sadd)" = "saddle_numbness=" ] || fail "--answer sadd: $(offers assess --answer sadd)"
[ "$(offers assess --answer saddle_numbness=)" = "saddle_numbness=yes,saddle_numbness=no,saddle_numbness=unsure" ] ||
  fail "--answer saddle_numbness=: $(offers assess --answer saddle_numbness=)"
[ "$(offers assess --answer pain_score=3 fev)" = "fever=" ] || fail "a second --answer: $(offers assess --answer pain_score=3 fev)"
expect_offer massage_gun assess --explain massage
expect_offer emergency assess --explain emer
expect_not_offered saddle_numbness assess --explain saddle
[ "$(offers assess --format=j)" = "--format=json" ] || fail "--format=j: $(offers assess --format=j)"
[ "$(offers assess --format MA)" = "" ] || fail "values are offered as written: $(offers assess --format MA)"
[ "$(offers rules verify --format "")" = "text,json" ] || fail "rules verify --format: $(offers rules verify --format "")"
[ "$(offers rules doc --format "")" = "html,markdown" ] || fail "rules doc --format: $(offers rules doc --format "")"
[ "$(offers batch --detail "")" = "compact,full" ] || fail "batch --detail: $(offers batch --detail "")"
[ "$(offers completion "")" = "bash,zsh,fish" ] || fail "completion: $(offers completion "")"
[ "$(offers --color "")" = "auto,always,never" ] || fail "--color: $(offers --color "")"
for o in --strict --format --output --help --rules --color; do expect_offer "$o" rules check --; done
expect_not_offered --summary batch --
[ "$(offers export fhir "")" = "" ] || fail "export fhir takes no argument: $(offers export fhir "")"
expect_offer --url export fhir --
for id in emergency saddle_numbness severe_pain_see_doctor massage_gun; do expect_offer "$id" rules show ""; done
[ "$(offers rules list "")" = "questions,dispositions,options,rules" ] || fail "rules list: $(offers rules list "")"
[ "$(kind rules test "")" = files ] || fail "rules test takes files"
[ "$(kind assess --answers "")" = files ] || fail "--answers takes a file"
[ "$(kind --rules "")" = folders ] || fail "--rules takes a folder"
[ "$(offers --rules "$SRC/docs/examples/tiny" assess --si)" = "--side" ] || fail "--rules was not used for the flags"
[ "$(offers rules ch)" = check ] || fail "rules ch: $(offers rules ch)"
expect_offer --format rules check --strict --f
expect_offer --rules rules check --strict --r   # a global option after the command

# The scripts, as `backtriage completion SHELL` prints them (the files installed), in their shells.
mkdir -p "$TMP/work" && cd "$TMP/work" && : >"my answers.yaml"
backtriage completion bash >"$TMP/completion.bash"
cmp -s "$TMP/completion.bash" "$SRC/completions/backtriage.bash" || fail "completion bash is not completions/backtriage.bash"
bash_offers() {  # WORDS...: COMPREPLY for the last word, as bash splits a line at '='
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _backtriage; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$TMP/completion.bash" backtriage "$@" | paste -sd, -
}
[ "$(bash_offers assess --fever "")" = "yes,no,unsure" ] || fail "bash --fever: $(bash_offers assess --fever "")"
[ "$(bash_offers assess --format = j)" = "json" ] || fail "bash --format=j: $(bash_offers assess --format = j)"
[ "$(bash_offers assess --answer saddle_numbness = u)" = "unsure" ] ||
  fail "bash --answer saddle_numbness=u: $(bash_offers assess --answer saddle_numbness = u)"
[ "$(bash_offers assess --answers my)" = "my answers.yaml" ] || fail "bash, a file with a space: $(bash_offers assess --answers my)"
[ "$(bash_offers rules "")" = "check,verify,graph,doc,diff,show,test,list" ] || fail "bash rules: $(bash_offers rules "")"

backtriage completion zsh >"$TMP/_backtriage"
cmp -s "$TMP/_backtriage" "$SRC/completions/_backtriage" || fail "completion zsh is not completions/_backtriage"
zsh_offers() {  # WORDS...: what _backtriage hands to compadd (or "files")
  zsh -f -c '
    compdef() { : }
    compadd() { while [[ $1 == -* ]]; do [[ $1 == -- ]] && { shift; break }; [[ $1 == -S ]] && shift; shift; done; print -l -- "$@" }
    _files() { print -- "files$*" }
    source "$1"; shift
    words=(backtriage "$@"); CURRENT=$#words
    _backtriage' _ "$TMP/_backtriage" "$@" | paste -sd, -
}
[ "$(zsh_offers assess --fever "")" = "yes,no,unsure" ] || fail "zsh --fever: $(zsh_offers assess --fever "")"
[ "$(zsh_offers assess --format=j)" = "--format=json" ] || fail "zsh --format=j: $(zsh_offers assess --format=j)"
[ "$(zsh_offers --rules "")" = "files-/" ] || fail "zsh --rules: $(zsh_offers --rules "")"
[ "$(zsh_offers rules l)" = "list" ] || fail "zsh rules l: $(zsh_offers rules l)"

backtriage completion fish >"$TMP/backtriage.fish"
cmp -s "$TMP/backtriage.fish" "$SRC/completions/backtriage.fish" || fail "completion fish is not completions/backtriage.fish"
fish_offers() {  # COMMAND-LINE: what fish offers at its end
  HOME=$TMP XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data fish --no-config -c \
    "source $TMP/backtriage.fish; complete -C '$1'" | cut -f1 | paste -sd, -
}
# fish sorts what it offers.
[ "$(fish_offers 'backtriage assess --fever ')" = "no,unsure,yes" ] || fail "fish --fever: $(fish_offers 'backtriage assess --fever ')"
[ "$(fish_offers 'backtriage rules l')" = "list" ] || fail "fish rules l: $(fish_offers 'backtriage rules l')"
[ "$(fish_offers 'backtriage assess --answers my')" = "my answers.yaml" ] ||
  fail "fish, a file with a space: $(fish_offers 'backtriage assess --answers my')"
finish

# bash completion for backtriage: subcommands, options, and the ids of the rule base in use
# (question flags, --answer ID=, --explain ID), read from `backtriage rules list`.
# Installed to share/bash-completion/completions/backtriage.

_backtriage_ids() {  # KIND RULES_DIR
  local args=(rules list "$1")
  [ -n "$2" ] && args=(--rules "$2" "${args[@]}")
  "${COMP_WORDS[0]}" "${args[@]}" 2>/dev/null | cut -f1
}

_backtriage() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD - 1]}
  local cmd="" sub="" rules_dir="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      --rules) rules_dir=${COMP_WORDS[i + 1]} ;;
      ask | assess | rules | batch | export) [ -z "$cmd" ] && cmd=${COMP_WORDS[i]} ;;
      check | test | list | verify | graph | show | doc) [ "$cmd" = rules ] && [ -z "$sub" ] && sub=${COMP_WORDS[i]} ;;
    esac
  done
  COMPREPLY=()
  case $prev in
    --rules) COMPREPLY=($(compgen -d -- "$cur")); return ;;
    --answers | --input | --output | --cases | --record | --resume) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --format)
      case $sub in
        doc) COMPREPLY=($(compgen -W "html markdown" -- "$cur")) ;;
        graph) COMPREPLY=($(compgen -W "dot mermaid" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "text json markdown" -- "$cur")) ;;
      esac
      return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    --detail) COMPREPLY=($(compgen -W "compact full" -- "$cur")); return ;;
    --explain)
      COMPREPLY=($(compgen -W "$(_backtriage_ids options "$rules_dir") $(_backtriage_ids dispositions "$rules_dir") $(_backtriage_ids rules "$rules_dir")" -- "$cur"))
      return ;;
    --answer)
      COMPREPLY=($(compgen -W "$(_backtriage_ids questions "$rules_dir" | sed 's/$/=/')" -- "$cur"))
      compopt -o nospace 2>/dev/null
      return ;;
  esac
  if [ "$cmd" = assess ] && [[ $prev == --* ]] && [[ $cur != -* ]]; then
    # The value of a per-question flag, as `rules show` gives what it accepts: yes and no, and
    # unsure where the question accepts it; nothing to offer for numbers.
    local q=${prev#--} accepts args=(rules show)
    q=${q//-/_}
    if _backtriage_ids questions "$rules_dir" | grep -qx "$q"; then
      [ -n "$rules_dir" ] && args=(--rules "$rules_dir" "${args[@]}")
      accepts=$("${COMP_WORDS[0]}" "${args[@]}" "$q" 2>/dev/null | sed -n 's/^  answers: //p')
      case $accepts in
        "yes, no or unsure") COMPREPLY=($(compgen -W "yes no unsure" -- "$cur")) ;;
        "yes or no") COMPREPLY=($(compgen -W "yes no" -- "$cur")) ;;
        *) COMPREPLY=() ;;
      esac
      return
    fi
  fi
  case $cmd in
    "") COMPREPLY=($(compgen -W "ask assess batch rules export --rules --color --help --version" -- "$cur")) ;;
    batch) COMPREPLY=($(compgen -W "--input --output --detail --help" -- "$cur")) ;;
    export) COMPREPLY=($(compgen -W "fhir clips jre --url --cases --help" -- "$cur")) ;;
    ask) COMPREPLY=($(compgen -W "--record --resume --force --verbose --output --format --help --rules --color" -- "$cur")) ;;
    assess)
      local flags
      flags=$(_backtriage_ids questions "$rules_dir" | sed 's/_/-/g; s/^/--/')
      COMPREPLY=($(compgen -W "--answers --answer --format --explain --output --help --rules --color $flags" -- "$cur")) ;;
    rules)
      case $sub in
        "") COMPREPLY=($(compgen -W "check test verify graph list show doc --help" -- "$cur")) ;;
        doc) COMPREPLY=($(compgen -W "--format --output --no-graph --help --rules" -- "$cur")) ;;
        show) COMPREPLY=($(compgen -W "$(_backtriage_ids rules "$rules_dir") $(_backtriage_ids questions "$rules_dir") $(_backtriage_ids options "$rules_dir")" -- "$cur")) ;;
        test) COMPREPLY=($(compgen -f -- "$cur")) ;;
        list) COMPREPLY=($(compgen -W "questions dispositions options rules" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "--help --rules" -- "$cur")) ;;
      esac ;;
  esac
}
complete -F _backtriage backtriage

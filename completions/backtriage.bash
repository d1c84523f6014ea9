# bash completion for backtriage. What to offer comes from the program itself
# (`backtriage __complete WORDS...`), read from its command definitions and the rule base in use,
# so this script never needs to change when a command, an option or a question does.
# Installed as share/bash-completion/completions/backtriage; also printed by
# `backtriage completion bash` (for ~/.bashrc: eval "$(backtriage completion bash)").

_backtriage() {
  # bash splits "--format=js" and "pain_score=no" at '='; the program wants them whole.
  local words=() i w
  for ((i = 1; i <= COMP_CWORD; i++)); do
    w=${COMP_WORDS[i]}
    if ((${#words[@]} > 0)) && { [ "$w" = "=" ] || [[ ${COMP_WORDS[i - 1]} == "=" ]]; }; then
      words[-1]+=$w
    else
      words+=("$w")
    fi
  done
  ((${#words[@]} > 0)) || words=("")
  local cur=${words[-1]} reply=()
  mapfile -t reply < <("${COMP_WORDS[0]}" __complete "${words[@]}" 2>/dev/null)
  COMPREPLY=()
  case ${reply[0]-} in
    files) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
    folders) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
    words | words-nospace)
      [ "${reply[0]}" = words-nospace ] && compopt -o nospace 2>/dev/null
      COMPREPLY=("${reply[@]:1}")
      # bash replaces only what follows the last '=' of the word being completed.
      if [[ $cur == *=* ]]; then
        local before=${cur%=*}=
        COMPREPLY=("${COMPREPLY[@]#"$before"}")
      fi ;;
  esac
}
complete -F _backtriage backtriage

# fish completion for backtriage. What to offer comes from the program itself
# (`backtriage __complete WORDS...`), read from its command definitions and the rule base in use.
# Installed as share/fish/vendor_completions.d/backtriage.fish; also printed by
# `backtriage completion fish` (backtriage completion fish | source).

function __backtriage_complete
    set -l before (commandline -opc)
    set -l current (commandline -ct)
    set -l reply ($before[1] __complete $before[2..-1] "$current" 2>/dev/null)
    switch "$reply[1]"
        case files
            __fish_complete_path "$current"
        case folders
            __fish_complete_directories "$current"
        case 'words*'
            printf '%s\n' $reply[2..-1]
    end
end

complete -c backtriage -f -a '(__backtriage_complete)'

#!/usr/bin/env bash
# At the prompt, a line editor (libedit): arrow keys move in the line instead of printing ^[[D,
# Up brings back an earlier answer, Ctrl-D on an empty line ends the input; and the terminal is
# left as it was found, whether the questionnaire ends, is left with Ctrl-D or with Ctrl-C.
source "$(dirname "$0")/tmux.bash" "$@"
REAL=$BIN
cat >"$TMP/wrap" <<WRAP
#!/usr/bin/env bash
stty -g >"$TMP/stty.before"
"$REAL" "\$@"
code=\$?
stty -g >"$TMP/stty.after"
exit \$code
WRAP
chmod +x "$TMP/wrap"
BIN=$TMP/wrap
terminal_restored() {
  for _ in $(seq 50); do [ -s "$TMP/stty.after" ] && break; sleep 0.1; done
  cmp -s "$TMP/stty.before" "$TMP/stty.after" ||
    { echo "FAIL: $1: the terminal settings changed: $(cat "$TMP/stty.before") -> $(cat "$TMP/stty.after")"; failures=$((failures + 1)); }
}

start
wait_for "Question 1"
keys -l "yno"
keys Left Left BSpace Enter   # "yno", back two, delete the y: "no"
wait_for "Question 2"
screen | grep -qF '^[[' && { echo "FAIL: an arrow key printed its escape sequence"; failures=$((failures + 1)); }
screen | grep -qx "> no *" || { echo "FAIL: the edited answer is not on the screen as 'no'"; failures=$((failures + 1)); }
keys Up Enter                 # the answer before, again
wait_for "Question 3"
[ "$(screen | grep -cx "> no *")" = 2 ] || { echo "FAIL: Up did not bring back 'no'"; screen | tail; failures=$((failures + 1)); }
keys C-d
expect_exit 3
wait_for "input ended before the questions were finished"
terminal_restored "Ctrl-D"

rm -f "$TMP/stty.after"
start
wait_for "Question 1"
keys -l "no"
keys C-c
expect_exit 130
terminal_restored "Ctrl-C"
finish

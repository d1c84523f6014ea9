# Helpers to drive the questionnaire in a real terminal: tmux runs it, send-keys types,
# capture-pane reads the screen. Each test uses its own tmux server (socket), killed at exit.
# usage in a script: source "$(dirname "$0")/tmux.bash" "$@"
set -uo pipefail
BIN=$(realpath -- "$1")
command -v tmux >/dev/null || { echo "tmux is not installed (./dev test installs it)"; exit 77; }
TMP=$(mktemp -d)
SOCK=""
sessions=0
failures=0
cleanup() {
  local i
  for ((i = 1; i <= sessions; i++)); do tmux -L "bt-$$-$i" kill-server 2>/dev/null; done
  rm -rf "$TMP"
}
trap cleanup EXIT

# start ENV... : runs `backtriage ${CMD:-ask} $ASK_ARGS` in a ${COLS:-100}x${ROWS:-60} terminal; its exit code lands in $TMP/code.
# Every start gets a server of its own: reusing a socket right after kill-server races with the
# old server's shutdown ("server exited unexpectedly").
start() {
  [ -n "$SOCK" ] && tmux -L "$SOCK" kill-server 2>/dev/null
  sessions=$((sessions + 1))
  SOCK="bt-$$-$sessions"
  rm -f "$TMP/code"
  tmux -L "$SOCK" -f /dev/null new-session -d -x ${COLS:-100} -y ${ROWS:-60} \
    "cd '$TMP' && env $* '$BIN' ${CMD:-ask} ${ASK_ARGS:-}; echo \$? > '$TMP/code'; sleep 60"
}
screen() { tmux -L "$SOCK" capture-pane -p -J -S -2000; }
# What is on the screen now, without what scrolled off it.
visible() { tmux -L "$SOCK" capture-pane -p; }
# The screen as one line, spaces squeezed: for text that the report fills to the width.
flowing() { screen | tr '\n' ' ' | tr -s ' '; }
screen_with_escapes() { tmux -L "$SOCK" capture-pane -p -e -J -S -2000; }
type_line() { tmux -L "$SOCK" send-keys -l -- "$1"; tmux -L "$SOCK" send-keys Enter; }
keys() { tmux -L "$SOCK" send-keys "$@"; }
# wait_for TEXT: until the screen shows TEXT (10 s at most).
wait_for() {
  for _ in $(seq 100); do
    screen | grep -qF -- "$1" && return 0
    sleep 0.1
  done
  echo "FAIL: the screen never showed: $1"
  echo "--- screen:"; screen | tail -25
  failures=$((failures + 1))
  return 1
}
# exit_code: waits for the program to end and prints its exit code.
exit_code() {
  for _ in $(seq 100); do
    [ -s "$TMP/code" ] && { cat "$TMP/code"; return; }
    sleep 0.1
  done
  echo "none"
}
expect_exit() {
  local got
  got=$(exit_code)
  [ "$got" = "$1" ] || { echo "FAIL: exit code $got, expected $1"; failures=$((failures + 1)); }
}
finish() { [ "$failures" = 0 ] && echo "ok" || { echo "$failures failure(s)"; exit 1; }; }

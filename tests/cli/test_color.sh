#!/bin/bash
# Colour only on a terminal, never with NO_COLOR.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
"$QUFA" init >/dev/null || fail "init"
esc=$(printf '\033')

# piped: no colour
run "$QUFA" orgs
grep -q "$esc" "$T/out" && fail "colour on a pipe"
run "$QUFA" frobnicate
grep -q "$esc" "$T/err" && fail "colour on a piped stderr"

# on a terminal (script(1) gives the command a pty): colour, unless NO_COLOR is set
script -qec "$QUFA orgs" /dev/null >tty.out 2>&1 </dev/null
grep -q "$esc\[1m" tty.out || fail "no colour on a terminal: $(cat -v tty.out)"
NO_COLOR=1 script -qec "$QUFA orgs" /dev/null >tty.out 2>&1 </dev/null
grep -q "$esc" tty.out && fail "colour despite NO_COLOR: $(cat -v tty.out)"
NO_COLOR=1 script -qec "$QUFA frobnicate" /dev/null >tty.out 2>&1 </dev/null
grep -q "$esc" tty.out && fail "coloured error despite NO_COLOR: $(cat -v tty.out)"
script -qec "$QUFA frobnicate" /dev/null >tty.out 2>&1 </dev/null
grep -q "$esc\[1;31m" tty.out || fail "no coloured error on a terminal: $(cat -v tty.out)"
echo "ok"

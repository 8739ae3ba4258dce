#!/bin/bash
# Text from outside (an argument, a pack, what restricted code prints) reaches the terminal
# with its control characters and invalid UTF-8 shown as \xNN: an escape sequence in a shared
# pack cannot retitle, recolour or rewrite the user's terminal. (Line breaks pass: a command
# may put a hint on the line after its error.) A trusted script's own output is the user's
# business and passes unchanged.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
"$QUFA" init >/dev/null || fail "init"
ESC=$(printf '\033')

# an error echoing an argument
run "$QUFA" members --org "$(printf 'gy1\033]0;pwned\007\nsecond line')"
expect_rc 2
expect_err 'org gy1\x1B]0;pwned\x07'
expect_err 'second line does not exist'
! grep -q "$ESC" "$T/err" || fail "an escape character reached stderr"
run "$QUFA" members --org "$(printf 'gy1\r\033[2K')"
expect_err 'org gy1\x0D\x1B[2K does not exist'
! grep -q "$(printf '\r')" "$T/err" || fail "a carriage return reached stderr"
# invalid UTF-8 in an argument
run "$QUFA" standards show "$(printf 'X\xff\xc0\xaf')"
expect_rc 2
expect_err 'there is no standard X\xFF\xC0\xAF'

# a pack whose error message carries escapes and line breaks
printf 'error("bad\\27[2J\\27]52;c;cHduZWQ=\\7\\nsecond line")\n' >evil.lua
run "$QUFA" standards load evil.lua
expect_rc 2
expect_err 'evil.lua:1: bad\x1B[2J\x1B]52;c;cHduZWQ=\x07'
! grep -q "$ESC" "$T/err" || fail "an escape character reached stderr"

# restricted code printing escapes (C1 controls too), and its failure with a traceback
printf 'print("a\\27[31mred", "tab\\tok", "\\194\\155c1")\nprint("line\\nbreak")\nerror("x\\27y")\n' >print.lua
run "$QUFA" run --restricted print.lua
expect_rc 2
expect_out 'a\x1B[31mred	tab	ok	\xC2\x9Bc1'
expect_out 'break'
expect_err 'print.lua:3: x\x1By'
! grep -q "$ESC" "$T/out" "$T/err" || fail "an escape character reached the terminal"

# the same script, trusted: its output is the user's own
run "$QUFA" run print.lua
expect_rc 2
grep -q "a${ESC}\[31mred" "$T/out" || fail "trusted print was changed: $(cat "$T/out")"
echo "ok"

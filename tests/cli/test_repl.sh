#!/bin/bash
# qufa repl: each statement in its own savepoint; values printed; errors shown and survived.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
"$QUFA" init >/dev/null || fail "init"
printf '%s\n' \
    'db:add_org{kind="committee", code="jg", name="机关党委"}' \
    '1 + 1' \
    'for i = 1, 2 do' \
    '  print("line", i)' \
    'end' \
    'db:add_org{kind="branch", code="b1", name="b", parent="jg"}; error("undo this statement")' \
    'db:org("b1")' \
    'db:org("jg").name' \
    'this is not lua' >input
run "$QUFA" repl <input
expect_rc 0
expect_out "org #1 jg 机关党委"
expect_out "2"
expect_out "line	2"
expect_out "nil"
expect_out "机关党委"
expect_err "undo this statement"
expect_err "syntax error"
printf 'print(db:org("b1"), db:org("jg") ~= nil)\n' >check.lua
run "$QUFA" run check.lua
expect_out "nil	true"

printf 'for i = 1, 2 do\n' | { run "$QUFA" repl; }
printf 'for i = 1, 2 do\n' >incomplete
run "$QUFA" repl <incomplete
expect_rc 2
expect_err "incomplete statement"
echo "ok"

#!/bin/bash
# Global options, help for every command, usage errors, languages.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

run "$QUFA" --version
expect_rc 0
expect_out "qufa 0."

run "$QUFA" --help
expect_rc 0
expect_out "Usage: qufa"
expect_out "Exit status"
# every command listed in the help has its own --help, answered without a database
commands=$(sed -n 's/^  \([a-z]\+\)  .*/\1/p' "$T/out")
[ -n "$commands" ] || fail "no commands in --help"
for c in $commands; do
    run "$QUFA" "$c" --help
    expect_rc 0
    expect_out "Usage: qufa $c"
done
[ ! -e qufa.db ] || fail "help created a database" # (PostgreSQL: no file either way)

run "$QUFA"
expect_rc 2
run "$QUFA" frobnicate
expect_rc 2
expect_err "unknown command 'frobnicate'"
run "$QUFA" --frob orgs
expect_rc 2
expect_err "unknown option '--frob'"
run "$QUFA" --db
expect_rc 2
expect_err "needs a value"

# no database yet
run "$QUFA" orgs
expect_rc 2
expect_err "does not exist (create it with 'qufa init')"

run "$QUFA" init
expect_rc 0
expect_out "created ./qufa.db"
if on_sqlite; then
    [ -f qufa.db ] || fail "init did not create qufa.db"
    [ "$(stat -c %a qufa.db)" = 600 ] || fail "qufa.db is not private"
fi
run "$QUFA" init
expect_rc 0
expect_out "is a qufa database"
run "$QUFA" init extra
expect_rc 2

# --db, --db=PATH and $QUFA_DB
run "$QUFA" --db=other.db init
expect_rc 0
expect_out "created other.db"
QUFA_DB=env.db run "$QUFA" init
expect_rc 0
expect_out "created env.db"

# a date that does not exist
run "$QUFA" --today 2017-02-30 orgs
expect_rc 2
expect_err "'2017-02-30' is not a valid date: 2017-02 has no day 30"
run "$QUFA" --today 17-1-1 orgs
expect_rc 2
expect_err "is not a date"

# languages: QUFA_LANG and --lang choose Chinese or English
QUFA_LANG=zh run "$QUFA" frobnicate
expect_rc 2
expect_err "未知命令"
QUFA_LANG=zh run "$QUFA" --today 2017-02-30 orgs
expect_err "不是有效日期"
run "$QUFA" --lang zh frobnicate
expect_err "未知命令"
QUFA_LANG=zh run "$QUFA" --lang en frobnicate
expect_err "unknown command"
run "$QUFA" --lang fr orgs
expect_rc 2
expect_err "not supported"
echo "ok"

#!/bin/sh
# Runs one tests/lua/*.lua file through the host: a fresh database, today 2017-09-05,
# actor "tester", English messages. With QUFA_TEST_DB_URL set the database is a fresh
# PostgreSQL one (tests/pg_lib.sh), else an SQLite file.
set -eu
qufa=$1
test=$2
dir=$(mktemp -d)
db="$dir/t.db"
if [ -n "${QUFA_TEST_DB_URL:-}" ]; then
    # shellcheck source=tests/pg_lib.sh
    . "$(dirname "$0")/../pg_lib.sh"
    trap 'pg_cleanup; rm -rf "$dir"' EXIT
    db=$(pg_new)
else
    trap 'rm -rf "$dir"' EXIT
fi
export QUFA_LANG=en
LUA_PATH="$(dirname "$test")/lib/?.lua;;"
export LUA_PATH
"$qufa" --db "$db" init >/dev/null
# QUFA_WRAPPER (e.g. "valgrind --error-exitcode=99 …") runs the script under a checker
# shellcheck disable=SC2086
${QUFA_WRAPPER:-} "$qufa" --db "$db" --today 2017-09-05 --as tester run "$test"

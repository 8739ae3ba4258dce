# shellcheck shell=bash
# Shared by tests/cli/test_*.sh: sourced with the qufa executable as $1. Each test runs in a
# fresh temporary directory with English messages and no colour unless it asks otherwise.
set -u
export QUFA=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export QUFA_LANG=en
unset QUFA_DB NO_COLOR

# On PostgreSQL (QUFA_TEST_DB_URL set, see tests/pg_run.sh) $QUFA runs qufa on a database of
# the server for each file a test names, and prints those names where qufa prints the URLs: a
# test runs unchanged on both backends. What only a file has is tested with on_sqlite.
PG=""
if [ -n "${QUFA_TEST_DB_URL:-}" ]; then
    PG=1
    # shellcheck source=tests/pg_lib.sh
    . "$(dirname "${BASH_SOURCE[0]}")/../pg_lib.sh"
    pg_wrap "$1" "$(dirname "${BASH_SOURCE[0]}")/.."
    trap 'pg_drop_mapped; rm -rf "$T"' EXIT
fi

# on_sqlite: true when the test runs on SQLite files (their modes, the sqlite3 shell)
on_sqlite() {
    [ -z "$PG" ]
}

# db_sql DB SQL: runs SQL on the database DB (a file name) behind qufa's back
db_sql() {
    if on_sqlite; then
        sqlite3 "$1" "$2"
    else
        psql -X -q -v ON_ERROR_STOP=1 "$(pg_db_url "$1")" -c "$2" >/dev/null
    fi
}

# db_query DB SQL: what SQL selects from the database DB (a file name), one row a line, the
# columns separated by '|' (as the sqlite3 shell prints them)
db_query() {
    if on_sqlite; then
        sqlite3 "$1" "$2"
    else
        psql -X -q -At -v ON_ERROR_STOP=1 "$(pg_db_url "$1")" -c "$2"
    fi
}

# db_copy FROM TO: a copy of the database FROM under the name TO
db_copy() {
    if on_sqlite; then
        cp "$1" "$2"
    else
        local from to
        from=$(pg_db_url "$1")
        to=$(pg_db_url "$2")
        psql -X -q -v ON_ERROR_STOP=1 "$QUFA_TEST_DB_URL" \
            -c "DROP DATABASE \"$(basename "${to%%\?*}")\"" \
            -c "CREATE DATABASE \"$(basename "${to%%\?*}")\" TEMPLATE \"$(basename "${from%%\?*}")\"" \
            >/dev/null
    fi
}

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# run CMD...: runs it, keeping stdout in $T/out, stderr in $T/err, the exit code in $rc
run() {
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
}

expect_rc() {
    [ "$rc" -eq "$1" ] || fail "expected exit $1, got $rc; stderr: $(cat "$T/err"); stdout: $(cat "$T/out")"
}
expect_out() {
    grep -qF -- "$1" "$T/out" || fail "stdout lacks '$1': $(cat "$T/out")"
}
expect_err() {
    grep -qF -- "$1" "$T/err" || fail "stderr lacks '$1': $(cat "$T/err")"
}
expect_no_err() {
    ! grep -qF -- "$1" "$T/err" || fail "stderr has '$1': $(cat "$T/err")"
}

# A digest of the database's content (schema and rows), to prove a failure wrote nothing.
content() {
    if on_sqlite; then
        sqlite3 "$1" .dump | sha256sum
    else
        pg_content "$(pg_db_url "$1")"
    fi
}

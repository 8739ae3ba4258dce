# shellcheck shell=bash
# Shared by tests/reports/test_*.sh: the fixture database (fixture.lua, today 2017-09-05) and
# golden files in tests/reports/golden (QUFA_UPDATE_GOLDEN=1 rewrites them).
set -u
QUFA=$1
HERE=$(cd "$(dirname "$0")" && pwd)
GOLDEN=$HERE/golden
# on PostgreSQL (QUFA_TEST_DB_URL set) qufa runs on a database of the server standing for each
# file (tests/pg_qufa.sh): the same golden files must come out
if [ -n "${QUFA_TEST_DB_URL:-}" ]; then
    # shellcheck source=tests/pg_lib.sh
    . "$HERE/../pg_lib.sh"
    pg_wrap "$QUFA" "$HERE/.."
fi
# db_sql DB SQL [PG_SQL]: runs SQL on the database DB (a file name) behind qufa's back; PG_SQL
# instead on PostgreSQL when the two dialects need different text (a blob literal)
db_sql() {
    if [ -n "${QUFA_TEST_DB_URL:-}" ]; then
        psql -X -q -v ON_ERROR_STOP=1 "$(pg_db_url "$1")" -c "${3:-$2}" >/dev/null
    else
        sqlite3 "$1" "$2"
    fi
}
# drop_pg: at the end of a test, the server's databases it used (nothing on SQLite)
drop_pg() {
    if [ -n "${QUFA_TEST_DB_URL:-}" ]; then pg_drop_mapped; fi
}
trap drop_pg EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# make_fixture DB: a fresh database with the fixture's records
make_fixture() {
    rm -f "$1"
    "$QUFA" --db "$1" init >/dev/null || fail "init"
    "$QUFA" --db "$1" --today 2017-09-05 --as tester run "$HERE/fixture.lua" || fail "fixture"
}

# golden NAME FILE: FILE equals golden/NAME (or becomes it with QUFA_UPDATE_GOLDEN=1)
golden() {
    if [ -n "${QUFA_UPDATE_GOLDEN:-}" ]; then
        cp "$2" "$GOLDEN/$1"
        return
    fi
    [ -f "$GOLDEN/$1" ] || fail "golden file $GOLDEN/$1 is missing (QUFA_UPDATE_GOLDEN=1 creates it)"
    cmp -s "$GOLDEN/$1" "$2" || fail "$1 differs from the golden file:
$(diff "$GOLDEN/$1" "$2" | head -40)"
}

# expect_fail CODE NEEDLE CMD...: the command exits with CODE and says NEEDLE on stderr
expect_fail() {
    local code=$1 needle=$2
    shift 2
    local err rc
    err=$("$@" 2>&1 >/dev/null)
    rc=$?
    [ "$rc" -eq "$code" ] || fail "$* exited $rc, wanted $code: $err"
    case $err in
        *"$needle"*) ;;
        *) fail "$* said '$err', wanted '$needle'" ;;
    esac
}

# shellcheck shell=sh
# Fresh PostgreSQL databases for the shell tests when they run on PostgreSQL (QUFA_TEST_DB_URL
# set, see tests/pg_run.sh): sourced by tests/cli/lib.sh and tests/lua/run.sh.

# pg_url NAME: the URL of database NAME on the test server (QUFA_TEST_DB_URL with its database
# replaced: postgresql:///postgres?host=/dir becomes postgresql:///NAME?host=/dir)
# (pg_url_of NAME sets pg_dburl to it instead, starting no process)
pg_url_of() {
    pg_prefix=${QUFA_TEST_DB_URL%%\?*}
    pg_rest=${pg_prefix#*://}                     # host and path after the scheme
    pg_auth=${pg_prefix%"$pg_rest"}${pg_rest%%/*} # scheme://host, without the database
    pg_dburl=$pg_auth/$1${QUFA_TEST_DB_URL#"$pg_prefix"}
}
pg_url() {
    pg_url_of "$1"
    printf '%s\n' "$pg_dburl"
}

# pg_abs PATH: sets pg_path to PATH made absolute, its . and .. segments resolved and repeated
# slashes dropped (as `realpath -m` does for paths without symbolic links, which the tests do
# not use). pg_mapped KEY: sets pg_mname to the database name the map (QUFA_PG_MAP) gives the
# absolute path KEY, or to nothing. Both set a variable instead of printing, and start no
# process: tests/pg_qufa.sh runs them for every call of qufa.
pg_abs() {
    case $1 in
    /*) pg_in=$1 ;;
    *) pg_in=$PWD/$1 ;;
    esac
    pg_path=""
    while [ -n "$pg_in" ]; do
        pg_seg=${pg_in%%/*}
        if [ "$pg_seg" = "$pg_in" ]; then pg_in=""; else pg_in=${pg_in#*/}; fi
        case $pg_seg in
        "" | .) ;;
        ..) pg_path=${pg_path%/*} ;;
        *) pg_path=$pg_path/$pg_seg ;;
        esac
    done
    pg_path=${pg_path:-/}
}

pg_tab='	'
pg_mapped() {
    pg_mname=""
    [ -f "$QUFA_PG_MAP" ] || return 0
    while IFS="$pg_tab" read -r pg_key pg_mname; do
        [ "$pg_key" = "$1" ] && return 0
    done <"$QUFA_PG_MAP"
    pg_mname=""
}

pg_made=""
pg_count=0
# pg_new: creates an empty database for this test (dropped by pg_cleanup) and prints its URL
pg_new() {
    pg_count=$((pg_count + 1))
    pg_name="qt_$$_${pg_count}"
    psql -X -q -v ON_ERROR_STOP=1 "$QUFA_TEST_DB_URL" -c "CREATE DATABASE \"$pg_name\"" \
        >/dev/null || return 1
    pg_made="$pg_made $pg_name"
    pg_url "$pg_name"
}

# pg_cleanup: drops the databases pg_new made
pg_cleanup() {
    for pg_name in $pg_made; do
        psql -X -q "$QUFA_TEST_DB_URL" -c "DROP DATABASE IF EXISTS \"$pg_name\" WITH (FORCE)" \
            >/dev/null 2>&1
    done
    pg_made=""
}

# pg_wrap QUFA TESTS: makes $QUFA the wrapper that runs QUFA on PostgreSQL databases standing
# for the files a test names (TESTS/pg_qufa.sh, TESTS the tests/ directory); pg_drop_mapped
# drops them at the end.
pg_wrap() {
    QUFA_REAL=$1
    QUFA_PG_MAP=$(mktemp "${TMPDIR:-/tmp}/qufa-pgmap.XXXXXX")
    QUFA=$(cd "$2" && pwd)/pg_qufa.sh
    export QUFA_REAL QUFA_PG_MAP QUFA
}

# pg_db_url PATH: the URL of the database standing for PATH (made if new)
pg_db_url() {
    QUFA_REAL=/bin/false "$QUFA" --db "$1" >/dev/null 2>&1
    pg_abs "$1"
    pg_mapped "$pg_path"
    pg_url "$pg_mname"
}

pg_drop_mapped() {
    [ -n "${QUFA_PG_MAP:-}" ] && [ -f "$QUFA_PG_MAP" ] || return 0
    cut -f2 "$QUFA_PG_MAP" | while read -r pg_name; do
        psql -X -q "$QUFA_TEST_DB_URL" -c "DROP DATABASE IF EXISTS \"$pg_name\" WITH (FORCE)" \
            >/dev/null 2>&1
    done
    rm -f "$QUFA_PG_MAP" "$QUFA_PG_MAP.lock"
}

# pg_content URL: a digest of every table's rows (the same content gives the same digest), in
# one psql session (\gexec runs the name and the rows of each table in turn): one connection
# per table made a test that takes many digests spend its time connecting. Rows are ordered by
# their whole text: ordered by the first column alone, rows sharing it (sync_entry's branch)
# came in whatever order the table was read, and the same content could digest differently
pg_content() {
    psql -X -At -v ON_ERROR_STOP=1 "$1" <<'SQL' | sha256sum
SELECT format('SELECT %L', '== ' || tablename),
       format('COPY (SELECT * FROM %I t ORDER BY t::text) TO STDOUT', tablename)
FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename \gexec
SQL
}

#!/bin/bash
# qufa on PostgreSQL for the shell tests (tests/pg_lib.sh installs it as $QUFA when
# QUFA_TEST_DB_URL is set): every database file a test names (--db PATH, QUFA_DB, the default
# ./qufa.db, demo -o PATH) becomes a PostgreSQL database of its own, made empty the first time
# the test names it; and in what qufa prints, those URLs become the names the test gave again,
# so a test reads the same output whichever backend ran it.
#
# Environment: QUFA_REAL (the qufa executable), QUFA_PG_MAP (the test's file of path -> database
# name lines), QUFA_TEST_DB_URL (the server).
set -u
real=$QUFA_REAL
map=$QUFA_PG_MAP
# shellcheck source=tests/pg_lib.sh
. "${BASH_SOURCE[0]%/*}/pg_lib.sh"

# Every call of qufa in a pg test goes through here, so it starts no process of its own but
# qufa and the two filters of its output: the 18 that realpath, awk, flock, wc and sed took
# before were 230 ms of CPU a call, six times qufa's own (tests/pg_lib.sh: pg_abs, pg_mapped).

# url_of PATH: sets url to the URL standing for PATH, the database made when new
url_of() {
    pg_abs "$1"
    pg_mapped "$pg_path"
    if [ -z "$pg_mname" ]; then
        # made once: under the lock, looked up again (another call of the test may have made it)
        exec 9>>"$map.lock"
        flock 9
        pg_mapped "$pg_path"
        if [ -z "$pg_mname" ]; then
            local n=0
            [ -f "$map" ] && while IFS= read -r _; do n=$((n + 1)); done <"$map"
            pg_mname="qt_$(basename "$map" | tr -c 'a-z0-9_\n' '_')_$((n + 1))"
            psql -X -q -v ON_ERROR_STOP=1 "$QUFA_TEST_DB_URL" -c "CREATE DATABASE \"$pg_mname\"" \
                >/dev/null || exit 70
            printf '%s\t%s\n' "$pg_path" "$pg_mname" >>"$map"
        fi
        flock -u 9
    fi
    pg_url_of "$pg_mname"
    url=$pg_dburl
}

# the database arguments, and what to print instead of their URLs
urls=()
shown=()
add() { # PATH as given -> its URL in $url
    url_of "$1"
    urls+=("$url")
    shown+=("$1")
}

args=()
command=""
expect_db=0
expect_out=0
for a in "$@"; do
    if [ "$expect_db" = 1 ] || [ "$expect_out" = 1 ]; then
        # demo -o .../qufa.db is refused by qufa itself: keep it as a file
        if [ "$expect_out" = 1 ] && [ "$(basename -- "$a")" = qufa.db ]; then
            args+=("$a")
        else
            add "$a"
            args+=("$url")
        fi
        expect_db=0
        expect_out=0
        continue
    fi
    case $a in
    --db) [ -z "$command" ] && expect_db=1 ;;
    --db=?*)
        if [ -z "$command" ]; then
            add "${a#--db=}"
            a="--db=$url"
        fi
        ;;
    -o | --output) [ "$command" = demo ] && expect_out=1 ;;
    -*) ;;
    *) [ -z "$command" ] && command=$a ;;
    esac
    args+=("$a")
done
if [ "$command" = demo ] && ! printf '%s\n' "$@" | grep -qx -e '-o' -e '--output'; then
    add qufa-demo.db # the demo's default file
    args+=(-o "$url")
fi
db_env=${QUFA_DB:-./qufa.db}
add "$db_env"
QUFA_DB=$url
export QUFA_DB

# sed script turning each URL back into the name the test gave (escaped without a process:
# every character sed's pattern or replacement reads specially gets a backslash)
sed_escape() { # TEXT CHARS: sets escaped to TEXT with each of CHARS preceded by a backslash
    local text=$1 c i
    escaped=""
    for ((i = 0; i < ${#text}; i++)); do
        c=${text:i:1}
        [[ $2 == *"$c"* ]] && escaped+="\\"
        escaped+=$c
    done
}
script=""
for i in "${!urls[@]}"; do
    sed_escape "${urls[$i]}" '][\.*^$/&|'
    u=$escaped
    sed_escape "${shown[$i]}" '\&|'
    s=$escaped
    script="${script}s|'$u'|$s|g;s|$u|$s|g;" # (qufa quotes a URL it shows as an argument)
done

# on a terminal (tests of colour and of the interactive shell), nothing between qufa and it
if [ -t 1 ] || [ -t 2 ]; then
    exec "$real" "${args[@]}"
fi
exec 3> >(sed -u "$script" >&2)
err_pid=$!
"$real" "${args[@]}" 2>&3 | sed -u "$script"
rc=${PIPESTATUS[0]}
exec 3>&-
wait "$err_pid" # all of stderr is out before the test reads it
exit "$rc"

#!/bin/bash
# docs/writing-procedures.md runs as written: its `visit.lua` block is saved as visit.lua, and
# every "$ command" line of its ```console blocks runs in one shell, in order, with its output
# (stdout and stderr, as a terminal shows them) compared to the lines under it.
doc="$(cd "$(dirname "$0")/../.." && pwd)/docs/writing-procedures.md"
qufa_bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/bin"
ln -s "$qufa_bin" "$T/bin/qufa"
PATH="$T/bin:$PATH"

# the procedure: the ```lua block whose first line names visit.lua
awk '/^```lua$/ { getline first; if (first ~ /^-- visit\.lua/) { print first; inblock = 1 }; next }
     inblock && /^```$/ { exit }
     inblock { print }' "$doc" > visit.lua
grep -q 'qufa.procedure' visit.lua || fail "no visit.lua block in $doc"
[ "$(wc -l < visit.lua)" -le 12 ] || fail "the tutorial's procedure is longer than promised"

# the session: "$ cmd" lines and the output expected after each
awk '/^```console$/ { on = 1; next } on && /^```$/ { on = 0; next } on { print }' "$doc" > session
commands=0
last=0
expected=""
cmd=""
check() {
    [ -n "$cmd" ] || return 0
    (exit "$last")
    eval "$cmd" > "$T/got" 2>&1
    last=$?
    printf '%s' "$expected" > "$T/want"
    if ! diff -u "$T/want" "$T/got" > "$T/diff"; then
        fail "'$cmd' printed something else than the documentation shows:
$(cat "$T/diff")"
    fi
    commands=$((commands + 1))
}
while IFS= read -r line; do
    if [[ $line == '$ '* ]]; then
        check
        cmd=${line#'$ '}
        expected=""
    else
        expected+="$line"$'\n'
    fi
done < session
check
[ "$commands" -ge 12 ] || fail "only $commands commands found in the tutorial"
[ -s tutorial.db ] || fail "the session wrote no database"
echo "ok: $commands commands of the tutorial"

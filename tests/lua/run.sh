#!/bin/sh
# Runs one tests/lua/*.lua file through the host: a fresh database, today 2017-09-05,
# actor "tester", English messages.
set -eu
qufa=$1
test=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export QUFA_LANG=en
LUA_PATH="$(dirname "$test")/lib/?.lua;;"
export LUA_PATH
"$qufa" --db "$dir/t.db" init >/dev/null
# QUFA_WRAPPER (e.g. "valgrind --error-exitcode=99 …") runs the script under a checker
# shellcheck disable=SC2086
${QUFA_WRAPPER:-} "$qufa" --db "$dir/t.db" --today 2017-09-05 --as tester run "$test"

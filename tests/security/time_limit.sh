#!/bin/bash
# QUFA_TIME_LIMIT: the user (trusted) sets the wall time per run of restricted code; restricted
# code cannot. A bad value is exit 2 and one line before anything runs; 1 s stops a loop of
# slow calls at 1 s; 11 s lets a run go past the default 10 s and stops it at 11 s. Only the
# limit named in the message is asserted, never how fast anything was.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
"$QUFA" --db t.db init >/dev/null || fail "init"
before=$(content t.db)
# each call is a safe point and takes a while; the instructions between two are few, so the
# wall time, not the instruction count, is what ends the loop
echo 'while true do db:add_workdays("2017-01-01", 1000) end' >slow.lua

for bad in abc 0 0.5 3601 10s -3; do
	QUFA_TIME_LIMIT=$bad run "$QUFA" --db t.db run --restricted slow.lua
	expect_rc 2
	expect_err "QUFA_TIME_LIMIT: '$bad' is not a number of seconds from 1 to 3600"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "QUFA_TIME_LIMIT=$bad: not one line: $(cat "$T/err")"
done

QUFA_TIME_LIMIT=1 run timeout 300 "$QUFA" --db t.db run --restricted slow.lua
expect_rc 2
expect_err "time limit exceeded (1.0 s)"

QUFA_TIME_LIMIT=11 run timeout 300 "$QUFA" --db t.db run --restricted slow.lua
expect_rc 2
expect_err "time limit exceeded (11.0 s)"

# restricted code cannot reach the setting: no os, so no os.getenv, let alone a setenv
echo 'assert(os == nil); print("ok")' >env.lua
run "$QUFA" --db t.db run --restricted env.lua
expect_rc 0
expect_out "ok"

[ "$(content t.db)" = "$before" ] || fail "the database changed"
echo "ok: QUFA_TIME_LIMIT"

#!/bin/bash
# Two processes writing one database at once. Each `qufa run` script and each import is one
# transaction that takes the write lock (BEGIN IMMEDIATE); the other writer waits for it up to
# the busy timeout (5 s), and readers never wait (WAL).
#   1. A script writing 1000 members in a loop while a second writer (imports of 5 members each,
#      or scripts when this build has no import) keeps writing, and readers list members and
#      verify the audit log throughout: every reader succeeds; every writer succeeds, or (on a
#      machine so loaded that the other's transaction outlasts the busy timeout) stops with
#      exit 2 and "busy … retry" having written nothing; every write that succeeded is there.
#   2. A writer that holds the lock longer than the busy timeout: the second writer gives up
#      after about 5 s with exit 2 and "busy … retry", having written nothing; a reader is
#      still served at once; the first writer's members are all there.
# Then: PRAGMA integrity_check and foreign_key_check, and qufa audit verify.
set -u
QUFA=$(readlink -f "$1")
PROBE=$(readlink -f "$2")
here=$(cd "$(dirname "$0")" && pwd)
export QUFA_LANG=en NO_COLOR=1
T=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$T"' EXIT
DB=$T/c.db
q() { "$QUFA" --db "$DB" --today 2017-09-05 "$@"; }
fail() { touch "$T/release" 2>/dev/null; echo "concurrency: FAIL: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
count() { # members whose code starts with $1-
	q run "$T/count.lua" "$1" | tail -n 1
}

q init >/dev/null || fail "init"
printf '%s\n' 'local jg = db:add_org{kind="committee", code="jg", name="机关党委"}' \
	'local b = db:add_org{kind="branch", code="gy1", name="一部", parent=jg}' \
	'db:add_org{kind="group", code="gy1-g1", name="第一党小组", parent=b}' >"$T/orgs.lua"
q run "$T/orgs.lua" >/dev/null || fail "setup"
printf '%s\n' 'local n = 0' \
	'for m in db:members{org = "gy1"} do if m.code:sub(1, #arg[1] + 1) == arg[1] .. "-" then n = n + 1 end end' \
	'print(n)' >"$T/count.lua"

import=false
"$QUFA" import --help >/dev/null 2>&1 && import=true
for k in $(seq 1 8); do
	{
		echo "name,code,status,since,org,group"
		for i in $(seq 1 5); do echo "导入$k-$i,B-$k-$i,full,2017-01-01,gy1,gy1-g1"; done
	} >"$T/b$k.csv"
done

# ---- 1. a long writer and a second writer at the same time, readers throughout -------------
q run "$here/add_members.lua" A 1000 >"$T/a.out" 2>&1 &
a_pid=$!
(
	for k in $(seq 1 8); do
		if $import; then
			q import members "$T/b$k.csv" >/dev/null 2>"$T/b$k.err"
		else
			q run "$here/add_members.lua" "B-$k" 5 >/dev/null 2>"$T/b$k.err"
		fi
		echo "$k $?"
	done
) >"$T/b.out" 2>&1 &
b_pid=$!
readers_ok=0 readers_failed=0
while kill -0 "$a_pid" 2>/dev/null || kill -0 "$b_pid" 2>/dev/null; do
	if q members --org gy1 >/dev/null 2>>"$T/r.err" && q audit verify >/dev/null 2>>"$T/r.err"; then
		readers_ok=$((readers_ok + 1))
	else
		readers_failed=$((readers_failed + 1))
	fi
done
wait "$a_pid" || fail "the looping writer failed: $(cat "$T/a.out")"
wait "$b_pid"
[ "$readers_failed" -eq 0 ] || fail "$readers_failed readers failed: $(head -n 3 "$T/r.err")"
[ "$(count A)" = 1000 ] || fail "A: $(count A) members, not 1000"
ok=0 busy=0
while read -r k rc; do
	n=$(count "B-$k")
	if [ "$rc" = 0 ]; then
		[ "$n" = 5 ] || fail "second writer, file $k: succeeded but $n of 5 members are there"
		ok=$((ok + 1))
	elif [ "$rc" = 2 ] && grep -q "busy.*retry" "$T/b$k.err"; then
		[ "$n" = 0 ] || fail "second writer, file $k: told to retry but wrote $n members"
		busy=$((busy + 1))
	else
		fail "second writer, file $k: exit $rc: $(cat "$T/b$k.err")"
	fi
done <"$T/b.out"
[ $((ok + busy)) = 8 ] || fail "second writer: $((ok + busy)) of 8 commands accounted for"
second=$($import && echo "8 imports" || echo "8 scripts")
echo "concurrency: a script writing 1000 members and $second of 5 at once: $ok succeeded, $busy told to retry (nothing written), every write there; $readers_ok reads in between, none held up"

# ---- 2. a writer holding the lock past the busy timeout ----------------------------------
q run "$here/add_members.lua" H 3 120 "$T/holding" "$T/release" >"$T/h.out" 2>&1 &
h_pid=$!
for _ in $(seq 1 300); do # until the holder says it holds the lock
	[ -e "$T/holding" ] && break
	sleep 0.1
done
[ -e "$T/holding" ] || fail "the holder did not start: $(cat "$T/h.out")"
t0=$(now_ms)
q members --org gy1 >/dev/null || fail "a reader failed while the lock was held"
read_ms=$(($(now_ms) - t0))
# (a reader that waited for the writer would take the 5 s busy timeout, then fail)
[ "$read_ms" -lt 4500 ] || fail "a reader waited $read_ms ms for the writer"
t0=$(now_ms)
q run "$here/add_members.lua" W 1 >"$T/w.out" 2>"$T/w.err"
rc=$?
waited=$(($(now_ms) - t0))
touch "$T/release"
[ "$rc" -eq 2 ] || fail "the second writer: exit $rc, not 2: $(cat "$T/w.err")"
grep -q "busy.*retry" "$T/w.err" || fail "the second writer was not told to retry: $(cat "$T/w.err")"
if [ "$waited" -lt 4000 ] || [ "$waited" -ge 15000 ]; then
	fail "the second writer gave up after $waited ms (busy timeout 5000)"
fi
wait "$h_pid" || fail "the holder failed: $(cat "$T/h.out")"
[ "$(count H)" = 3 ] || fail "the holder's members are not all there"
[ "$(count W)" = 0 ] || fail "the refused writer wrote something"
echo "concurrency: a writer holding the lock: a reader served in $read_ms ms; the second writer gave up after $waited ms with: $(head -n 1 "$T/w.err" | cut -c1-100)"

# ---- the database afterwards -------------------------------------------------------------
"$PROBE" integrity "$DB" >/dev/null || fail "integrity check"
q audit verify >/dev/null || fail "audit verify: $(q audit verify 2>&1)"
echo "concurrency: integrity_check ok, audit verified"

#!/bin/bash
# Crash consistency: kills (SIGKILL) each writing command of qufa at random moments and checks
# what the next user of the database finds:
#   - PRAGMA integrity_check and foreign_key_check report nothing (qufa_probe integrity);
#   - `qufa audit verify` passes (the hash chain and every row against its last entry);
#   - the command's writes are wholly present or wholly absent: the record tables (without
#     the audit log and wall-clock columns) equal either the state before the command or the
#     state after an uninterrupted run of it (qufa_probe state).
#
#   run.sh QUFA PROBE [RUNS [SECONDS]]
#
# RUNS (default $QUFA_CRASH_RUNS or 200) are shared round-robin by the operations available;
# the run stops early, with what it did reported, after SECONDS (default $QUFA_CRASH_SECONDS or
# 60). A longer run: QUFA_CRASH_RUNS=5000 QUFA_CRASH_SECONDS=3600 ctest -R reliability.crash.
# A failing database is kept in $QUFA_CRASH_KEEP (default: a directory printed at the end).
# Operations whose command is not in this build of qufa (import, flow advance before they
# land) are listed as not available and skipped; they join as soon as `qufa CMD --help` works.
set -u
QUFA=$1
PROBE=$2
RUNS=${3:-${QUFA_CRASH_RUNS:-200}}
BUDGET=${4:-${QUFA_CRASH_SECONDS:-60}}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
export QUFA_LANG=en NO_COLOR=1
# On a RAM disk when there is one: a kill (unlike a power cut) leaves the page cache to the
# next process, so where the file lives does not change what is tested, only the time fsync takes.
T=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
KEEP=${QUFA_CRASH_KEEP:-$T/failed}
trap 'rm -rf "$T"' EXIT

Q=("$QUFA" --today 2017-09-05 --as crash)
q() { "${Q[@]}" "$@"; }

# ---- the operations: setup_NAME DIR builds DIR/base.db and whatever the command reads;
# ---- cmd_NAME DIR DB sets CMD to the command line that writes to DB (run by the harness
# ---- itself, so that the kill reaches qufa and not a shell around it).

has_command() { "$QUFA" "$1" --help >/dev/null 2>&1; }

# a committee, the branch gy1 and its two groups, as the shipped packs expect
setup_orgs() {
	q --db "$1/base.db" init >/dev/null &&
		printf '%s\n' 'local jg = db:add_org{kind="committee", code="jg", name="机关党委"}' \
			'local b = db:add_org{kind="branch", code="gy1", name="工业标准一部党支部", parent=jg}' \
			'db:add_org{kind="group", code="gy1-g1", name="第一党小组", parent=b}' \
			'db:add_org{kind="group", code="gy1-g2", name="第二党小组", parent=b}' >"$1/orgs.lua" &&
		q --db "$1/base.db" run "$1/orgs.lua" >/dev/null
}

# qufa run: one script writing ~1,500 rows (members, meetings, attendance, minutes)
available_run() { true; }
setup_run() { setup_orgs "$1"; }
cmd_run() { CMD=("${Q[@]}" --db "$2" run "$here/write_many.lua" 150); }

# qufa standards load: the three shipped packs in one command (one transaction)
available_standards() { true; }
setup_standards() { setup_orgs "$1"; }
cmd_standards() {
	CMD=("${Q[@]}" --db "$2" standards load "$src/scripts/packs/regulations.lua"
		"$src/scripts/packs/organ-system.lua" "$src/scripts/packs/branch-gy1.lua")
}

# qufa import: 600 members from one CSV file
available_import() { has_command import; }
setup_import() {
	setup_orgs "$1" || return 1
	{
		echo "name,code,gender,birth_date,phone,status,since,org,group"
		for i in $(seq 1 600); do
			printf '成员%04d,I%04d,%s,1980-03-%02d,139%08d,full,2010-07-01,gy1,gy1-g%d\n' \
				"$i" "$i" "$([ $((i % 2)) = 0 ] && echo female || echo male)" $((1 + i % 28)) \
				"$i" $((1 + i % 2))
		done
	} >"$1/members.csv"
}
cmd_import() { CMD=("${Q[@]}" --db "$2" import members "$1/members.csv"); }

# qufa flow advance: a step with a field and 200 KB of evidence
available_flow() { has_command flow; }
setup_flow() {
	setup_orgs "$1" || return 1
	printf '%s\n' 'db:add_member{name="困难党员", code="A001", status="full", since="2010-03-01", org="gy1", group="gy1-g1"}' \
		>"$1/member.lua" &&
		q --db "$1/base.db" run "$1/member.lua" >/dev/null &&
		q --db "$1/base.db" flow load "$here/procedure.lua" >/dev/null &&
		q --db "$1/base.db" flow start visit --member A001 --date 2017-09-01 >/dev/null &&
		q --db "$1/base.db" flow advance 1 plan --date 2017-09-01 >/dev/null &&
		q --db "$1/base.db" flow advance 1 visit --date 2017-09-04 --set gift=慰问金 >/dev/null &&
		head -c 200000 /dev/urandom | base64 >"$1/report.txt"
}
cmd_flow() {
	CMD=("${Q[@]}" --db "$2" flow advance 1 report --date 2017-09-05 --set summary=已走访
		--artifact "report=$1/report.txt" --note "向支委会报告")
}

# qufa check --save: the assessment written as the check streams (one transaction: its row,
# each branch's findings, then its fingerprint and summary)
available_save() { "$QUFA" check --help 2>&1 | grep -q -- --save; }
setup_save() {
	setup_orgs "$1" &&
		q --db "$1/base.db" run "$here/write_many.lua" 150 >/dev/null &&
		printf '%s\n' 'qufa.standard{code = "XZHY", title = "小组会", effective = "2017-01-01",' \
			'  clauses = {{number = "1", type = "应", text = "每年召开党小组会。",' \
			'    require = qufa.cadence{activity = "group_meeting", per = "year"}}}}' >"$1/pack.lua" &&
		q --db "$1/base.db" standards load "$1/pack.lua" >/dev/null
}
cmd_save() { CMD=("${Q[@]}" --db "$2" check --org crash --period 2017 --save --format json); }

OPS="run standards import flow save"

# ---- the harness ---------------------------------------------------------------------------

now_ms() { date +%s%3N; }
fail_count=0
declare -A done_runs absent present finished dur_ms before after

prepare() { # op: builds its base, runs it once whole to learn its duration and end state
	local op=$1 d="$T/$1"
	mkdir -p "$d"
	"setup_$op" "$d" || { echo "crash: $op: setup failed" >&2; return 1; }
	before[$op]=$("$PROBE" state "$d/base.db") || return 1
	# the median of four uninterrupted runs after a first that warms the caches
	local t0 t1 k state times=()
	for k in 1 2 3 4 5; do
		rm -f "$d"/ref.db*
		cp "$d/base.db" "$d/ref.db"
		t0=$(now_ms)
		"cmd_$op" "$d" "$d/ref.db"
		"${CMD[@]}" >"$d/ref.out" 2>&1 || {
			echo "crash: $op: the uninterrupted run failed:" >&2
			cat "$d/ref.out" >&2
			return 1
		}
		t1=$(now_ms)
		[ "$k" = 1 ] || times+=($((t1 - t0)))
		state=$("$PROBE" state "$d/ref.db") || return 1
		[ "$k" = 1 ] || [ "$state" = "${after[$op]}" ] ||
			{ echo "crash: $op: two uninterrupted runs end in different states" >&2; return 1; }
		after[$op]=$state
	done
	local sorted best
	mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
	best=$(((sorted[1] + sorted[2]) / 2))
	dur_ms[$op]=$((best > 5 ? best : 5))
	[ "${before[$op]}" != "${after[$op]}" ] || { echo "crash: $op: the command wrote nothing" >&2; return 1; }
	done_runs[$op]=0 absent[$op]=0 present[$op]=0 finished[$op]=0
}

keep_failure() { # op, run, why
	local dest="$KEEP/$1-$2"
	mkdir -p "$dest"
	cp "$T/$1"/work.db* "$dest/" 2>/dev/null
	echo "crash: FAIL $1 run $2: $3 (database kept in $dest)" >&2
	fail_count=$((fail_count + 1))
}

one_run() { # op, run number
	local op=$1 n=$2 d="$T/$1"
	rm -f "$d"/work.db*
	cp "$d/base.db" "$d/work.db"
	# a moment uniformly within the uninterrupted duration and a little beyond it (exit and
	# close); every other run within its last quarter, where the commit and checkpoint are
	local max_us=$((dur_ms[$op] * 1100)) us
	us=$(((RANDOM * 32768 + RANDOM) % max_us))
	[ $((done_runs[$op] % 2)) -eq 1 ] || us=$((dur_ms[$op] * 750 + us * 35 / 110))
	"cmd_$op" "$d" "$d/work.db"
	"${CMD[@]}" >/dev/null 2>"$d/err" &
	local pid=$!
	sleep "$((us / 1000000)).$(printf %06d $((us % 1000000)))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null # (no "Killed" notice)
	local rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 137 ]; then
		keep_failure "$op" "$n" "the command failed on its own (exit $rc): $(head -c 300 "$d/err")"
		return
	fi
	# integrity first, on the file exactly as the kill left it (the probe opens it read-only),
	# then the audit chain through qufa (which recovers the WAL as any next user would)
	local why state
	if ! why=$("$PROBE" check "$d/work.db" 2>&1); then
		keep_failure "$op" "$n" "integrity: $why"
		return
	fi
	state=${why##*$'\n'}
	if ! why=$(q --db "$d/work.db" audit verify 2>&1); then
		keep_failure "$op" "$n" "audit verify: $why"
		return
	fi
	if [ "$rc" -eq 0 ]; then
		finished[$op]=$((finished[$op] + 1))
		[ "$state" = "${after[$op]}" ] || keep_failure "$op" "$n" "finished, but the state differs from an uninterrupted run"
	elif [ "$state" = "${before[$op]}" ]; then
		absent[$op]=$((absent[$op] + 1))
	elif [ "$state" = "${after[$op]}" ]; then
		present[$op]=$((present[$op] + 1))
	else
		keep_failure "$op" "$n" "killed at ${us}us: the state is neither before nor after (partly written)"
		"$PROBE" counts "$d/work.db" >&2
	fi
}

ops=() skipped=()
for op in $OPS; do
	if "available_$op"; then
		prepare "$op" || exit 1
		ops+=("$op")
	else
		skipped+=("$op")
	fi
done
[ ${#ops[@]} -gt 0 ] || { echo "crash: no operation available" >&2; exit 1; }

start=$(now_ms)
total=0
while [ "$total" -lt "$RUNS" ]; do
	op=${ops[$((total % ${#ops[@]}))]}
	total=$((total + 1))
	done_runs[$op]=$((done_runs[$op] + 1))
	one_run "$op" "$total"
	[ $(($(now_ms) - start)) -lt $((BUDGET * 1000)) ] || break
done
elapsed=$(($(now_ms) - start))

parts=()
for op in "${ops[@]}"; do
	parts+=("$op ${done_runs[$op]} (killed mid-way: ${absent[$op]} absent, ${present[$op]} present; finished first: ${finished[$op]}; ${dur_ms[$op]} ms whole)")
done
summary=$(printf '%s; ' "${parts[@]}")
[ ${#skipped[@]} -eq 0 ] || summary="$summary not available yet: ${skipped[*]}; "
echo "crash: $total runs in $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s, $fail_count failures: ${summary%; }"
if [ "$total" -lt "$RUNS" ]; then
	echo "crash: stopped after ${BUDGET} s (of $RUNS runs asked)"
fi
if [ "$fail_count" -gt 0 ]; then
	echo "crash: failing databases kept in $KEEP"
	case $KEEP in "$T"/*) trap - EXIT ;; esac
	exit 1
fi

#!/bin/bash
# The adversarial corpus of restricted code (issue 13): tests/security/sandbox_corpus/*.lua,
# one attack a file, tried the way a shared pack or procedure would reach the host. Each file
# says how it runs and what must be said:
#
#   -- via: run | load | check | pack | report | remind-check | rule | flow
#   -- expect: TEXT        a clear error naming the limit (plain text, in the error output or
#                          the finding's message); none for remind-check, whose check
#                          functions' errors are not shown by `qufa remind`
#   -- status: fail        (check, pack) the finding's status when it is not `error`
#   -- exit: N             the exit status when it is not the one below
#
# TEXT may give alternatives, "A | B": Lua's own C-stack limit or the memory cap, whichever a
# deep recursion meets first; "limit exceeded (" is the instruction or the time limit, which
# one depends on how loaded the machine is.
#
#   run           qufa run --restricted FILE                       exit 2, TEXT on stderr
#   load          qufa standards load FILE (its top level)         exit 2, TEXT on stderr
#   check         the file is the body of a check function (org, ctx) of standard ADV;
#                 qufa check --standard ADV                         finding `error`, TEXT
#   pack          the file is a whole pack defining ADV; then as check
#   report        as check, but qufa report compliance -o FILE      exit 0, TEXT in the page
#   remind-check  as check, but qufa remind --dry-run               exit 0
#   rule          the body of a qufa.reminder rule's fn (branch, ctx); qufa remind --dry-run
#                                                                   TEXT on stderr
#   flow          the body of a step's guard (c); flow advance      exit 2, TEXT on stderr
#
# For every case: the command ends (bounded by `timeout`, which is never expected to fire:
# how fast is not asserted), the process was not killed by a signal, its exit status is the
# documented one, the database is byte for byte what it was (qufa_probe's content hash, audit
# log included), and `qufa audit verify` passes afterwards. Cases about the memory cap run with
# QUFA_TIME_LIMIT=3600, so that on a loaded machine the time limit cannot come first.
corpus=$(cd "$(dirname "$0")/sandbox_corpus" && pwd) # before lib.sh changes directory
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
probe=${QUFA_PROBE:-}
hash_of() {
	if ! on_sqlite; then pg_content "$(pg_db_url "$1")"
	elif [ -n "$probe" ]; then "$probe" hash "$1"; else sqlite3 "$1" .dump | sha256sum; fi
}
q() { "$QUFA" --db c.db --today 2017-09-05 --as 测试 "$@"; }

"$QUFA" --db base.db init >/dev/null || fail "init"
cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
local m = db:add_member{name = "张三", code = "M1", status = "full", since = "2010-01-01", org = b,
  phone = "13912345678", birth_date = "1980-03-02", id_number = "110101198003021234"}
db:add_member{name = "李四", code = "M2", status = "full", since = "2012-01-01", org = b}
db:add_activity{org = b, kind = "lecture", title = "党课", starts_at = "2017-03-01 14:30",
  attendance = {{member = m, state = "present"}}}
db:load_standards{name = "nop.lua", text = [[
qufa.standard{code = "NOP", title = "党课", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "每季度一次党课", require = qufa.cadence{activity = "lecture", per = "quarter"}}}}
]]}
LUA
"$QUFA" --db base.db --today 2017-09-05 run setup.lua || fail "setup"

# the wrappers that turn a body into a pack, a reminder rule or a procedure
wrap_check() {
	printf '%s\n' 'qufa.standard{code = "ADV", title = "对抗", effective = "2017-01-01", clauses = {{number = "1",' \
		'  type = "应", text = "case", require = qufa.check{subject = "org", fn = function(org, ctx)'
	cat "$1"
	printf '%s\n' 'end}}}}'
}
wrap_rule() {
	printf '%s\n' 'qufa.reminder{code = "adv", title = "对抗", responsible = "secretary", lead = "0d",' \
		'  subject = "branch", fn = function(branch, ctx)'
	cat "$1"
	printf '%s\n' 'end}'
}
wrap_flow() {
	printf '%s\n' 'qufa.procedure{code = "adv", title = "对抗", subject = "member", steps = {' \
		'  {code = "x", title = "对抗", guard = function(c)'
	cat "$1"
	printf '%s\n' 'end}}}'
}

# the finding of ADV in the JSON of `qufa check`: "status<TAB>message"
adv_finding() {
	/usr/bin/python3 -c '
import json, sys
for f in json.load(sys.stdin)["findings"]:
    if f["standard"] == "ADV":
        print(f["status"] + "\t" + f["message"])' <"$1"
}

n=0
failed=0
bad() {
	echo "FAIL: $name: $*" >&2
	failed=$((failed + 1))
}
# QUFA_CORPUS_ONLY=GLOB runs the cases whose names match (while working on one)
for file in "$corpus"/${QUFA_CORPUS_ONLY:-*}.lua; do
	name=$(basename "$file" .lua)
	via=$(sed -n 's/^-- via: //p' "$file" | head -n 1)
	expect=$(sed -n 's/^-- expect: //p' "$file" | head -n 1)
	status=$(sed -n 's/^-- status: //p' "$file" | head -n 1)
	status=${status:-error}
	exit_want=$(sed -n 's/^-- exit: //p' "$file" | head -n 1)
	n=$((n + 1))
	db_copy base.db c.db
	# whatever the case needs stored before the attack (the pack, the procedure, a case)
	case $via in
	check | report | remind-check)
		wrap_check "$file" >case.lua
		q standards load case.lua >/dev/null 2>prep || { bad "the pack did not load: $(cat prep)"; continue; } ;;
	pack)
		q standards load "$file" >/dev/null 2>prep || { bad "the pack did not load: $(cat prep)"; continue; } ;;
	rule)
		wrap_rule "$file" >case.lua
		q standards load case.lua >/dev/null 2>prep || { bad "the rule did not load: $(cat prep)"; continue; } ;;
	flow)
		wrap_flow "$file" >case.lua
		{ q flow load case.lua && q flow start adv --member M1 --date 2017-09-01; } >/dev/null 2>prep ||
			{ bad "the procedure did not load: $(cat prep)"; continue; } ;;
	esac
	before=$(hash_of c.db)
	rm -f out err page.html
	# a case about the memory cap is about what the code does, not how fast: on a loaded
	# machine (or under ASan) the 10 s wall-time limit could come first, so it gets an hour
	unset QUFA_TIME_LIMIT
	case $expect in
	"memory limit exceeded"*) export QUFA_TIME_LIMIT=3600 ;;
	esac
	case $via in
	run) timeout 300 "$QUFA" --db c.db run --restricted "$file" >out 2>err; rc=$?; want=2 ;;
	load) timeout 300 "$QUFA" --db c.db standards load "$file" >out 2>err; rc=$?; want=2 ;;
	check | pack) timeout 300 "$QUFA" --db c.db --today 2017-09-05 check --org gy1 --period 2017 \
		--standard ADV --format json >out 2>err; rc=$?; want=1 ;;
	report) timeout 300 "$QUFA" --db c.db --today 2017-09-05 report compliance --org gy1 \
		--period 2017 -o page.html >out 2>err; rc=$?; want=0 ;;
	remind-check | rule) timeout 300 "$QUFA" --db c.db --today 2017-09-05 remind --dry-run \
		>out 2>err; rc=$?; want=0 ;;
	flow) timeout 300 "$QUFA" --db c.db --today 2017-09-05 flow advance 1 x --date 2017-09-02 \
		>out 2>err; rc=$?; want=2 ;;
	*) bad "no '-- via:' line"; continue ;;
	esac
	want=${exit_want:-$want}
	if [ "$rc" -eq 124 ]; then
		bad "did not end (stopped by timeout after 300 s)"
		continue
	fi
	if [ "$rc" -ge 128 ]; then
		bad "the host died (exit $rc): $(head -c 300 err)"
		continue
	fi
	[ "$rc" -eq "$want" ] || bad "exit $rc, expected $want: $(head -c 300 err)"
	case $via in
	check | pack)
		adv_finding out >said
		got=$(cat said)
		[ "${got%%	*}" = "$status" ] || bad "finding '$got', expected status $status" ;;
	report) cp page.html said ;;
	remind-check) : >said ;;
	*) cp err said ;;
	esac
	if [ -n "$expect" ]; then
		found=no
		rest=$expect
		while [ -n "$rest" ]; do
			one=${rest%% | *}
			[ "$one" = "$rest" ] && rest="" || rest=${rest#* | }
			grep -qF -- "$one" said && found=yes
		done
		[ "$found" = yes ] || bad "'$expect' is not said: $(head -c 400 said)"
	fi
	[ "$(hash_of c.db)" = "$before" ] || bad "the database changed"
	q audit verify >/dev/null 2>&1 || bad "audit verify failed afterwards"
done
[ -n "${QUFA_CORPUS_ONLY:-}" ] || [ "$n" -ge 50 ] || fail "only $n cases in the corpus"
[ "$failed" -eq 0 ] || fail "$failed of $n cases failed"
echo "ok: $n adversarial cases: each ended with its limit named, the host alive and the database unchanged"

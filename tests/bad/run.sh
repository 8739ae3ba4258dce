#!/bin/bash
# Runs the bad-input corpus (tests/bad/cases.txt) and checks every case ends cleanly:
#   - exit status 2 (a usage or input error, never a crash or an internal error);
#   - the first line of stderr contains the expected text, which names the place (file:line,
#     file:line:column, or the option or field) — help that follows it (a usage text, a Lua
#     traceback, a hint) is not part of the error;
#   - the database is unchanged: the content hash of every table, audit log included.
#
#   run.sh QUFA PROBE [--table FILE] [--doc DOC [--update]] [--only ID]
#
# --table FILE   writes the Markdown table of cases and outcomes (for docs/reliability.md)
# --doc DOC      checks that DOC holds that table between its bad-cases markers; with --update,
#                rewrites it there instead
# Cases that need a command this build of qufa lacks are "pending" (they run once it lands).
set -u
QUFA=$(readlink -f "$1")
PROBE=$(readlink -f "$2")
shift 2
table='' doc='' update='' only=''
while [ $# -gt 0 ]; do
	case $1 in
	--table) table=$2; shift ;;
	--doc) doc=$2; shift ;;
	--update) update=1 ;;
	--only) only=$2; shift ;;
	*) echo "bad: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
here=$(cd "$(dirname "$0")" && pwd)
export QUFA_LANG=en NO_COLOR=1
unset QUFA_DB
T=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$T"' EXIT

has_command() { "$QUFA" "$1" --help >/dev/null 2>&1; }

# The case files, copied so that generators can write next to them; commands run in there,
# so messages name the files as the table does.
cp -r "$here/files" "$T/files"
for gen in "$T"/files/*.sh; do
	[ -e "$gen" ] || continue
	sh "$gen" >"${gen%.sh}" || { echo "bad: generator $gen failed" >&2; exit 1; }
	rm -f "$gen"
done

# The database every case starts from: the demo, and a case of a small procedure when flow
# is there.
q() { "$QUFA" --db "$T/base.db" --today 2017-09-05 --as bad "$@"; }
"$QUFA" --today 2017-09-05 --as bad demo -o "$T/base.db" >/dev/null || { echo "bad: demo failed" >&2; exit 1; }
if has_command flow; then
	started=$(cd "$T/files" && q flow load flow-base.lua >/dev/null &&
		q flow start visit --member GY1-012 --date 2017-09-01) ||
		{ echo "bad: the flow setup failed" >&2; exit 1; }
	# the demo has cases of its own, so the visit case's number is read, and {case} in
	# cases.txt stands for it
	visit_case=$(printf '%s\n' "$started" | sed -n 's/.*[Cc]ase \([0-9][0-9]*\).*/\1/p' | head -n 1)
	[ -n "$visit_case" ] || { echo "bad: no case number in: $started" >&2; exit 1; }
fi
base_hash=$("$PROBE" hash "$T/base.db") || exit 1

md_escape() { printf '%s' "$1" | sed 's/|/\\|/g'; }

passed=0 failed=0 pending=0 total=0
rows=()
section=
while IFS= read -r line; do
	case $line in
	'## '*)
		section=${line#'## '}
		rows+=("" "**${section}**" "")
		continue ;;
	'#'* | '') continue ;;
	esac
	IFS='|' read -r id needs cmd expected <<<"$line"
	id=$(echo "$id" | xargs) needs=$(echo "$needs" | xargs)
	cmd=${cmd# } cmd=${cmd% } expected=${expected# }
	cmd=${cmd//\{case\}/$visit_case} expected=${expected//\{case\}/$visit_case}
	[ -z "$only" ] || [ "$only" = "$id" ] || continue
	total=$((total + 1))
	inputs=()
	if [ "$needs" != "-" ] && ! has_command "$needs"; then
		pending=$((pending + 1))
		outcome="pending: needs \`qufa $needs\`"
	else
		words=()
		eval "words=($cmd)"
		args=()
		for w in "${words[@]}"; do
			if [ "${w#@}" != "$w" ]; then
				inputs+=("${w#@}")
				w=${w#@}
			fi
			args+=("$(printf '%b' "$w")")
		done
		rm -f "$T"/case.db*
		cp "$T/base.db" "$T/case.db"
		(cd "$T/files" && timeout 120 "$QUFA" --db "$T/case.db" --today 2017-09-05 --as bad \
			"${args[@]}") >"$T/out" 2>"$T/err"
		rc=$?
		first=$(head -n 1 "$T/err")
		why=
		if [ "$rc" -ne 2 ]; then
			why="exit $rc, not 2"
		elif [[ $first != *"$expected"* ]]; then
			why="the first line of the error lacks the expected text"
		elif ! after=$("$PROBE" hash "$T/case.db" 2>&1) || [ "$after" != "$base_hash" ]; then
			why="the database changed"
		fi
		if [ -z "$why" ]; then
			passed=$((passed + 1))
			outcome="exit 2, database unchanged"
		else
			failed=$((failed + 1))
			outcome="FAILS: $why"
			{
				echo "bad: FAIL $id: $why"
				echo "  command:  qufa $cmd"
				echo "  expected: $expected"
				sed 's/^/  stderr:   /' "$T/err" | head -n 8
			} >&2
		fi
	fi
	links=
	for f in "${inputs[@]}"; do
		if [ -e "$here/files/$f" ] || [ -e "$here/files/$f.sh" ]; then
			[ -e "$here/files/$f" ] && src=$f || src=$f.sh
			links="${links:+$links, }[$f](../tests/bad/files/$src)"
		else
			links="${links:+$links, }$f (missing on purpose)"
		fi
	done
	rows+=("$id" "$(md_escape "${links:--}")" "\`qufa $(md_escape "$cmd")\`" "\`$(md_escape "$expected")\`" "$outcome")
done <"$here/cases.txt"

summary="bad: $total cases: $passed passed, $failed failed, $pending pending (their command is not in this build)"
echo "$summary"

render() {
	echo "| case | input | command | expected error (first line) | outcome |"
	echo "| --- | --- | --- | --- | --- |"
	local i
	for ((i = 0; i < ${#rows[@]}; )); do
		if [ -z "${rows[i]}" ]; then
			echo "| ${rows[i + 1]} | | | | |"
			i=$((i + 3))
		else
			echo "| ${rows[i]} | ${rows[i + 1]} | ${rows[i + 2]} | ${rows[i + 3]} | ${rows[i + 4]} |"
			i=$((i + 5))
		fi
	done
	echo
	echo "${summary#bad: }."
}
[ -z "$table" ] || render >"$table"
if [ -n "$doc" ]; then
	render >"$T/table"
	begin='<!-- bad-cases:begin (generated by tests/bad/run.sh --update; do not edit) -->'
	end='<!-- bad-cases:end -->'
	if ! grep -qF "$begin" "$doc" || ! grep -qF "$end" "$doc"; then
		echo "bad: $doc lacks the markers" >&2
		exit 1
	fi
	{
		sed "/^<!-- bad-cases:begin/q" "$doc"
		cat "$T/table"
		sed -n '/^<!-- bad-cases:end -->/,$p' "$doc"
	} >"$T/doc"
	if [ -n "$update" ]; then
		cp "$T/doc" "$doc"
		echo "bad: $doc updated"
	elif ! diff -u "$doc" "$T/doc" >"$T/diff"; then
		echo "bad: $doc is not current; run: tests/bad/run.sh QUFA PROBE --doc $doc --update" >&2
		head -n 40 "$T/diff" >&2
		exit 1
	fi
fi
[ "$failed" -eq 0 ]

#!/bin/bash
# Database and environment errors end with the documented exit status (docs/cli.md) and one
# clear line that names the file: a text file or a truncated database given as --db, a
# database that cannot be written (chattr +i, a read-only file system), init where the
# directory does not exist, a directory given as a CSV file, and a full disk during an import
# or a script — with the database intact afterwards. The read-only file system and the full
# disk are small tmpfs mounted for the test, chattr needs root (as the test suite runs).
# On PostgreSQL (where --db names a database of the server, not a file) the cases about files
# are skipped; there a database holding another program's tables is refused instead, and a
# directory given as a CSV file is the same.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
probe=${QUFA_PROBE:-}
hash_of() {
	if ! on_sqlite; then
		content "$1"
	elif [ -n "$probe" ]; then "$probe" hash "$1"; else sqlite3 "$1" .dump | sha256sum; fi
}
one_line() {
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$1: not one line: $(cat "$T/err")"
}
"$QUFA" init >/dev/null || fail "init"
cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
LUA
"$QUFA" run setup.lua || fail "setup"
write='db:add_org{kind = "branch", code = "gy2", name = "二部", parent = "jg"}'
echo "$write" >write.lua

if on_sqlite; then
	# not a qufa database: a wrong file given, exit 2
	echo "these are my notes, not a database" >notes.db
	run "$QUFA" --db notes.db members
	expect_rc 2
	expect_err "notes.db is not a qufa database (file is not a database)"
	one_line "text file"

	# damaged: a database cut short, exit 3 and what to do
	cp qufa.db cut.db
	truncate -s 20000 cut.db
	run "$QUFA" --db cut.db members
	expect_rc 3
	expect_err "cut.db: the database file is damaged (database disk image is malformed): restore it from a backup"
	one_line "truncated"

	# init where the directory does not exist: a wrong path, exit 2
	run "$QUFA" --db "$T/no/such/dir/x.db" init
	expect_rc 2
	expect_err "cannot create $T/no/such/dir/x.db: its directory does not exist"
	one_line "init"
	[ ! -e "$T/no" ] || fail "init created something"
else
	# not a qufa database: a database of the server that holds another program's tables, exit 2
	db_sql notes.db "CREATE TABLE notes (line text)"
	run "$QUFA" --db notes.db members
	expect_rc 2
	expect_err "notes.db is a PostgreSQL database whose schema holds something else than qufa"
	one_line "another program's database"
fi

# a directory given as a CSV file: exit 2, nothing written
mkdir members.csv
before=$(hash_of qufa.db)
run "$QUFA" import members members.csv
expect_rc 2
expect_err "members.csv is a directory, not a CSV file"
one_line "directory as CSV"
[ "$(hash_of qufa.db)" = "$before" ] || fail "the refused import wrote something"

if ! on_sqlite; then
	echo "note: PostgreSQL: the cases about files (their content, mode, file system) were not tried"
	echo "ok: database errors"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "note: not root: chattr, the read-only file system and the full disk were not tried"
	echo "ok: database errors"
	exit 0
fi

# an immutable file: reading works, writing is exit 3 with the reason
cp qufa.db frozen.db
if chattr +i frozen.db 2>/dev/null; then
	trap 'chattr -i "$T/frozen.db" 2>/dev/null; umount "$T/ro" "$T/full" 2>/dev/null; rm -rf "$T"' EXIT
	before=$(hash_of frozen.db)
	run "$QUFA" --db frozen.db members
	expect_rc 0
	run "$QUFA" --db frozen.db run write.lua
	expect_rc 3
	expect_err "frozen.db: the database cannot be written (attempt to write a readonly database): the file is read-only"
	expect_no_err "audit:"
	[ "$(grep -c "qufa:" "$T/err")" -eq 1 ] || fail "immutable: $(cat "$T/err")"
	chattr -i frozen.db
	[ "$(hash_of frozen.db)" = "$before" ] || fail "the immutable database changed"
fi

# a read-only file system
mkdir ro
if mount -t tmpfs -o size=4m none ro 2>/dev/null; then
	cp qufa.db ro/q.db
	mount -o remount,ro ro
	run "$QUFA" --db ro/q.db run write.lua
	expect_rc 3
	expect_err "ro/q.db: cannot open the database (unable to open database file): its file system is read-only"
	one_line "read-only file system"
	umount ro
fi

# a full disk during an import and during a script: exit 3, nothing written, database intact
mkdir full
if mount -t tmpfs -o size=512k none full 2>/dev/null; then
	cp qufa.db full/q.db
	before=$(hash_of full/q.db)
	# one awk, not 3,000 subshells: under load the test spent its time forking
	awk 'BEGIN { print "name,code,status,since,org,phone"
		for (i = 1; i <= 3000; i++) printf "党员%d,F%d,full,2010-01-01,gy1,1391234%04d\n", i, i, i }' >many.csv
	run "$QUFA" --db full/q.db import members many.csv
	expect_rc 3
	expect_err "full/q.db: the disk is full (database or disk is full): nothing was written"
	one_line "import on a full disk"
	[ "$(hash_of full/q.db)" = "$before" ] || fail "the import on a full disk wrote something"
	cat >many.lua <<'LUA'
for i = 1, 3000 do
  db:add_org{kind = "branch", code = "x" .. i, name = ("支部"):rep(20) .. i, parent = "jg"}
end
LUA
	run "$QUFA" --db full/q.db run many.lua
	expect_rc 3
	expect_err "the disk is full (database or disk is full)"
	[ "$(hash_of full/q.db)" = "$before" ] || fail "the script on a full disk wrote something"
	if [ -n "$probe" ]; then
		[ "$("$probe" integrity full/q.db)" = ok ] || fail "integrity after the full disk"
	fi
	# on the full disk even a reader may be refused (its WAL index cannot grow): the file itself
	# is intact, as audit verify says once it has room
	cp full/q.db after.db
	umount full
	run "$QUFA" --db after.db audit verify
	expect_rc 0
fi
echo "ok: database errors"

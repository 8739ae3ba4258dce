#!/bin/bash
# Personal fields (birth date, phone, ID number) leave the database only when asked for:
# no listing shows them, exports mask them unless --unmask, and restricted code sees them masked.
# Each export path that exists in this build is covered: qufa members / activities / orgs,
# qufa check (text, JSON, CSV), qufa export (members, activities; when it is there), and the
# members report (qufa report members; when it is there).
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/cli/lib.sh
. "$here/../cli/lib.sh"
"$QUFA" init >/dev/null || fail "init"
cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
local g = db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = b}
local m = db:add_member{name = "张三", code = "M1", status = "full", since = "2010-01-01", org = b,
  group = g, birth_date = "1980-03-02", joined = "2009-07-01", phone = "13912345678",
  id_number = "110101198003021234"}
db:appoint{member = m, org = b, post = "secretary", start = "2015-01-01"}
db:add_activity{org = b, kind = "lecture", title = "党课", starts_at = "2017-05-10 14:30",
  attendance = {{member = m, state = "present"}}}
LUA
"$QUFA" --today 2017-09-05 run setup.lua || fail "setup"
"$QUFA" standards load "$here/../../scripts/packs/regulations.lua" >/dev/null || fail "load"
CLEAR='13912345678|110101198003021234|1980-03-02|198003021234'

# no_clear NAME CMD...: the command succeeds (or reports findings) and shows nothing in clear
no_clear() {
	local what=$1
	shift
	run "$@"
	# shellcheck disable=SC2154 # (rc is set by run, in lib.sh)
	[ "$rc" -le 1 ] || fail "$what: exit $rc: $(cat "$T/err")"
	! grep -Eq "$CLEAR" "$T/out" "$T/err" || fail "$what shows a personal field in clear: $(grep -E "$CLEAR" "$T/out" | head -3)"
	covered=$((covered + 1))
}
covered=0
no_clear "members" "$QUFA" --today 2017-09-05 members
no_clear "members --org" "$QUFA" --today 2017-09-05 members --org gy1
no_clear "members --on" "$QUFA" --today 2017-09-05 members --under jg --on 2017-05-10 --status full
no_clear "activities" "$QUFA" --today 2017-09-05 activities
no_clear "orgs" "$QUFA" orgs
for f in text json csv; do
	no_clear "check --format $f" "$QUFA" --today 2017-09-05 check --org gy1 --period 2017 --all --format "$f"
done
"$QUFA" --today 2017-09-05 check --org gy1 --period 2017 --save >/dev/null
no_clear "assessments" "$QUFA" assessments

if "$QUFA" export --help >/dev/null 2>&1; then
	no_clear "export members" "$QUFA" export members
	expect_out "1980-**-**"
	expect_out "139****5678"
	expect_out "110101********1234"
	no_clear "export members --chinese-headers" "$QUFA" export members --chinese-headers --bom
	no_clear "export activities" "$QUFA" export activities
	no_clear "export members -o" "$QUFA" export members -o members.csv
	! grep -Eq "$CLEAR" members.csv || fail "export -o wrote a personal field in clear"
	[ "$(stat -c %a members.csv)" = 600 ] || fail "export -o: members.csv is not private ($(stat -c %a members.csv))"
	run "$QUFA" export members --unmask
	expect_rc 0
	expect_out "13912345678"
	expect_out "110101198003021234"
	expect_out "1980-03-02"
fi

if "$QUFA" report --help >/dev/null 2>&1; then
	no_clear "report members" "$QUFA" --today 2017-09-05 report members --org gy1
	no_clear "report members -o csv" "$QUFA" --today 2017-09-05 report members --org gy1 -o members-report.csv
	! grep -Eq "$CLEAR" members-report.csv || fail "report members -o wrote a personal field in clear"
	[ "$(stat -c %a members-report.csv)" = 600 ] || fail "report -o: the file is not private"
	run "$QUFA" --today 2017-09-05 report members --org gy1 --unmask
	expect_rc 0
	expect_out "13912345678"
fi

# A shared pack's check function sees members masked however it reads them: a list, the same
# list again (a check run keeps lists it has read), and one member by id. It puts what it saw
# into the finding's message.
cat >peek.lua <<'LUA'
qufa.standard{code = "PEEK", title = "窥探", org = "gy1", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "看看个人信息。",
   require = qufa.check{subject = "org", fn = function(org, ctx)
     local seen = {}
     for _pass = 1, 2 do
       for m in ctx.db:members{org = org.id} do
         seen[#seen + 1] = table.concat({tostring(m.birth_date), tostring(m.phone),
           tostring(m.id_number)}, " ")
         local one = ctx.db:member(m.id)
         seen[#seen + 1] = table.concat({tostring(one.birth_date), tostring(one.phone),
           tostring(one.id_number)}, " ")
       end
     end
     return false, table.concat(seen, "; ")
   end}}}}
LUA
"$QUFA" standards load peek.lua >/dev/null || fail "load peek.lua"
no_clear "a check function's view" "$QUFA" --today 2017-09-05 check --standard PEEK --org gy1 --period 2017-09 --format json
expect_out "139****5678 110101********1234; 1980-**-**" # masked, on every path

# the database file and its WAL are private to their owner, whatever the umask (SQLite: on
# PostgreSQL the server's roles and pg_hba.conf decide who reads it, see docs/postgresql.md)
if on_sqlite; then
    [ "$(stat -c %a qufa.db)" = 600 ] || fail "qufa.db is not private ($(stat -c %a qufa.db))"
    (umask 000 && "$QUFA" --db open.db init >/dev/null) || fail "init open.db"
    [ "$(stat -c %a open.db)" = 600 ] || fail "a database created under umask 000 is $(stat -c %a open.db)"
fi
# (SQLite only: it edits the file behind qufa's back with the sqlite3 shell)
if on_sqlite; then
# audit verify names the field that was changed behind qufa's back, and both values: a
# personal one masked (the message lands in terminals and cron mail), in clear with --unmask
cp qufa.db edited.db
sqlite3 edited.db "DROP TRIGGER qf_audit_member_u;
  UPDATE member SET id_number = '110101198303089999' WHERE code = 'M1'"
no_clear "audit verify" "$QUFA" --db edited.db audit verify
expect_rc 1
expect_err "field id_number is '110101********9999' but the audit log recorded '110101********1234'"
run "$QUFA" --db edited.db audit verify --unmask
expect_rc 1
expect_err "field id_number is '110101198303089999' but the audit log recorded '110101198003021234'"
sqlite3 edited.db "UPDATE member SET id_number = '110101198003021234', birth_date = '1983-03-08'
  WHERE code = 'M1'"
no_clear "audit verify (birth date)" "$QUFA" --db edited.db audit verify
expect_err "field birth_date is '1983-**-**' but the audit log recorded '1980-**-**'"
# from Lua, unmask is refused to restricted code
echo 'db:audit_verify{unmask = true}' >verify_unmask.lua
run "$QUFA" --db edited.db run --restricted verify_unmask.lua
expect_rc 2
expect_err "audit_verify: restricted code cannot see personal fields in clear (unmask)"

# the database file and its WAL are private to their owner, whatever the umask
[ "$(stat -c %a qufa.db)" = 600 ] || fail "qufa.db is not private ($(stat -c %a qufa.db))"
(umask 000 && "$QUFA" --db open.db init >/dev/null) || fail "init open.db"
[ "$(stat -c %a open.db)" = 600 ] || fail "a database created under umask 000 is $(stat -c %a open.db)"
fi
echo "ok: $covered outputs show no personal field in clear"

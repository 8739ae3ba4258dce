#!/bin/bash
# Procedures are shared code too: their guards, `when` functions and on_start run restricted
# and read-only, and on_complete (which may write records, by design) runs restricted as well:
# members come masked, and no hook reads or writes a file.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
"$QUFA" flow --help >/dev/null 2>&1 || { echo "ok: no qufa flow in this build"; exit 0; }
"$QUFA" init >/dev/null || fail "init"
cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
db:add_member{name = "张三", code = "M1", status = "applicant", since = "2017-01-01", org = b,
  birth_date = "1990-03-02", phone = "13912345678", id_number = "110101199003021234"}
LUA
"$QUFA" --today 2017-09-05 run setup.lua || fail "setup"
echo "secret" >secret.txt
cat >probe.lua <<'LUA'
-- a guard that reports what it sees of the member
qufa.procedure{code = "look", title = "看", subject = "member", steps = {
  {code = "x", title = "看", guard = function(c)
    local m = c.db:member(c.case.member_id)
    local seen = table.concat({tostring(c.member.phone), tostring(m.phone), tostring(m.id_number),
      tostring(m.birth_date)}, " ")
    return not seen:find("13912345678", 1, true) and not seen:find("1990-03-02", 1, true)
      and not seen:find("199003021234", 1, true), "in clear: " .. seen
  end}}}
-- on_complete hooks that try to reach files and the audit log
local tries = {
  file = function(c) c.db:add_artifact{member = c.case.member_id, type = "report", file = "secret.txt"} end,
  path = function(c) c.db:add_artifact{member = c.case.member_id, type = "report", path = "secret.txt"} end,
  export = function(c) c.db:export_csv("members", {path = "secret.txt"}) end,
  unmask = function(c) error(c.db:export_csv("members", {unmask = true})) end,
  audit = function(c) for _e in c.db:audit{table = "member"} do end end,
  standards = function(c) c.db:load_standards("secret.txt") end,
  calendar = function(c) c.db:calendar_import("secret.txt") end,
  flow = function(c) c.db:flow_load("secret.txt") end,
  remind = function(c) c.db:remind{within = "30d", exec = "touch pwned"} end,
}
for code, fn in pairs(tries) do
  qufa.procedure{code = code, title = code, subject = "member", steps = {
    {code = "x", title = code, on_complete = fn}}}
end
-- and one that writes a record, as on_complete may
qufa.procedure{code = "write", title = "写记录", subject = "member", steps = {
  {code = "x", title = "写", on_complete = function(c)
    c.db:member(c.case.member_id):set_status("activist", c.date, "由程序记录")
    -- an update of one field must keep the others as stored, not as this hook sees them
    c.db:member(c.case.member_id):update{joined = c.date}
  end}}}
LUA
q() { "$QUFA" --today 2017-09-05 --as 书记 "$@"; }
q flow load probe.lua >/dev/null || fail "flow load"
case=0
start() { q flow start "$1" --member M1 --date 2017-09-01 >/dev/null || fail "flow start $1"; case=$((case + 1)); }

start look
run q flow advance "$case" x --date 2017-09-01
expect_rc 0

for p in file path export unmask audit standards calendar flow remind; do
	start "$p"
	before=$(content qufa.db)
	run q flow advance "$case" x --date 2017-09-02
	expect_rc 2
	expect_err "restricted code cannot"
	[ "$(content qufa.db)" = "$before" ] || fail "$p: the refused step wrote something"
done
[ "$(cat secret.txt)" = "secret" ] || fail "secret.txt was changed"
[ ! -e pwned ] || fail "a procedure hook ran a command"

start write
run q flow advance "$case" x --date 2017-09-03
expect_rc 0
q run /dev/stdin <<<'local m = db:member("M1")
assert(m.status == "activist" and m.joined == "2017-09-03", "on_complete did not write")
assert(m.phone == "13912345678" and m.id_number == "110101199003021234" and
  m.birth_date == "1990-03-02", "on_complete changed the personal fields: " .. m.phone)' ||
	fail "on_complete could not write, or wrote masked values back"
echo "ok: a guard sees members masked; 9 ways to files, commands and the audit log refused in on_complete"

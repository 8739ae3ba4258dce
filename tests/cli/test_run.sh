#!/bin/bash
# qufa run: globals, arguments, the one savepoint around a script, errors with file and line.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"
"$QUFA" init >/dev/null || fail "init"

cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
print("args", select("#", ...), arg[0], arg[1], arg[2], ...)
print("today", db:today(), db:actor(), qufa.version ~= nil)
LUA
run "$QUFA" --today 2017-09-05 --as 张书记 run setup.lua one "two words"
expect_rc 0
expect_out "args	2	setup.lua	one	two words	one	two words"
expect_out "today	2017-09-05	张书记	true"

# an error halfway: everything the script wrote is rolled back, byte for byte
before=$(content qufa.db)
cat >bad.lua <<'LUA'
db:add_org{kind = "branch", code = "gy2", name = "二部", parent = "jg"}
db:org("gy1"):update{name = "changed"}
db:define_kind("activity_kind", "reading_club", "读书会")
local function deeper()
  db:add_org{kind = "branch", code = "gy3", name = "三部", parent = "no-such-org"}
end
deeper()
LUA
run "$QUFA" run bad.lua
expect_rc 2
expect_err "bad.lua:5: add_org: field 'parent': org no-such-org does not exist"
expect_err "stack traceback:"
expect_err "bad.lua:7: in main chunk"
expect_err "nothing it wrote was kept"
[ "$(content qufa.db)" = "$before" ] || fail "a failed script changed the database"

# unknown ids and bad dates in a script
printf 'db:add_org{kind="branch", code="x", name="x", parent=4242}\n' >unknown_id.lua
run "$QUFA" run unknown_id.lua
expect_rc 2
expect_err "parent org 4242 does not exist"
printf 'local d = qufa.date("2017-02-30")\n' >bad_date.lua
run "$QUFA" run bad_date.lua
expect_rc 2
expect_err "bad_date.lua:1: date: '2017-02-30' is not a valid date"
printf 'db:set_today("2017-13-01")\n' >bad_today.lua
run "$QUFA" run bad_today.lua
expect_rc 2
expect_err "bad_today.lua:1:"
[ "$(content qufa.db)" = "$before" ] || fail "failed scripts changed the database"

# syntax errors name the line; a missing script is an input error
printf 'local x = \n\nif then\n' >syntax.lua
run "$QUFA" run syntax.lua
expect_rc 2
expect_err "syntax.lua:3:"
run "$QUFA" run no-such-script.lua
expect_rc 2
expect_err "cannot open no-such-script.lua"
run "$QUFA" run
expect_rc 2
expect_err "which script?"
run "$QUFA" run --frob x.lua
expect_rc 2

# os.exit: success keeps the writes, failure drops them, the code is the exit status
printf 'db:add_org{kind="branch", code="kept", name="k", parent="jg"}\nos.exit(0)\nerror("not reached")\n' >exit0.lua
run "$QUFA" run exit0.lua
expect_rc 0
printf 'db:add_org{kind="branch", code="dropped", name="d", parent="jg"}\nos.exit(3)\n' >exit3.lua
run "$QUFA" run exit3.lua
expect_rc 3
printf 'print(db:org("kept") ~= nil, db:org("dropped") ~= nil)\n' >check.lua
run "$QUFA" run check.lua
expect_out "true	false"

# a script's own error objects
printf 'error({code = 7})\n' >table_error.lua
run "$QUFA" run table_error.lua
expect_rc 2
expect_err "(error object is a table value)"

# restricted: read-only, no io/os
before=$(content qufa.db)
printf 'db:add_org{kind="branch", code="r", name="r", parent="jg"}\n' >write.lua
run "$QUFA" run --restricted write.lua
expect_rc 2
expect_err "write.lua:1: add_org: the database is read-only here"
printf 'io.open("x", "w")\n' >io.lua
run "$QUFA" run --restricted io.lua
expect_rc 2
expect_err "attempt to index a nil value (global 'io')"
printf 'for o in db:orgs() do print(o.code) end\nprint(#arg, arg[1])\n' >read.lua
run "$QUFA" run --restricted read.lua x
expect_rc 0
expect_out "gy1"
expect_out "1	x"
[ "$(content qufa.db)" = "$before" ] || fail "restricted scripts changed the database"
echo "ok"

#!/bin/bash
# A `qufa remind` started by cron, with a shared pack whose reminder rule and check function
# never return (issue 13: it used to hang holding the write lock, and every writer failed
# "database is busy"): it ends on its own, says which rule was stopped and why, still does the
# rest of its work (the other rules' reminders are in the ledger), releases the write lock so
# the next writer gets in at once, and leaves the database intact. A second pack whose check
# function asks for the very check it is part of (issue 13, case 1) rides along.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
probe=${QUFA_PROBE:-}
"$QUFA" init >/dev/null || fail "init"
cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
local m = db:add_member{name = "张三", code = "M1", status = "full", since = "2010-01-01", org = b}
db:appoint{member = m, org = b, post = "secretary", start = "2016-01-01"}
LUA
"$QUFA" --today 2017-09-05 run setup.lua || fail "setup"
cat >hostile.lua <<'LUA'
qufa.reminder{code = "stuck", title = "卡住", responsible = "secretary", lead = "0d",
  subject = "branch", fn = function() while true do end end}
qufa.reminder{code = "fine", title = "正常的提醒", responsible = "secretary", lead = "0d",
  subject = "branch", fn = function(b) return true, b.name .. "：请按时开会" end}
qufa.standard{code = "LOOP", title = "循环", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "x", require = qufa.check{subject = "org", per = "month",
  fn = function() while true do end end}}}}
qufa.standard{code = "SELF", title = "自查", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "x", require = qufa.check{subject = "period", per = "year",
  fn = function(p, ctx) ctx.db:check{org = "gy1", period = "2017"} return true end}}}}
LUA
"$QUFA" standards load hostile.lua >/dev/null || fail "load"

# as cron runs it: no terminal, a bound on how long it may take that is never expected to be
# reached (how fast is not asserted)
timeout 600 "$QUFA" --today 2017-09-05 remind </dev/null >out 2>err
rc=$?
[ "$rc" -ne 124 ] || fail "qufa remind did not end"
[ "$rc" -lt 128 ] || fail "qufa remind died (exit $rc): $(cat err)"
[ "$rc" -le 1 ] || fail "qufa remind: exit $rc: $(cat err)"
grep -qF "reminder stuck:" err || fail "the stopped rule is not named: $(cat err)"
grep -qF "limit exceeded (" err || fail "the limit is not named: $(cat err)"
grep -qF "正常的提醒" out || fail "the other rule's reminder is missing: $(cat out)"

# the write lock is free: a writer gets in at once (well inside the 5 s busy timeout)
echo 'db:add_org{kind = "branch", code = "gy2", name = "二部", parent = "jg"}' >write.lua
run "$QUFA" run write.lua
expect_rc 0
# intact, and the reminder that fired is in the ledger
if [ -n "$probe" ]; then
	[ "$("$probe" integrity qufa.db)" = ok ] || fail "integrity"
fi
run "$QUFA" audit verify
expect_rc 0
run "$QUFA" --today 2017-09-05 remind --dry-run --all
expect_out "正常的提醒"
echo "ok: a hostile pack's rules and checks stopped, the rest of qufa remind done, the lock released"

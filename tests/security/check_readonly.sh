#!/bin/bash
# A pack's check functions run restricted, with a read-only database: every way to write that
# the API offers is refused (as a finding that says so), the database is byte for byte the same
# afterwards, files cannot be read through artifacts, and one function stuck in a loop is
# stopped while the others are still judged.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
"$QUFA" init >/dev/null || fail "init"
cat >setup.lua <<'LUA'
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
local m = db:add_member{name = "张三", code = "M1", status = "full", since = "2010-01-01", org = b,
  phone = "13900000000", birth_date = "1980-01-01"}
db:add_activity{org = b, kind = "lecture", title = "党课", starts_at = "2017-03-01 14:30",
  attendance = {{member = m, state = "present"}}}
LUA
"$QUFA" --today 2017-09-05 run setup.lua || fail "setup"

# One clause per attempt; each check function reports "refused" (pass) when the write raised
# the read-only error, and fails with what happened otherwise.
cat >attempts.lua <<'LUA'
local attempts = {
  {"add_org", function(_, ctx) ctx.db:add_org{kind = "branch", code = "x1", name = "x", parent = "jg"} end},
  {"org:update", function(org) org:update{name = "改"} end},
  {"org:delete", function(org) org:delete() end},
  {"add_member", function(_, ctx) ctx.db:add_member{name = "x", status = "full", org = "gy1"} end},
  {"member:update", function(_, ctx) ctx.db:member("M1"):update{phone = false} end},
  {"member:set_status", function(_, ctx) ctx.db:member("M1"):set_status("probationary") end},
  {"member:join", function(_, ctx) ctx.db:member("M1"):join("gy1", "2017-01-01") end},
  {"member:set_flag", function(_, ctx) ctx.db:member("M1"):set_flag("mobile") end},
  {"appoint", function(_, ctx) ctx.db:appoint{member = "M1", org = "gy1", post = "secretary"} end},
  {"add_transfer", function(_, ctx)
    ctx.db:add_transfer{member = "M1", org = "gy1", direction = "out", letter_date = "2017-05-01"} end},
  {"add_activity", function(_, ctx)
    ctx.db:add_activity{org = "gy1", kind = "lecture", title = "x", starts_at = "2017-05-01 09:00"} end},
  {"activity:set_attendance", function(_, ctx)
    for a in ctx.db:activities{} do a:set_attendance("M1", "absent") end end},
  {"activity:delete", function(_, ctx) for a in ctx.db:activities{} do a:delete() end end},
  {"add_artifact file", function(_, ctx)
    ctx.db:add_artifact{org = "gy1", type = "minutes", file = "/etc/passwd"} end},
  {"add_artifact path", function(_, ctx)
    ctx.db:add_artifact{org = "gy1", type = "minutes", path = "/etc/passwd"} end},
  {"define_kind", function(_, ctx) ctx.db:define_kind("post", "king", "国王") end},
  {"load_standards", function(_, ctx) ctx.db:load_standards{text = "", name = "x.lua"} end},
  {"transaction", function(_, ctx) ctx.db:transaction(function() end) end},
  {"set_today", function(_, ctx) ctx.db:set_today("2099-01-01") end},
  {"set_actor", function(_, ctx) ctx.db:set_actor("冒名者") end},
  {"result:save", function(_, ctx) ctx.db:check{org = "gy1", standard = "NOP"}:save(ctx.db) end},
  {"close", function(_, ctx) ctx.db:close() end},
}
local clauses = {}
for i, a in ipairs(attempts) do
  clauses[i] = {number = tostring(i), type = "应", text = a[1], require = qufa.check{
    subject = "org", fn = function(org, ctx)
      local ok, err = pcall(a[2], org, ctx)
      if ok then return false, a[1] .. ": WROTE" end
      err = tostring(err)
      if err:find("read-only here", 1, true) or err:find("belongs to the qufa host", 1, true) then
        return true, "refused"
      end
      return false, a[1] .. ": " .. err
    end}}
end
-- and nothing else from outside the sandbox
clauses[#clauses + 1] = {number = tostring(#clauses + 1), type = "应", text = "globals",
  require = qufa.check{subject = "org", fn = function()
    return io == nil and os == nil and require == nil and debug == nil and qufa.open == nil,
      "no io, os, require, debug or qufa.open"
  end}}
-- a function that never returns is stopped; the others are still judged
clauses[#clauses + 1] = {number = tostring(#clauses + 1), type = "应", text = "loop",
  require = qufa.check{subject = "org", fn = function() while true do end end}}
qufa.standard{code = "SEC", title = "只读检查", effective = "2017-01-01", clauses = clauses}
qufa.standard{code = "NOP", title = "党课", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "每季度一次党课", require = qufa.cadence{activity = "lecture", per = "quarter"}}}}
LUA
"$QUFA" standards load attempts.lua >/dev/null || fail "load"
before=$(content qufa.db)

cat >judge.lua <<'LUA'
local r = db:check{org = "gy1", period = "2017", standard = "SEC"}
local n, bad = 0, {}
for f in r:findings{} do
  n = n + 1
  if f.clause == "24" then
    if f.status ~= "error" or not f.message:find("limit exceeded", 1, true) then
      bad[#bad + 1] = "loop: " .. f.status .. " " .. f.message
    end
  elseif f.status ~= "pass" then
    bad[#bad + 1] = f.clause .. " " .. f.status .. ": " .. f.message
  end
end
assert(#bad == 0, table.concat(bad, "\n"))
assert(n == 24, "findings: " .. n)
print("all 22 writes refused, globals absent, the loop stopped")
LUA
run "$QUFA" --today 2017-09-05 run judge.lua
expect_rc 0
expect_out "all 22 writes refused"
[ "$(content qufa.db)" = "$before" ] || fail "the database changed during the check"
run "$QUFA" audit verify
expect_rc 0
echo "ok"

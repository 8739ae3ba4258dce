-- Check functions get the right org records however many orgs a run judges: the records
-- (ctx.org, an org subject) are kept for the run only a few dozen at a time (issue 17: keeping
-- every one made a whole-deployment check's memory grow with the deployment), so a run over
-- more orgs than are kept must still hand each function its own org, fetched again when it
-- was dropped.
local t = require "t"

local BRANCHES = 90 -- with their groups, more than twice the records the run keeps
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
for i = 1, BRANCHES do
  local b = db:add_org{kind = "branch", code = string.format("b%03d", i), name = "支部" .. i,
    parent = jg}
  local g = db:add_org{kind = "group", code = string.format("b%03dg", i), name = "小组" .. i,
    parent = b}
  db:add_member{name = "党员" .. i, status = "full", since = "2016-01-01", org = b}
  db:add_activity{org = g, kind = "theme_day", title = "主题党日",
    starts_at = string.format("2017-03-%02d 09:00", 1 + i % 28)}
end
local pack = os.tmpname()
local f = assert(io.open(pack, "w"))
f:write([[
qufa.system{code = "s", title = "s"}
qufa.standard{code = "O", title = "组织", system = "s", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "支部本身。",
   require = qufa.check{subject = "org",
     fn = function(o, ctx) return o.id == ctx.org.id, ctx.org.code .. "|" .. o.name end}},
  {number = "2", type = "应", text = "小组的活动。",
   require = qufa.check{subject = "activity", activity = "theme_day",
     fn = function(a, ctx) return a.org_id == ctx.org.id, ctx.org.code .. "|" .. ctx.org.name end}}}}
]])
f:close()
db:load_standards(pack)
os.remove(pack)

-- the clauses are judged one after the other for each branch, so a record dropped between
-- them is fetched again
local n, seen = 0, {}
for x in db:check_each{org = "jg", period = "2017"} do
  n = n + 1
  t.eq(x.status, "pass", x.key .. ": the function got its own org")
  local code = x.message:match("^([^|]+)|")
  local i = tonumber(code:match("^b(%d%d%d)"))
  t.ok(i ~= nil, x.key .. ": an org code in the message: " .. x.message)
  if x.clause == "1" then
    t.eq(x.message, string.format("b%03d|支部%d", i, i), x.key .. ": the branch's record")
  else
    t.eq(x.message, string.format("b%03dg|小组%d", i, i), x.key .. ": the group's record")
  end
  seen[x.clause .. "/" .. code] = true
end
t.eq(n, 2 * BRANCHES, "a finding per branch and per group activity")
local distinct = 0
for _ in pairs(seen) do distinct = distinct + 1 end
t.eq(distinct, 2 * BRANCHES, "every org judged once by each clause")

-- the whole result agrees with the stream
local whole = db:check{org = "jg", period = "2017"}
t.eq(whole:summary().pass, 2 * BRANCHES, "the whole check: every function passes")

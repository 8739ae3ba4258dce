-- The days a check function is given (ctx.today, ctx.period.start and .finish, a period
-- subject's) are kept as texts for the run and handed out again (lua/l_check.c, push_day):
-- over more distinct days than are kept (DAYS_KEPT, 512), each function must still get its
-- own, and a function that changes its ctx.period must not change the next one's.
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "b1", name = "一支部", parent = jg}
local N = 600
local first = "2016-01-01"
for i = 0, N - 1 do
  db:add_activity{org = b, kind = "theme_day", title = "主题党日" .. i,
    starts_at = qufa.add(first, i .. "d") .. " 09:00"}
end
local pack = os.tmpname()
local f = assert(io.open(pack, "w"))
f:write([[
qufa.system{code = "s", title = "s"}
qufa.standard{code = "D", title = "日", system = "s", effective = "2015-01-01", clauses = {
  {number = "1", type = "应", text = "日。",
   require = qufa.check{subject = "activity", activity = "theme_day",
     fn = function(a, ctx)
       local p = ctx.period
       local text = string.format("%s|%s|%s|%s", a.starts_at:sub(1, 10), p.start, p.finish,
         ctx.today)
       p.start, p.finish, ctx.today = "spoiled", "spoiled", "spoiled"
       return true, text
     end}}}}
]])
f:close()
db:load_standards(pack)
os.remove(pack)

local today = db:today()
local n = 0
for x in db:check_each{org = "b1", period = "2016-01-01..2017-12-31"} do
  n = n + 1
  local day, start, finish, got_today = x.message:match("^([^|]+)|([^|]+)|([^|]+)|([^|]+)$")
  t.eq(start, day, x.key .. ": the period starts on the activity's day")
  t.eq(finish, day, x.key .. ": and ends on it")
  t.eq(got_today, today, x.key .. ": today")
end
t.eq(n, N, "every activity judged")

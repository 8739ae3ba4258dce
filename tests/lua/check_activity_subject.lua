-- An activity judged by several clauses (a general meeting judged by three) is read once for
-- its branch (the check view, core/src/engine/check_view.c), yet every check function gets a
-- table of its own: what one function does to its record (a field changed, one added, the
-- attrs changed) is not seen by the next, and ctx.db:activity(id) inside a function is a fresh
-- table with the database's fields. More activities than the view keeps, so some are read
-- again.
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "b1", name = "一支部", parent = jg}
local N = 20 -- more than the view keeps (VIEW_ACTIVITIES, 16)
local ids = {}
for i = 1, N do
  ids[i] = db:add_activity{org = b, kind = "general_meeting", title = "大会" .. i,
    starts_at = string.format("2017-03-%02d 09:00", i), place = "会议室",
    attrs = {n = i}}.id
end
local pack = os.tmpname()
local f = assert(io.open(pack, "w"))
-- clause 1 spoils its record; clauses 2 and 3 report what they were given
f:write([[
qufa.system{code = "s", title = "s"}
local function report(a, ctx)
  local again = ctx.db:activity(a.id)
  local fresh = again ~= a and again.title == a.title and again.attrs.n == a.attrs.n
    and again.place == a.place and again.starts_at == a.starts_at
  return true, string.format("%s|%s|%s|%s|%s", a.title, tostring(a.attrs.n),
    tostring(a.spoiled), tostring(a.attrs.spoiled), tostring(fresh))
end
qufa.standard{code = "M", title = "会议", system = "s", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "改。",
   require = qufa.check{subject = "activity", activity = "general_meeting",
     fn = function(a, ctx)
       a.title = "改了"
       a.spoiled = true
       a.attrs.n = -1
       a.attrs.spoiled = true
       local again = ctx.db:activity(a.id)
       again.title = "也改了"
       return true, "changed"
     end}},
  {number = "2", type = "应", text = "看。",
   require = qufa.check{subject = "activity", activity = "general_meeting", fn = report}},
  {number = "3", type = "应", text = "再看。",
   require = qufa.check{subject = "activity", activity = "general_meeting", fn = report}}}}
]])
f:close()
db:load_standards(pack)
os.remove(pack)

local seen = 0
for x in db:check_each{org = "b1", period = "2017"} do
  if x.clause ~= "1" then
    seen = seen + 1
    local i = x.subject_id
    local n
    for k, id in ipairs(ids) do if id == i then n = k end end
    t.ok(n ~= nil, x.key .. ": one of the activities")
    t.eq(x.message, string.format("大会%d|%d|nil|nil|true", n, n),
      x.key .. ": the record as the database has it, untouched by clause 1")
  end
end
t.eq(seen, 2 * N, "clauses 2 and 3 judged every activity")
-- the database itself is unchanged
t.eq(db:activity(ids[1]).title, "大会1", "the stored activity")

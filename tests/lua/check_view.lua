-- A check function's member questions (ctx.db:members, :count_members, :member, :holder) are
-- answered from the branch the engine holds when they can be (core/src/engine/check_view.c),
-- and must read exactly as the database's answers: the same members in the same order, every
-- field, the records' methods (has_flag, status_on, history), the same counts and holders.
-- The function below asks its questions through ctx.db inside a check and digests the answers
-- into its message; the test asks the same questions through the plain handle and compares.
-- Days inside the judged year (answered by the view) and outside it, and another branch (the
-- database's), on records that change on those days.
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "b1", name = "一支部", parent = jg}
local g1 = db:add_org{kind = "group", code = "b1g1", name = "第一小组", parent = b}
local g2 = db:add_org{kind = "group", code = "b1g2", name = "第二小组", parent = b}
local other = db:add_org{kind = "branch", code = "b2", name = "二支部", parent = jg}

local names = {"王芳", "王芳", "李娜", "丁一", "张伟", "Anna", "艾青", "万里"}
local people = {}
for i, name in ipairs(names) do
  people[i] = db:add_member{name = name, code = "M" .. i, status = i % 3 == 0 and "probationary" or "full",
    since = "2015-01-01", org = b, group = i % 2 == 0 and g1 or g2,
    phone = i % 2 == 0 and "13912345678" or nil, birth_date = "1980-05-06",
    attrs = i % 4 == 0 and {note = "x"} or nil}
end
db:add_member{name = "申请人", status = "applicant", since = "2016-01-01", org = b}
-- changes on the days asked about
people[1]:set_status("full", "2017-06-15")
people[3]:set_status("full", "2017-06-15")
people[2]:set_flag("mobile", "2017-06-15", "2017-09-05")
people[4]:set_flag("suspended", "2017-01-01")
people[5]:set_flag("on_probation_discipline", "2017-03-31", "2017-06-15")
people[6]:leave(g1, "2017-06-14")
people[6]:join(g2, "2017-06-15")
people[7]:leave(b, "2017-09-04")
people[7]:join(other, "2017-09-05")
people[8]:leave(b, "2016-12-31")
db:appoint{member = people[1], org = b, post = "secretary", start = "2016-01-01", finish = "2017-06-14"}
db:appoint{member = people[3], org = b, post = "secretary", start = "2017-06-15"}
db:appoint{member = people[5], org = b, post = "discipline", start = "2017-03-31"}
db:appoint{member = people[2], org = g1, post = "group_leader", start = "2017-01-01"}

-- the questions and their digest, the same text in the pack and here
local ASK = [[
local function ask(db, b, g1, other, ids)
  local out = {}
  local function put(...) for _, v in ipairs({...}) do out[#out + 1] = tostring(v) end end
  local function record(m, day)
    if not m then put("nil") return end
    put(m.id, m.code, m.name, m.gender, m.joined, m.status, m.since, m.org_id, m.group_id,
      m.birth_date ~= nil, m.phone ~= nil, m.id_number ~= nil)
    local keys = {}
    for k in pairs(m.attrs or {}) do keys[#keys + 1] = k end
    table.sort(keys)
    for _, k in ipairs(keys) do put(k, m.attrs[k]) end
    put(m:has_flag("mobile", day), m:status_on(day))
    local n = 0
    for _ in m:history() do n = n + 1 end
    put(n)
  end
  local days = {"2016-12-31", "2017-01-01", "2017-03-31", "2017-06-14", "2017-06-15",
                "2017-09-04", "2017-09-05", "2017-12-31", "2018-01-01"}
  for _, day in ipairs(days) do
    for _, org in ipairs({b, g1, other}) do
      for _, filter in ipairs({{}, {status = "full"}, {status = {"full", "probationary"}},
                               {voting = true}, {flag = "mobile"}, {order = "strokes"},
                               {name = "王芳"}}) do
        local f = {org = org, on = day}
        for k, v in pairs(filter) do f[k] = v end
        put("|", day, org, next(filter) or "-")
        for m in db:members(f) do record(m, day) end
        put("#", db:count_members(f))
      end
      for _, post in ipairs({"secretary", "discipline", "group_leader"}) do
        local h = db:holder(org, post, day)
        put("holder", post, h and h.id or "none")
        if h then record(h, day) end
      end
    end
    for _, id in ipairs(ids) do record(db:member(id, {on = day}), day) end
  end
  local s = table.concat(out, " ")
  local h = 2166136261
  for i = 1, #s do h = ((h ~ s:byte(i)) * 16777619) & 0xffffffff end
  return #s .. ":" .. h
end
]]

local ids = {}
for i, m in ipairs(people) do ids[i] = m.id end
local ids_text = table.concat(ids, ", ")
local pack = os.tmpname()
local f = assert(io.open(pack, "w"))
f:write(ASK, string.format([[
qufa.system{code = "s", title = "s"}
qufa.standard{code = "V", title = "视图", system = "s", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "成员。",
   require = qufa.check{subject = "org",
     fn = function(o, ctx) return true, ask(ctx.db, %d, %d, %d, {%s}) end}}}}
]], b.id, g1.id, other.id, ids_text))
f:close()
db:load_standards(pack)
os.remove(pack)

local digest = assert(load(ASK .. " return ask(...)", "=ask", "t", _ENV))
local want = digest(db, b.id, g1.id, other.id, ids)
local n = 0
for x in db:check_each{org = "b1", period = "2017"} do
  n = n + 1
  t.eq(x.status, "pass", "the function ran: " .. x.message)
  t.eq(x.message, want, "ctx.db's answers read as the database's")
end
t.eq(n, 1, "one finding")
-- and the function's digest changes with the answers (the comparison can fail)
people[1]:set_flag("mobile", "2017-03-31", "2017-06-14")
local changed = digest(db, b.id, g1.id, other.id, ids)
t.ok(changed ~= want, "a flag on a day asked about changes the digest")
for x in db:check_each{org = "b1", period = "2017"} do
  t.eq(x.message, changed, "after the change too")
end


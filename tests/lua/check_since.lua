-- Incremental checks from Lua: db:check, db:check_each and db:check_write with `since` (a saved
-- assessment) give the findings of a full check, check functions' findings too, and say how
-- many branches they judged again; a member's change reaches a check function's finding.
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
for i = 1, 3 do
  local b = db:add_org{kind = "branch", code = "b" .. i, name = "支部" .. i, parent = jg}
  for m = 1, i + 1 do
    db:add_member{code = "m" .. i .. m, name = "党员" .. i .. "-" .. m, status = "full",
      since = "2016-01-01", org = b}
  end
  for month = 1, 6 do
    if (month + i) % 3 ~= 0 then
      db:add_activity{org = b, kind = "theme_day", title = "主题党日",
        starts_at = string.format("2017-%02d-1%d 09:00", month, i)}
    end
  end
end
local pack = os.tmpname()
local f = assert(io.open(pack, "w"))
f:write([[
qufa.system{code = "s", title = "s"}
qufa.standard{code = "E", title = "增量", system = "s", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "每月主题党日。",
   require = qufa.cadence{activity = "theme_day", per = "month"}},
  {number = "2", type = "应", text = "党员登记了电话。",
   require = qufa.check{subject = "member", fn = function(m, ctx)
     local rec = ctx.db:member(m.id)
     return rec.phone ~= nil, rec.phone and "已登记" or rec.name .. "未登记电话"
   end}}}}
]])
f:close()
db:load_standards(pack)
os.remove(pack)

local opts = {org = "jg", period = "2017-01..2017-06"}
local function same(label, since)
  local full = db:check(opts)
  local o = {org = opts.org, period = opts.period, since = since}
  local inc = db:check(o)
  t.eq(#inc, #full, label .. ": as many findings")
  local want = {}
  for x in full:findings() do want[#want + 1] = x end
  local i = 0
  for x in inc:findings() do
    i = i + 1
    t.eq(x.key, want[i].key, label .. ": key " .. i)
    t.eq(x.status, want[i].status, label .. ": status " .. i)
    t.eq(x.message, want[i].message, label .. ": message " .. i)
  end
  t.eq(inc.fingerprint, full.fingerprint, label .. ": fingerprint")
  local n = 0
  for x in db:check_each(o) do
    n = n + 1
    t.eq(x.key, want[n].key, label .. ": streamed key " .. n)
  end
  t.eq(n, #want, label .. ": streamed")
  local out <close> = assert(io.open("/dev/null", "w"))
  local totals = db:check_write{format = "json", file = out, org = opts.org,
    period = opts.period, since = since}
  t.eq(totals.fingerprint, full.fingerprint, label .. ": written fingerprint")
  local rejudged, of = inc:rejudged()
  t.eq(of, 3, label .. ": branches")
  t.eq(totals.rejudged, rejudged, label .. ": the writer judged the same branches")
  return rejudged, totals
end

local id = db:check(opts):save(db, "first")
t.eq(same("unchanged", id), 0, "unchanged: nothing judged")
-- a member registers a phone: only a check function reads it, through ctx.db
db:member("m21"):update{phone = "010-1234"}
local n = same("a phone", id)
t.eq(n, 1, "a phone: the member's branch judged")
-- another today: every branch, and why
db:set_today("2017-09-06")
local all, totals = same("today moved", id)
t.eq(all, 3, "today moved: every branch")
t.ok(totals.since_note and totals.since_note:find("today", 1, true), "today moved: why")

t.fails("since", db.check, db, {since = -1})
t.fails("999", db.check, db, {since = 999})

-- The check branch by branch from Lua: db:check_each yields the findings of db:check in the same
-- order (check functions judged too), db:check_write writes the bytes of result:text/json/csv
-- and returns the summary, the fingerprint and the counts; a loop left early closes the run.
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
for i = 1, 4 do
  local b = db:add_org{kind = "branch", code = "b" .. i, name = "支部" .. i, parent = jg}
  db:add_org{kind = "group", code = "b" .. i .. "g1", name = "第一党小组", parent = b}
  for m = 1, i + 1 do
    db:add_member{name = "党员" .. i .. "-" .. m, status = "full", since = "2016-01-01", org = b}
  end
  for month = 1, 6 do
    if (month + i) % 3 ~= 0 then
      db:add_activity{org = b, kind = "theme_day", title = "主题党日",
        topic = month % 2 == 0 and "学习" or nil,
        starts_at = string.format("2017-%02d-1%d 09:00", month, i)}
    end
  end
end
local pack = os.tmpname()
local f = assert(io.open(pack, "w"))
f:write([[
qufa.system{code = "s", title = "s"}
qufa.standard{code = "E", title = "逐支部", system = "s", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "每月主题党日。",
   require = qufa.cadence{activity = "theme_day", per = "month"}},
  {number = "2", type = "宜", text = "每月主题党日。",
   require = qufa.cadence{activity = "theme_day", per = "month"}},
  {number = "3", type = "应", text = "有主题。",
   require = qufa.check{subject = "activity", activity = "theme_day",
     fn = function(a) return a.topic ~= nil, a.topic or "没有主题" end}},
  {number = "4", type = "应", text = "党员不少于3人。", require = qufa.members{min = 3}}}}
]])
f:close()
db:load_standards(pack)
os.remove(pack)

local opts = {org = "jg", period = "2017-01..2017-06"}
local whole = db:check(opts)
local want = {}
for x in whole:findings() do want[#want + 1] = x end
t.ok(#want > 40, "the check has findings: " .. #want)

local i, linked, checked = 0, 0, 0
for x in db:check_each(opts) do
  i = i + 1
  local w = want[i]
  t.eq(x.key, w.key, "finding " .. i .. " key")
  t.eq(x.status, w.status, "finding " .. i .. " status")
  t.eq(x.message, w.message, "finding " .. i .. " message")
  t.eq(x.same_as, w.same_as, "finding " .. i .. " same_as")
  if x.same_as then linked = linked + 1 end
  if x.kind == "check" then checked = checked + 1 end
end
t.eq(i, #want, "every finding once")
t.ok(linked > 0, "findings linked to their cause")
t.ok(checked > 0, "check functions judged in the stream")

-- written as it runs: the bytes of the whole result's writers
local s = whole:summary()
for _, format in ipairs{"text", "json", "csv"} do
  local path = os.tmpname()
  local out = assert(io.open(path, "w"))
  local totals = db:check_write{format = format, file = out, org = "jg", period = opts.period,
    all = true}
  out:close()
  local got = assert(io.open(path)):read("a")
  os.remove(path)
  local expected = format == "text" and whole:text{all = true}
    or format == "json" and whole:json() .. "\n" or whole:csv()
  t.eq(got, expected, format .. ": the same output")
  t.eq(totals.fail, s.fail, format .. ": fail")
  t.eq(totals.pass, s.pass, format .. ": pass")
  t.eq(totals.causes, s.causes, format .. ": causes")
  t.eq(totals.clauses, s.clauses, format .. ": clauses")
  t.eq(totals.score, s.score, format .. ": score")
  t.eq(totals.findings, #want, format .. ": findings")
  t.eq(totals.branches, 4, format .. ": branches")
end
-- a loop left early: the run is closed (a write right after works, outside any transaction)
for x in db:check_each(opts) do
  if x then break end
end
db:add_activity{org = "b1", kind = "lecture", title = "党课", starts_at = "2017-07-01 09:00"}

-- the write above changed an input (a lecture): the fingerprint follows the database
local again = db:check(opts)
local totals = db:check_write{format = "csv", file = assert(io.open("/dev/null", "w")),
  org = "jg", period = opts.period}
t.eq(totals.fingerprint, again.fingerprint, "the fingerprint of the whole run")

t.fails("check_each: field 'period' period '2017-13'", db.check_each, db, {period = "2017-13"})
t.fails("unknown field 'perod'", db.check_each, db, {perod = "2017"})
t.fails("check_write: field 'format'", db.check_write, db, {format = "xml"})
t.fails("must be an open file", db.check_write, db, {file = "out.txt"})

-- db:check_tally: the same findings counted by standard, clause, status, period and same_as,
-- and the statuses asked for listed as db:check_each yields them, in its order
local groups, listed, tally = db:check_tally{org = "jg", period = opts.period,
  list = {"fail", "warn"}}
local want_n, want_listed, order = {}, {}, {}
local function gkey(x)
  return table.concat({x.standard, x.clause, x.status, tostring(x.period_start),
    tostring(x.period_end), x.same_as and "s" or "-"}, "|")
end
for x in again:findings() do
  local k = gkey(x)
  if not want_n[k] then
    want_n[k] = 0
    order[#order + 1] = k
  end
  want_n[k] = want_n[k] + 1
  if x.status == "fail" or x.status == "warn" then want_listed[#want_listed + 1] = x end
end
t.eq(#groups, #order, "one group per standard, clause, status, period and same_as")
local total, same = 0, 0
for gi, g in ipairs(groups) do
  local k = table.concat({g.standard, g.clause, g.status, tostring(g.period_start),
    tostring(g.period_end), g.same and "s" or "-"}, "|")
  t.eq(k, order[gi], "group " .. gi .. " in the order its first finding came")
  t.eq(g.n, want_n[k], "group " .. gi .. " counts its findings")
  t.eq(g.standard_title, "逐支部", "group " .. gi .. " standard title")
  total = total + g.n
  if g.same then same = same + g.n end
end
t.eq(total, #again, "every finding counted once")
t.ok(same > 0, "findings repeating a lapse are counted apart")
t.eq(#listed, #want_listed, "the lapses listed")
for li, x in ipairs(listed) do
  t.eq(x.key, want_listed[li].key, "listed " .. li .. " key")
  t.eq(x.message, want_listed[li].message, "listed " .. li .. " message")
end
-- its totals are core's summary of the same run, the one db:check gives (one truth)
local summary = again:summary()
for _i, k in ipairs({"pass", "fail", "warn", "open", "na", "error", "clauses", "causes"}) do
  t.eq(tally[k], summary[k], "check_tally's totals." .. k)
end
t.eq(tally.score, summary.score, "check_tally's totals.score")
t.eq(tally.findings, #again, "check_tally's totals.findings")
local _g, none = db:check_tally{org = "jg", period = opts.period}
t.eq(#none, 0, "nothing listed unless asked")
t.fails("check_tally: field 'list'", db.check_tally, db, {period = "2017", list = {"failed"}})
t.fails("check_tally: field 'list'", db.check_tally, db, {period = "2017", list = "fail"})
t.fails("unknown field 'lst'", db.check_tally, db, {period = "2017", lst = {"fail"}})
t.fails("check_tally: field 'period' period '2017-13'", db.check_tally, db, {period = "2017-13"})

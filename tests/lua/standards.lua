-- Standards from Lua: the DSL, loading in the sandbox, revisions, tailoring, check functions,
-- findings, assessments and diff (run by the host with a fresh database, today 2017-09-05).
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
local g1 = db:add_org{kind = "group", code = "g1", name = "第一党小组", parent = b}
local m1 = db:add_member{name = "张三", gender = "male", status = "full", since = "2016-01-01",
  org = b, group = g1}
db:add_member{name = "李四", gender = "female", status = "full", since = "2016-01-01", org = b}

local PACK = [[
qufa.system{code = "demo", title = "演示体系", categories = {{code = "zb", title = "党支部"}}}
qufa.standard{
  code = "ZTDR", title = "主题党日活动规范", system = "demo", category = "zb",
  origin = "branch", org = "gy1", effective = "2017-01-01",
  clauses = {
    {number = "1", type = "陈述", text = "本规范适用于主题党日。"},
    {number = "4.1", type = "应", text = "每月开展一次主题党日。", responsible = "secretary",
     require = qufa.cadence{activity = "theme_day", per = "month"}},
    {number = "4.2", type = "应", text = "活动须有照片。",
     require = qufa.artifact{activity = "theme_day", type = "photo", within = 3}},
    {number = "4.3", type = "宜", text = "每次活动应有主题。",
     require = qufa.check{subject = "activity", activity = "theme_day",
       fn = function(a, ctx)
         if a.topic and a.topic ~= "" then return true, "主题：" .. a.topic end
         return false, "没有主题（" .. ctx.period.code .. "）"
       end}},
  },
}
]]

local rep = db:load_standards{text = PACK, name = "ztdr.lua"}
t.eq(#rep, 2, "a system and a standard")
t.eq(rep[2].code, "ZTDR", "standard code")
t.eq(rep[2].outcome, "new", "first load is new")
t.eq(db:load_standards{text = PACK, name = "ztdr.lua"}[2].outcome, "unchanged",
  "reloading the same definition is a no-op")

-- records for August and September (today 2017-09-05)
local a1 = db:add_activity{org = b, kind = "theme_day", title = "八月主题党日", topic = "重温入党誓词",
  starts_at = "2017-08-10 14:00", attendance = {{member = m1, state = "present"}}}
a1:add_artifact{type = "photo", title = "合影", issued_at = "2017-08-10 15:00"}
db:add_activity{org = b, kind = "theme_day", title = "七月主题党日", starts_at = "2017-07-12 14:00"}

local r = db:check{org = "gy1", period = "2017-07..2017-09"}
local seen = {}
for f in r:findings() do
  seen[#seen + 1] = f.clause .. " " .. f.status .. " " .. f.period
end
t.eq(table.concat(seen, "; "),
  "4.1 pass 2017-07; 4.2 fail 2017-07-12; 4.3 warn 2017-07-12; "
  .. "4.1 pass 2017-08; 4.2 pass 2017-08-10; 4.3 pass 2017-08-10; 4.1 open 2017-09",
  "findings in order, check function judged each theme day")
local s = r:summary()
t.eq(s.fail, 1, "one failure")
t.eq(s.warn, 1, "the 宜 clause warns")
t.eq(s.open, 1, "September is still open")
t.eq(#r, 7, "#result counts findings")
for f in r:findings{status = "warn"} do
  t.eq(f.message, "没有主题（2017-07-12）", "check function message")
end
for f in r:findings{status = "open"} do
  t.eq(f.days_left, 25, "days left in September")
  t.eq(f.due, "2017-09-30", "due date")
  t.eq(f.responsible, "secretary", "responsible post")
end
t.ok(r:json():find('"qufa_check": 2', 1, true), "json")
t.ok(r:csv():find("standard,clause,requirement", 1, true), "csv header")
t.ok(r:text():find("ZTDR", 1, true), "text")

-- assessments and diff: recording the missing photo turns the failure into a pass
local id1 = r:save(db, "七月检查")
local a0
for a in db:activities{kind = "theme_day", to = "2017-07-31"} do a0 = a end
a0:add_artifact{type = "photo", title = "照片", issued_at = "2017-07-13 09:00"}
local r2 = db:check{org = "gy1", period = "2017-07..2017-09"}
t.ok(r2.fingerprint ~= r.fingerprint, "new inputs, new fingerprint")
local id2 = r2:save(db)
local changes = qufa.diff(db:assessment(id1), db:assessment(id2))
t.eq(#changes, 1, "one change")
t.eq(changes[1].change, "status", "status changed")
t.eq(changes[1].a.status .. ">" .. changes[1].b.status, "fail>pass", "fail became pass")
local n = 0
for a in db:assessments() do n = n + 1; t.ok(a.fingerprint, "fingerprint listed") end
t.eq(n, 2, "two assessments")

-- a changed definition becomes a new revision; the old one stays
local PACK2 = PACK:gsub('within = 3', 'within = 2'):gsub('effective = "2017%-01%-01"', 'effective = "2017-09-01"')
t.eq(db:load_standards{text = PACK2, name = "ztdr.lua"}[2].outcome, "revised", "changed → revised")
local revs = 0
for s2 in db:standards{code = "ZTDR", all = true} do revs = revs + 1; t.ok(s2.rev <= 2, "rev") end
t.eq(revs, 2, "both revisions kept")
t.eq(db:standard("ZTDR", {on = "2017-08-01"}).rev, 1, "August judged by rev 1")
t.eq(db:standard("ZTDR", {on = "2017-09-02"}).rev, 2, "September by rev 2")

-- tailoring: change a parameter with provenance
db:load_standards{text = [[
qufa.tailor{code = "gy1-profile", org = "gy1",
  set = {["ZTDR/4.2#1"] = {within = 5, reason = "照片整理需要时间"}}}
]], name = "profile.lua"}
local std = db:standard("ZTDR", {org = "gy1", on = "2017-09-02"})
local c42
for _, c in ipairs(std.clauses) do if c.number == "4.2" then c42 = c end end
t.eq(c42.requirements[1].params.within, 5, "tailored parameter")
t.eq(c42.provenance.changes[1].by, "gy1-profile", "provenance names the overlay")
t.eq(c42.provenance.changes[1].detail.from, 2, "provenance keeps the old value")

-- several standards at once (the rulebook read once): each as db:standard gives it alone, a
-- code with no standard left out
local both = db:standard({"ZTDR", "NOSUCH", "ZTDR"}, {org = "gy1", on = "2017-09-02"})
t.eq(both.NOSUCH, nil, "a code with no standard is left out")
t.eq(db:standard({"ZTDR"}, {org = "gy1", on = "2017-09-02", json = true}),
  string.format("{\n  \"ZTDR\": %s\n}", (db:standard("ZTDR", {org = "gy1", on = "2017-09-02",
    json = true}):gsub("\n", "\n  "))), "the same standard as alone, as JSON")
t.eq(both.ZTDR.rev, std.rev, "the same revision as alone")
t.eq(#both.ZTDR.clauses, #std.clauses, "the same clauses as alone")
t.eq(next(db:standard({}, {})), nil, "no codes, no standards")
t.fails("standard: the list must hold standard codes", db.standard, db, {"ZTDR", 4})

-- errors name the file and line, the standard and the clause
local function load(text, name)
  return function() db:load_standards{text = text, name = name} end
end
t.fails("bad.lua: X/1 requirement 1: activity: activity_kind 'lectrue' is unknown",
  load("qufa.standard{code = 'X', title = 'x', clauses = {\n{number = '1', type = '应', "
    .. "text = 't', require = qufa.cadence{activity = 'lectrue', per = 'month'}}}}", "bad.lua"))
t.fails("syntax.lua:3:", load("qufa.standard{\n code = 'X',\n title = ", "syntax.lua"))
t.fails("evil.lua:1:", load("local f = io.open('/etc/passwd')", "evil.lua"))
t.fails("GB/T 1.1", load("qufa.standard{code = 'Y', title = 'y', clauses = {{number = '4.02', "
  .. "type = '应', text = 't'}}}", "num.lua"))
t.fails("per must be half_month, month, quarter, half_year or year",
  load("qufa.standard{code = 'Z', title = 'z', clauses = {{number = '1', type = '应', text = 't', "
    .. "require = qufa.cadence{activity = 'lecture', per = 'fortnight'}}}}", "per.lua"))
t.fails("pack file", function() qufa.standard{code = "A"} end)

-- adoption: a standard that takes effect in 2018 judges 2017 only for an org that adopts it
db:load_standards{text = [[
qufa.standard{code = "LATER", title = "二〇一八年条例", effective = "2018-10-28",
  clauses = {{number = "1", type = "应", text = "每季度召开党员大会。",
    require = qufa.cadence{activity = "general_meeting", per = "quarter"}}}}
]], name = "later.lua"}
local function later_findings()
  local count = 0
  for _f in db:check{org = "gy1", period = "2017", standard = "LATER"}:findings() do count = count + 1 end
  return count
end
t.eq(later_findings(), 0, "not in force in 2017: nothing judged")
t.fails("adopt LATER needs a reason", function() db:load_standards{text = [[
qufa.tailor{code = "gy1-adopt", org = "gy1", adopt = {{standard = "LATER", from = "2017-01-01"}}}
]], name = "adopt.lua"} end)
db:load_standards{text = [[
qufa.tailor{code = "gy1-adopt", org = "gy1",
  adopt = {{standard = "LATER", from = "2017-01-01", reason = "对照新条例自查"}}}
]], name = "adopt.lua"}
t.eq(later_findings(), 3, "adopted from 2017-01-01: Q1, Q2 failed, Q3 open")
t.eq(db:standard("LATER", {org = "gy1"}).adopted.reason, "对照新条例自查", "adoption provenance")

-- check functions asking the same list twice in a run get the same rows, as fresh records
-- (the run's read-only handle keeps list results: nothing can change them while it lasts)
db:load_standards{text = [[
qufa.standard{code = "MEMO", title = "名单", org = "gy1", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "先列名单，并改动所得记录。",
   require = qufa.check{subject = "org", fn = function(org, ctx)
     local names = {}
     for m in ctx.db:members{org = org.id, on = ctx.today} do
       names[#names + 1] = m.name
       m.name = "改了"
     end
     return true, table.concat(names, ",")
   end}},
  {number = "2", type = "应", text = "再列同一名单。",
   require = qufa.check{subject = "org", fn = function(org, ctx)
     local names = {}
     for m in ctx.db:members{org = org.id, on = ctx.today} do names[#names + 1] = m.name end
     local full = 0
     for _m in ctx.db:members{org = org.id, on = ctx.today, status = "full"} do full = full + 1 end
     local partial = 0
     for _m in ctx.db:members{org = org.id, on = ctx.today} do partial = partial + 1; break end
     return true, table.concat(names, ",") .. "/" .. full .. "/" .. partial
   end}},
  {number = "3", type = "应", text = "一边列名单，一边问许多别的名单。",
   require = qufa.check{subject = "org", fn = function(org, ctx)
     local names = {}
     for m in ctx.db:members{org = org.id, on = ctx.today} do
       names[#names + 1] = m.name
       for d = 1, 20 do -- more lists than the handle keeps
         for _x in ctx.db:members{org = org.id, on = string.format("2017-08-%02d", d)} do end
       end
     end
     return true, table.concat(names, ",")
   end}},
}}
]], name = "memo.lua"}
local memo = {}
for f in db:check{org = "gy1", period = "2017", standard = "MEMO"}:findings() do
  memo[f.clause] = f.message
end
local direct = {}
for m in db:members{org = b, on = "2017-09-05"} do direct[#direct + 1] = m.name end
t.eq(memo["1"], table.concat(direct, ","), "a check function lists the members")
t.eq(memo["2"], table.concat(direct, ",") .. "/2/1",
  "the same list again, unchanged by the first function's edits; other filters apart; break")
t.eq(memo["3"], table.concat(direct, ","), "a list being walked outlives newer ones")

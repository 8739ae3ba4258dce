-- Why a finding was given: db:explain(key) and finding:explain() on a pass, a fail, an n/a and
-- tailored parameters (the organ's and the branch's tailoring, with what they replaced), with
-- the records the evaluator considered and why each counted or not (run by the host, today
-- 2017-09-05).
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
local g1 = db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = b}
db:add_member{name = "张三", status = "full", since = "2000-01-01", org = b, group = g1}
db:load_standards{name = "s.lua", text = [[
qufa.system{code = "org-sys", title = "机关体系", categories = {{code = "c", title = "c"}}}
qufa.standard{code = "S", title = "活动规范", system = "org-sys", category = "c",
  effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "每月开展主题党日。",
   require = qufa.cadence{activity = "theme_day", per = "month", min = 1}},
  {number = "2", type = "应", text = "主题党日后及时撰写简讯。",
   require = qufa.artifact{activity = "theme_day", type = "news", within = 3}}}}
qufa.standard{code = "LATE", title = "年中生效", system = "org-sys", category = "c",
  effective = "2017-07-01", clauses = {
  {number = "1", type = "应", text = "每年开展一次。",
   require = qufa.cadence{activity = "lecture", per = "year", min = 1}}}}
qufa.tailor{code = "jg-t", org = "jg", import = {"org-sys"},
  set = {["S/1#1"] = {min = 2, reason = "机关要求每月两次"}}}
qufa.tailor{code = "gy1-t", org = "gy1",
  set = {["S/2#1"] = {within = 5, reason = "支部放宽至5天"},
         ["S/1#1"] = {min = 3, reason = "支部要求每月三次"}}}
]]}
local function day(d, kind, org, title)
  return db:add_activity{org = org or b, kind = kind or "theme_day", title = title or ("主题党日" .. d),
    starts_at = d .. " 09:00"}
end
-- June: two by the branch, one by a group (not counted: held by the group), one after today
local a1, a2 = day("2017-06-05"), day("2017-06-12")
local ag = day("2017-06-20", "theme_day", g1, "小组主题党日")
day("2017-06-22", "lecture")
-- July: three by the branch (pass); a news brief 6 days after one (outside the 5-day window)
local j1 = day("2017-07-03")
day("2017-07-10")
day("2017-07-17")
j1:add_artifact{type = "news", title = "简讯", issued_at = "2017-07-09 10:00"}
j1:add_artifact{type = "news", title = "简讯（补）", issued_at = "2017-07-07 10:00"}
local a3 = day("2017-08-01")
a3:add_artifact{type = "news", title = "迟到的简讯", issued_at = "2017-08-09 10:00"}

local r = db:check{org = "gy1", period = "2017"}
local found = {}
for f in r:findings() do found[f.key] = f end

-- a fail: June held 2 of 3; the group's theme day is named as not counted
local jun = found["S/1#1@gy1/period/2017-06"]
t.eq(jun.status, "fail", "June fails")
local x = jun:explain()
t.eq(x.key, "S/1#1@gy1/period/2017-06", "key")
t.eq(x.finding.status, "fail", "the finding, judged again")
t.eq(x.finding.message, jun.message, "the same message")
t.eq(x.clause.text, "每月开展主题党日。", "clause text")
t.eq(x.clause.source, "s.lua", "its source")
t.eq(x.clause.origin, "issued", "issued")
t.eq(x.requirement.kind, "cadence", "kind")
t.eq(x.period.code, "2017-06", "period")
t.eq(x.period.judged_on, "2017-06-30", "judged on the period's last day")
local params = {}
for _i, p in ipairs(x.requirement.params) do params[p.name] = p end
t.eq(params.min.value, 3, "the value applied")
t.eq(params.min.provenance.from, "tailoring", "from a tailoring")
t.eq(params.min.provenance.tailoring, "gy1-t", "the branch's")
t.eq(params.min.provenance.level, "branch", "a branch tailoring")
t.eq(params.min.provenance.reason, "支部要求每月三次", "why")
t.eq(params.min.provenance.was, 2, "it replaced the organ's value")
t.eq(params.min.provenance.before.tailoring, "jg-t", "which the organ had set")
t.eq(params.min.provenance.before.level, "organ", "an organ tailoring")
t.eq(params.min.provenance.before.was, 1, "over the standard's 1")
t.eq(params.per.provenance.from, "standard", "per: as issued")
t.eq(params.each.provenance.from, "default", "each: the kind's default")
local rec = {}
for _i, e in ipairs(x.records) do rec[e.id] = e end
t.eq(rec[a1.id].counted, true, "the branch's first counted")
t.eq(rec[a2.id].counted, true, "the branch's second counted")
t.eq(rec[ag.id].counted, false, "the group's not counted")
t.eq(rec[ag.id].why, "not counted: held by 第一党小组 (gy1-g1)", "why not")
t.eq(#x.records, 3, "only June's theme days")
t.ok(x.text:find("min = 3  (tailored by the branch: gy1-t of gy1; was 2) — 支部要求每月三次", 1,
  true), x.text)
t.ok(x.text:find("- activity " .. ag.id
  .. " 2017-06-20 theme party day \"小组主题党日\": not counted: held by 第一党小组 (gy1-g1)", 1, true), x.text)
t.ok(x.json:find('"qufa_explain": 1', 1, true), "json")

-- a pass: July, three counted
local jul = db:explain("S/1#1@gy1/period/2017-07")
t.eq(jul.finding.status, "pass", "July passes")
t.eq(#jul.records, 3, "three records")
for _i, e in ipairs(jul.records) do t.eq(e.counted, true, "counted " .. e.id) end

-- the tailored window: the brief 6 days after is outside the branch's 5 days; the other counts
local news = db:explain("S/2#1@gy1/activity/" .. j1.id)
t.eq(news.finding.status, "pass", "one brief in the window")
local by = {}
for _i, e in ipairs(news.records) do by[e.counted] = e end
t.eq(by[false].why, "not counted: dated 2017-07-09, after the 5-day window ending 2017-07-08",
  "the late brief")
t.eq(by[true].type, "artifact", "the brief in time")
local within
for _i, p in ipairs(news.requirement.params) do if p.name == "within" then within = p end end
t.eq(within.value, 5, "within tailored")
t.eq(within.provenance.level, "branch", "by the branch")
t.eq(within.provenance.was, 3, "was 3")
local late = db:explain("S/2#1@gy1/activity/" .. a3.id)
t.eq(late.finding.status, "fail", "only a late brief")
t.eq(late.records[1].why, "not counted: dated 2017-08-09, after the 5-day window ending 2017-08-06",
  "why")

-- an n/a: LATE took effect in July, so the year is judged n/a
local na = db:explain("LATE/1#1@gy1/period/2017")
t.eq(na.finding.status, "n/a", "n/a")
t.ok(na.finding.message:find("not in force for the whole period", 1, true), na.finding.message)
t.eq(na.period.judged_on, "2017-09-05", "a running year is judged today")

-- errors
t.fails("key: 'nonsense' is not a finding's key", db.explain, db, "nonsense")
t.fails("key: there is no org zz", db.explain, db, "S/1#1@zz/period/2017-06")
t.fails("key: no finding S/1#1@gy1/period/2018-06", db.explain, db, "S/1#1@gy1/period/2018-06")
t.fails("key: no finding S/9#1@gy1/period/2017-06", db.explain, db, "S/9#1@gy1/period/2017-06")
t.fails("there is no standard NOPE", db.explain, db, "NOPE/1#1@gy1/period/2017-06")
print("explain: ok")

-- Waivers (情况说明) from Lua: db:add_waiver and its refusals, a waived finding (status,
-- message, summary, score, JSON, CSV, assessments), a check run the day after the waiver's last
-- day (the finding as it is, "waiver N expired on …"), patterns and one requirement,
-- w:end_on, db:waivers filters, the organ's bound, and reminders (run by the host, today
-- 2017-09-05, actor "tester").
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
db:add_member{name = "张书记", status = "full", since = "2000-01-01", org = b}
db:load_standards{name = "m.lua", text = [[
qufa.standard{code = "M", title = "月度", org = "gy1", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "每月开展一次主题党日。",
   require = {qufa.cadence{activity = "theme_day", per = "month", min = 1},
              qufa.cadence{activity = "lecture", per = "month", min = 1}}},
  {number = "2", type = "宜", text = "每月开展一次党小组会。",
   require = qufa.cadence{activity = "group_meeting", per = "month", min = 1}}}}
]]}
for _i, m in ipairs{"01", "02", "03", "04", "05", "06", "07", "08"} do
  if m ~= "06" and m ~= "07" then
    db:add_activity{org = b, kind = "theme_day", title = "主题党日" .. m,
      starts_at = "2017-" .. m .. "-10 09:00"}
  end
end

local function finding(r, key)
  for f in r:findings() do if f.key == key then return f end end
end

-- refusals: each names the field, and nothing is written
local function refused(needle, spec)
  local before = 0
  for _w in db:waivers() do before = before + 1 end
  t.fails(needle, db.add_waiver, db, spec)
  local after = 0
  for _w in db:waivers() do after = after + 1 end
  t.eq(after, before, "nothing written for " .. needle)
end
local base = {target = "M/1", subject = "gy1/period/2017-06", reason = "六月支部集中参加培训",
  approved_by = "机关党委 王", from = "2017-06-01", to = "2017-06-30"}
local function with(changes)
  local s = {}
  for k, v in pairs(base) do s[k] = v end
  for k, v in pairs(changes) do s[k] = v ~= false and v or nil end
  return s
end
refused("target: there is no standard X", with{target = "X/1"})
refused("target: standard M has no clause 9", with{target = "M/9"})
refused("target: 'M1' is not STANDARD/CLAUSE", with{target = "M1"})
refused("target: requirement 'x' is not a number", with{target = "M/1#x"})
refused("subject: there is no org zz", with{subject = "zz/period/2017-06"})
refused("subject: 'gy1' is not ORG/WHAT", with{subject = "gy1"})
refused("reason: required", with{reason = false})
refused("approved_by: required", with{approved_by = false})
refused("approved_by: tester recorded the waiver", with{approved_by = "tester"})
refused("approved_by: 王 recorded the waiver", with{recorded_by = "王", approved_by = "王"})
refused("to: required", with{to = false})
refused("to: 2017-05-31 is before from (2017-06-01)", with{to = "2017-05-31"})
refused("2017-06-01..2018-06-02 is 367 days; a waiver may hold at most 366 days", with{to = "2018-06-02"})
refused("add_waiver: unknown field 'until'", with{until_ = nil, ["until"] = "2017-06-30"})

-- the organ's bound: an attribute of the committee, found from the branch
jg:update{attrs = {waiver_max_days = 31}}
refused("to: 2017-06-01..2017-07-31 is 61 days; a waiver may hold at most 31 days",
  with{to = "2017-07-31"})
b:update{attrs = {waiver_max_days = "long"}}
refused("attribute waiver_max_days must be a whole number", base)
b:update{attrs = {}}

-- June: the theme day failed; a waiver of requirement 1 of clause 1 for June
local before = db:check{org = "gy1", period = "2017"}
local jun = finding(before, "M/1#1@gy1/period/2017-06")
t.eq(jun.status, "fail", "June failed before the waiver")
local fp_before = before.fingerprint
local w = db:add_waiver(with{target = "M/1#1"})
t.eq(w.id, 1, "id")
t.eq(w.target, "M/1#1", "target")
t.eq(w.subject, "gy1/period/2017-06", "subject")
t.eq(w.org, "gy1", "org")
t.eq(w.requirement, 1, "requirement")
t.eq(w.recorded_by, "tester", "recorded by the actor")
t.eq(w.recorded_on, "2017-09-05", "recorded today")
t.eq(w.to, "2017-06-30", "last day")

local r = db:check{org = "gy1", period = "2017"}
t.ok(r.fingerprint ~= fp_before, "a waiver changes the fingerprint")
local f = finding(r, "M/1#1@gy1/period/2017-06")
t.eq(f.status, "waived", "June waived")
t.eq(f.waiver.id, 1, "the waiver")
t.eq(f.waiver.reason, "六月支部集中参加培训", "its reason")
t.eq(f.waiver.approved_by, "机关党委 王", "approver")
t.eq(f.waiver.recorded_by, "tester", "recorder")
t.eq(f.waiver.expired, false, "in force")
t.eq(f.cause, nil, "a waived finding is not a lapse")
t.ok(f.message:find("[waived until 2017-06-30: 六月支部集中参加培训 (waiver 1, approved by 机关党委 王)]",
  1, true), "message says why: " .. f.message)
-- the lecture requirement (#2) and July are not covered
t.eq(finding(r, "M/1#2@gy1/period/2017-06").status, "fail", "requirement 2 not waived")
t.eq(finding(r, "M/1#1@gy1/period/2017-07").status, "fail", "July not waived")
-- a pass is never waived
t.eq(finding(r, "M/1#1@gy1/period/2017-05").waiver, nil, "May untouched")
local s0, s1 = before:summary(), r:summary()
t.eq(s1.waived, 1, "summary counts the waived finding")
t.eq(s1.fail, s0.fail - 1, "one failure fewer")
t.eq(s0.waived, 0, "none before")
t.ok(s1.score > s0.score, "the rate rises: the waived finding is not judged")
t.eq(s1.score, 100 * s1.pass / (s1.pass + s1.fail + s1.warn + s1.error - (s0.fail + s0.warn
  - s0.causes)), "rate without the waived finding")
local json = r:json()
t.ok(json:find('"waived": 1', 1, true), "json summary")
t.ok(json:find('"status": "waived"', 1, true), "json status")
t.ok(json:find('"approved_by": "机关党委 王"', 1, true), "json waiver")
t.ok(r:csv():find("waived", 1, true), "csv status")

-- saved and read back: still waived, with its waiver
local id = r:save(db, "with a waiver")
local back = db:assessment(id)
local bf = finding(back, "M/1#1@gy1/period/2017-06")
t.eq(bf.status, "waived", "assessment keeps the status")
t.eq(bf.waiver.reason, "六月支部集中参加培训", "and the waiver")
t.eq(back:summary().waived, 1, "and the summary")

-- a pattern: July to September, clause 2 (宜: warn → waived)
jg:update{attrs = {}}
db:add_waiver{target = "M/2", subject = "gy1/period/2017-0[789]", reason = "党小组调整",
  approved_by = "王", from = "2017-07-01", to = "2017-08-01"}
r = db:check{org = "gy1", period = "2017"}
t.eq(finding(r, "M/2#1@gy1/period/2017-06").status, "warn", "June not in the pattern")
t.eq(finding(r, "M/2#1@gy1/period/2017-07").status, "waived", "July: judged 07-31, in force")
-- August is judged on its last day (08-31), after the waiver's last day (08-01)
local aug = finding(r, "M/2#1@gy1/period/2017-08")
t.eq(aug.status, "warn", "August: the waiver had ended")
t.eq(aug.waiver.expired, true, "expired")
t.ok(aug.message:find("[waiver 2 expired on 2017-08-01]", 1, true), "says so: " .. aug.message)
-- September runs: judged today, in the waiver's days? no (09-05 > 08-01): open as it is
local sep = finding(r, "M/2#1@gy1/period/2017-09")
t.eq(sep.status, "open", "September open")
t.eq(sep.waiver.expired, true, "its waiver expired")

-- a waiver of the running month: waived while it holds; the day after its last day, not
db:add_waiver{target = "M/1#1", subject = "gy1/period/2017-09", reason = "九月换届",
  approved_by = "王", from = "2017-09-01", to = "2017-09-20"}
r = db:check{org = "gy1", period = "2017-09"}
t.eq(finding(r, "M/1#1@gy1/period/2017-09").status, "waived", "the open month waived today")
db:set_today("2017-09-20")
t.eq(finding(db:check{org = "gy1", period = "2017-09"}, "M/1#1@gy1/period/2017-09").status,
  "waived", "on its last day")
db:set_today("2017-09-21")
local after = finding(db:check{org = "gy1", period = "2017-09"}, "M/1#1@gy1/period/2017-09")
t.eq(after.status, "open", "the day after its last day: as it is")
t.ok(after.message:find("waiver 3 expired on 2017-09-20", 1, true), after.message)
db:set_today("2017-10-02")
local oct = finding(db:check{org = "gy1", period = "2017-09"}, "M/1#1@gy1/period/2017-09")
t.eq(oct.status, "fail", "and failed once the month is over")
t.eq(oct.waiver.expired, true, "with the expired waiver")
db:set_today("2017-09-05")

-- ending a waiver early
local w3 = db:waiver(3)
t.fails("date: 2017-10-01 is not a day waiver 3 holds (2017-09-01..2017-09-20)", w3.end_on, w3,
  "2017-10-01")
w3:end_on("2017-09-04", "换届提前完成")
t.eq(w3.to, "2017-09-04", "last day moved")
t.eq(w3.ended, "2017-09-05", "ended today")
t.eq(w3.end_note, "换届提前完成", "why")
t.eq(finding(db:check{org = "gy1", period = "2017-09"}, "M/1#1@gy1/period/2017-09").status,
  "open", "ended: the running month is open again")

-- listing
local ids = {}
for x in db:waivers{org = "jg"} do ids[#ids + 1] = x.id end
t.eq(table.concat(ids, ","), "1,3,2", "under the committee, by org, standard, clause, from")
ids = {}
for x in db:waivers{holds_on = "2017-07-15"} do ids[#ids + 1] = x.id end
t.eq(table.concat(ids, ","), "2", "holding on a day")
ids = {}
for x in db:waivers{ends_by = "2017-07-01"} do ids[#ids + 1] = x.id end
t.eq(table.concat(ids, ","), "1", "ending by a day")
t.eq(db:waiver(99), nil, "no such waiver")

-- reminders: a waiver ending soon; a waived open finding reminds of nothing
local function lecture_reminder(res)
  for x in res:reminders{shown = true} do
    if x.key:find("M/1#2/gy1/2017-09", 1, true) then return x end
  end
end
t.ok(lecture_reminder(db:remind{}), "September's lectures are reminded of before the waiver")
db:add_waiver{target = "M/1#2", subject = "gy1/period/2017-09", reason = "九月无党课安排",
  approved_by = "王", from = "2017-09-01", to = "2017-09-15"}
local rm = db:remind{}
local ending
for x in rm:reminders{shown = true} do
  if x.key == "waiver/4/2017-09-15" then ending = x end
end
local lecture = lecture_reminder(rm)
t.ok(ending, "the waiver's end is a reminder")
t.eq(ending.due, "2017-09-15", "due on its last day")
t.ok(ending.message:find("waiver 4 (九月无党课安排; approved by 王) ends on 2017-09-15", 1, true),
  ending.message)
t.eq(lecture, nil, "no reminder for the waived month's lectures")
print("waivers: ok")

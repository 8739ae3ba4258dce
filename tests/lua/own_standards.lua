-- The branch's own standards (scripts/packs/branch-gy1.lua): each clause judged by a function
-- of its own gives the verdict its text says, on records of 2018 (every standard in force all
-- year) built for it, with what the function should say computed by hand. The pass paths the
-- demo shows (tests/cli/test_demo.sh); the failing and open ones are here.
local t = require "t"

local root = arg[0]:match("^(.*)/tests/lua/[^/]*$") or "."
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg,
  attrs = {last_election = "2016-03-01"}}
local g1 = db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = b}
local g2 = db:add_org{kind = "group", code = "gy1-g2", name = "第二党小组", parent = b}
for _i, f in ipairs({"regulations.lua", "organ-system.lua", "branch-gy1.lua"}) do
  db:load_standards(root .. "/scripts/packs/" .. f)
end
db:flow_load(root .. "/scripts/workflows/election.lua")

-- 党员1..8 full, 党员9 probationary; 党员1 secretary, 2 organization, 3 publicity,
-- 4 discipline (elected 2016-03-01: the term ends 2019-03-01)
local P = {}
for i = 1, 9 do
  P[i] = db:add_member{name = "党员" .. i, code = "P" .. i, status = i == 9 and "probationary"
    or "full", since = "2010-01-01", org = b, group = i <= 5 and g1 or g2}
end
local POSTS = {"secretary", "organization", "publicity", "discipline"}
for i, post in ipairs(POSTS) do
  db:appoint{member = P[i], org = b, post = post, start = "2016-03-01"}
end
db:appoint{member = P[5], org = g1, post = "group_leader", start = "2016-03-01"}

local function everyone(day, except)
  local list = {}
  for m in db:members{org = b, on = day, status = {"full", "probationary"}} do
    local away = except and except[m.code]
    list[#list + 1] = {member = m, state = away or "present", reason = away and "出差" or nil}
  end
  return list
end

-- findings of one standard over a period, by "clause#requirement period" and by subject
local function check(code, period)
  local by, list = {}, {}
  for f in db:check{org = "gy1", period = period, standard = code}:findings() do
    by[f.clause .. "#" .. f.requirement .. " " .. f.period] = f
    list[#list + 1] = f
  end
  return by, list
end
local function finding(list, clause, subject)
  for _i, f in ipairs(list) do
    if f.clause == clause and (not subject or f.subject:find(subject, 1, true)) then return f end
  end
  error("no finding of " .. clause .. (subject and (" about " .. subject) or ""), 2)
end
local function is(f, status, message, what)
  t.eq(f.status, status, what .. ": status (" .. tostring(f.message) .. ")")
  if message then
    t.ok(tostring(f.message):find(message, 1, true), what .. ": '" .. tostring(f.message)
      .. "' says '" .. message .. "'")
  end
end

---------------------------------------------------------------------------------------------
-- GY1-YESS 2.2: the discipline member at each committee meeting (宜: a warning)
db:set_today("2018-12-31")
db:add_activity{org = b, kind = "committee_meeting", title = "委员会一月",
  starts_at = "2018-01-05 09:00", attendance = {{member = P[1], state = "present"},
    {member = P[4], state = "present"}}}
db:add_activity{org = b, kind = "committee_meeting", title = "委员会二月",
  starts_at = "2018-02-05 09:00", attendance = {{member = P[1], state = "present"},
    {member = P[4], state = "leave", reason = "出差"}}}
db:add_activity{org = b, kind = "committee_meeting", title = "委员会三月",
  starts_at = "2018-03-05 09:00", attendance = {{member = P[1], state = "present"}}}
local _, list = check("GY1-YESS", "2018")
is(finding(list, "2.2", "委员会一月"), "pass", "纪检委员党员4参加", "present")
is(finding(list, "2.2", "委员会二月"), "warn", "纪检委员党员4未参加（请假：出差）", "on leave")
is(finding(list, "2.2", "委员会三月"), "warn", "考勤中没有纪检委员党员4", "not recorded")

-- 4.2: the duty rotation: a turn held by someone not on the committee, and a member serving
-- again before the others had their turn
local turns = {{"P1", "2018-01-01", "2018-01-31"}, {"P2", "2018-02-01", "2018-02-28"},
  {"P6", "2018-03-01", "2018-03-31"}, {"P1", "2018-04-01", "2018-12-31"}}
for _i, x in ipairs(turns) do
  db:appoint{member = x[1], org = b, post = "on_duty", start = x[2], finish = x[3]}
end
local by = check("GY1-YESS", "2018")
is(by["4.2.1#1 2018-01-01..2018-12-31"], "pass", "held every day", "someone on duty every day")
is(by["4.2.2#1 2018-02"], "pass", "1段轮值均由支部委员担任", "February")
is(by["4.2.2#1 2018-03"], "fail", "党员6（2018-03-01起）不是支部委员", "March: not a member")
is(by["4.2.3#1 2018-Q2"], "warn", "2018-04-01 党员1再次轮值，党员3、党员4本轮尚未轮值", "in turn")

-- 4.4: members away. 党员6 since 1 March is six months up on 1 September: a fail until the
-- letter is out; 党员7, away since 1 October, is not due yet
P[6]:set_flag("mobile", "2018-03-01")
P[7]:set_flag("mobile", "2018-10-01")
by = check("GY1-YESS", "2018")
is(by["4.4#1 2018-09"], "fail", "党员6自2018-03-01外出（流动党员），2018-09-01已满6个月，未转移组织关系",
  "six months up")
t.ok(not by["4.4#1 2018-09"].message:find("党员7", 1, true), "党员7 is not due: " .. by["4.4#1 2018-09"].message)
-- the reminders: 党员6 overdue since 1 September, 党员7 due on 1 April 2019
local due = {}
for r in db:remind{dry_run = true, within = "120d", hooks = false}:reminders{} do
  if r.rule == "gy1_mobile_transfer" then due[r.subject] = r.due end
end
t.eq(due["党员6"], "2018-09-01", "党员6 reminded, overdue")
t.eq(due["党员7"], "2019-04-01", "党员7 reminded ahead")
t.eq(due["党员1"], nil, "a member not away is not")
db:add_transfer{member = P[6], org = b, direction = "out", letter_date = "2018-09-20",
  other_org = "外派单位党委", valid_days = 30}
by = check("GY1-YESS", "2018")
is(by["4.4#1 2018-09"], "pass", "党员6（2018-03-01起外出，2018-09-20开具介绍信）", "the letter is out")
due = {}
for r in db:remind{dry_run = true, within = "120d", hooks = false}:reminders{} do
  if r.rule == "gy1_mobile_transfer" then due[r.subject] = r.due end
end
t.eq(due["党员6"], nil, "no reminder once the letter is out")

---------------------------------------------------------------------------------------------
-- GY1-DXZ 7: the group leaders' quarterly reports; 3: a leader for every group
db:add_artifact{org = g1, type = "report", title = "第一党小组一季度汇报", issued_at = "2018-03-20 10:00"}
db:add_artifact{org = g2, type = "report", title = "第二党小组四季度汇报", issued_at = "2018-12-20 10:00"}
by = check("GY1-DXZ", "2018")
is(by["7#1 2018-Q1"], "fail", "2018-Q1：第二党小组尚未汇报", "Q1: the second group did not report")
is(by["7#1 2018-Q2"], "fail", "第一党小组、第二党小组尚未汇报", "Q2: neither")
is(by["7#1 2018-Q4"], "open", "2018-Q4：第一党小组尚未汇报", "Q4 to its last day: open")
db:set_today("2019-01-05")
by = check("GY1-DXZ", "2018")
is(by["7#1 2018-Q4"], "fail", "2018-Q4：第一党小组尚未汇报", "Q4 over: the first did not")
db:set_today("2018-11-15")
by = check("GY1-DXZ", "2018")
is(by["7#1 2018-Q4"], "open", "第一党小组、第二党小组尚未汇报", "Q4 running: open")
db:set_today("2018-12-31")
_, list = check("GY1-DXZ", "2018")
is(finding(list, "3", "第一党小组"), "pass", nil, "the first group's leader")
is(finding(list, "3", "第二党小组"), "fail", nil, "the second group has none")

---------------------------------------------------------------------------------------------
-- GY1-ZZSHH: the life meeting of 20 June and the appraisal that afternoon
local DAY = "2018-06-20"
local function talk(host, day, with)
  local att = {}
  for _i, m in ipairs(with) do att[#att + 1] = {member = m, state = "present"} end
  db:add_activity{org = b, kind = "heart_talk", title = host.name .. "谈心谈话",
    starts_at = day .. " 09:00", host = host, attendance = att}
end
local function all_but(c, skip)
  local out = {}
  for _i, m in ipairs(P) do
    if m.id ~= c.id and m ~= skip then out[#out + 1] = m end
  end
  return out
end
for i = 1, 3 do talk(P[i], "2018-06-01", all_but(P[i])) end
talk(P[4], "2018-06-05", all_but(P[4], P[9]))
talk(P[4], "2018-03-01", {P[9]}) -- more than 60 days before: does not count
local life = db:add_activity{org = b, kind = "life_meeting", title = "组织生活会",
  starts_at = DAY .. " 09:00", ends_at = DAY .. " 11:00", attendance = everyone(DAY),
  agenda = {{segment = "report", title = "通报"}, {segment = "self_review", title = "对照检查"},
    {segment = "criticism", title = "批评和自我批评"}, {segment = "rectification", title = "整改"}}}
life:add_artifact{type = "opinions", title = "征求意见", issued_at = "2018-06-18 10:00"}
life:add_artifact{type = "self_review", title = "对照检查1", issued_at = "2018-06-19 10:00",
  attrs = {author = "P1"}}
life:add_artifact{type = "self_review", title = "对照检查2", issued_at = "2018-06-19 10:00",
  attrs = {author = "党员2"}}
life:add_artifact{type = "self_review", title = "对照检查3", issued_at = "2018-06-19 10:00",
  attrs = {author = "P3"}}
life:add_artifact{type = "self_review", title = "对照检查4（会后补交）",
  issued_at = "2018-06-21 10:00", attrs = {author = "P4"}}
life:add_artifact{type = "minutes", title = "记录", issued_at = DAY .. " 12:00"}
life:add_artifact{type = "rectification", title = "整改清单", issued_at = "2018-07-10 10:00"}
life:add_artifact{type = "report", title = "报告", issued_at = "2018-06-30 10:00"}
local appraisal = db:add_activity{org = b, kind = "appraisal", title = "民主评议",
  starts_at = DAY .. " 14:30", attendance = everyone(DAY)}
for i = 1, 8 do
  db:set_appraisal{member = P[i], year = 2018, activity = appraisal,
    result = i <= 4 and "excellent" or "qualified"}
end
by, list = check("GY1-ZZSHH", "2018")
-- 4 committee members with the 8 others: 8 + 7 + 6 + 5 = 26 pairs; 党员4 never talked with
-- 党员9 in the 60 days before
is(finding(list, "3.1"), "fail", "会前60日内应谈26对，缺1对：党员4—党员9", "talks")
is(finding(list, "3.2"), "pass", nil, "opinions two days before")
is(finding(list, "3.3"), "fail", "会前缺对照检查材料：党员4", "a self-review after the meeting")
is(finding(list, "4.1"), "pass", nil, "the order of the meeting")
is(finding(list, "4.2"), "warn", nil, "no one from the party committee above")
is(by["5.1#1 " .. DAY], "fail", nil, "the rectification list after 20 days")
is(by["5.1#2 " .. DAY], "pass", nil, "the report within 15 days")
is(finding(list, "6.2"), "fail", "没有评议等次：党员9", "党员9 not graded")
is(finding(list, "6.3"), "fail", "评为优秀4人，参评8人（不超过2人）", "more than a third excellent")
-- the adopted regulation reads the same grades
by = check("ZBGZTL", "2018")
is(by["6.4#1 2018"], "fail", "评为优秀4人，参评8人", "ZBGZTL/6.4 reads the recorded grades")
db:set_appraisal{member = P[9], year = 2018, activity = appraisal, result = "qualified"}
for i = 3, 4 do
  db:set_appraisal{member = P[i], year = 2018, activity = appraisal, result = "qualified"}
end
_, list = check("GY1-ZZSHH", "2018")
is(finding(list, "6.2"), "pass", "党员9人均有评议等次", "everyone graded")
is(finding(list, "6.3"), "pass", "评为优秀2人，参评9人（不超过3人）", "a third at most")

---------------------------------------------------------------------------------------------
-- GY1-WYGX: the term ends 2019-03-01; decided by 2018-12-01 at the latest
db:set_today("2018-12-05")
by = check("GY1-WYGX", "2018")
is(by["2.2#1 2018-Q4"], "fail", "任期2019-03-01届满，应于2018-12-01前研究决定换届，尚未决定",
  "not decided in time")
local start
for r in db:remind{dry_run = true, within = "30d", hooks = false}:reminders{} do
  if r.rule == "gy1_reelection_start" then start = r end
end
t.eq(start and start.due, "2018-12-01", "the re-election reminded of, overdue")

-- the election: the procedure's own thresholds are lowered (a branch may tailor them), so
-- the case goes through while the standard, at the regulations' numbers, finds what is wrong
db:flow_set_param("election", "candidate_margin", 0)
db:flow_set_param("election", "quorum", 0.5)
db:flow_set_param("election", "elected_share", 0.3)
local function file(type_, title, day)
  return db:add_artifact{org = b, type = type_, title = title, issued_at = day .. " 10:00"}
end
db:set_today("2018-12-31") -- the steps below are recorded at the year's end
local c = db:flow_start{procedure = "election", org = b, date = "2018-12-05"}
c:advance{step = "decision", date = "2018-12-05", artifacts = {file("minutes", "决定", "2018-12-05")}}
c:advance{step = "request", date = "2018-12-06", artifacts = {file("report", "请示", "2018-12-06")}}
c:advance{step = "approval", date = "2018-12-10", artifacts = {file("approval", "批复", "2018-12-10")}}
c:advance{step = "candidates", date = "2018-12-11", fields = {seats = 2, candidates = {P[1], P[5]}}}
c:advance{step = "candidates_approval", date = "2018-12-12",
  artifacts = {file("approval", "候选人批复", "2018-12-12")}}
-- 8 with the vote (党员9 is probationary): 6 present is not more than 4/5
c:advance{step = "meeting", date = "2018-12-14", artifacts = {file("minutes", "选举", "2018-12-14")},
  fields = {present = 6, ballots_issued = 6, ballots_returned = 6, elected = {P[1], P[5]},
    lowest_votes = 3}}
db:set_today("2018-12-15")
by = check("GY1-WYGX", "2018")
is(by["2.2#1 2018-Q4"], "fail", "2018-12-05才研究决定换届，应不晚于2018-12-01（任期2019-03-01届满）",
  "decided late")
is(by["3.1#1 2018-Q4"], "fail", "应选2名，候选人2名（至少3名）", "no margin")
is(by["4.1#1 2018-Q4"], "fail", "应到会有选举权党员8人，到会6人（须超过0.8）", "no quorum")
is(by["4.2#1 2018-Q4"], "pass", "发出选票6张，收回6张", "ballots")
is(by["4.3#1 2018-Q4"], "fail", "到会6人，当选人最少得3票", "not more than half")
is(by["4.4#1 2018-Q4"], "fail", "应选2名，当选2名（委员会3至7人）", "too small a committee")
is(by["5.1#1 2018-Q4"], "open", "选举结果应于2019-01-14前报机关党委", "report not yet due")
t.eq(by["5.2#1 2018-Q4"].status, "n/a", "not confirmed yet")
db:set_today("2018-12-31")
c:advance{step = "report", date = "2018-12-20", artifacts = {file("report", "结果", "2018-12-20")},
  fields = {secretary = P[5], organization = P[1]}}
c:advance{step = "confirm", date = "2018-12-28", artifacts = {file("approval", "批复", "2018-12-28")}}
by = check("GY1-WYGX", "2018")
is(by["5.1#1 2018-Q4"], "pass", "2018-12-20报告选举结果（不晚于2019-01-14）", "reported")
is(by["5.2#1 2018-Q4"], "pass", "新一届委员会接任，上届职务已终止", "the new committee in office")
-- a post given outside the election is found
db:appoint{member = P[3], org = b, post = "publicity", start = "2018-12-28"}
by = check("GY1-WYGX", "2018")
is(by["5.2#1 2018-Q4"], "fail", "新一届委员会：党员3仍任", "a post of someone not elected")
print("own_standards: ok")

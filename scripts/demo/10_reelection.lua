-- Demo, part 10: the re-election of the branch committee. The committee elected on 10 January
-- 2015 would serve three years, to 10 January 2018; the organ's party committee scheduled its
-- branches' re-elections for the summer of 2017, so with its approval the branch re-elects
-- early (at most a year early: GY1-WYGX 2.3). The shipped procedure `election` records each
-- step, the branch's 《支部委员改选规范》 (GY1-WYGX) judges what it leaves:
--   decided by the committee on 4 July, requested in writing on 6 July, approved on 14 July;
--   six candidates for five seats (the 20% margin), approved on 31 July;
--   the election meeting of 22 August: 12 of the 14 members with the vote present (more than
--   4/5), 12 ballots out and back, every elected member over half of the votes;
--   the result reported on 23 August with the division of work, the secretary confirmed on
--   31 August, when the new committee takes office.
-- 周明, the publicity member, was not re-elected: his post ends the day before, 刘芳 takes it,
-- 孙燕 joins the committee as a member; the new committee restarts the duty rotation.
local branch = db:org("gy1")
local function m(code) return db:member(code) end

local function evidence(type_, title, at)
  return db:add_artifact{org = branch, type = type_, title = title, issued_at = at}
end

-- the decision's evidence: the minutes of the committee meeting of 4 July
local decision_minutes
for a in db:activities{org = branch, kind = "committee_meeting", from = "2017-07-04",
    to = "2017-07-04"} do
  decision_minutes = qufa.list(a:artifacts{type = "minutes"})[1]
end
local case = db:flow_start{procedure = "election", org = branch, date = "2017-07-04",
  note = "机关党委统一部署各支部2017年换届"}
case:advance{step = "decision", date = "2017-07-04", artifacts = {decision_minutes},
  note = "支部委员会研究决定提前换届"}
case:advance{step = "request", date = "2017-07-06", artifacts = {evidence("report",
  "关于工业标准一部党支部委员会换届选举的请示", "2017-07-06 10:00")}}
case:advance{step = "approval", date = "2017-07-14", artifacts = {evidence("approval",
  "机关党委关于同意工业标准一部党支部委员会换届选举的批复", "2017-07-14 15:00")}}
local candidates = {m("GY1-001"), m("GY1-002"), m("GY1-003"), m("GY1-009"), m("GY1-004"),
  m("GY1-012")}
case:advance{step = "candidates", date = "2017-07-20",
  fields = {seats = 5, candidates = candidates}}
case:advance{step = "candidates_approval", date = "2017-07-31", artifacts = {evidence("approval",
  "机关党委关于工业标准一部党支部委员会委员候选人的批复", "2017-07-31 15:00")}}

-- the election meeting: every party member attends, the probationary ones without a vote
local DAY = "2017-08-22"
local attendance = {}
local away = {["GY1-013"] = "外派", ["GY1-006"] = "出差"}
for p in db:members{org = branch, on = DAY, status = {"full", "probationary"}} do
  attendance[#attendance + 1] = {member = p, state = away[p.code] and "leave" or "present",
    reason = away[p.code]}
end
local elected = {m("GY1-001"), m("GY1-002"), m("GY1-003"), m("GY1-004"), m("GY1-012")}
local votes = {12, 12, 11, 10, 9}
local results = {}
for i, e in ipairs(elected) do results[i] = {name = e.name, votes = votes[i]} end
local meeting = db:add_activity{org = branch, kind = "election",
  title = "支部党员大会：选举新一届支部委员会", topic = "换届选举",
  starts_at = DAY .. " 14:30", ends_at = DAY .. " 16:30", place = "三楼会议室",
  host = m("GY1-001"), recorder = m("GY1-009"), attendance = attendance,
  agenda = {{segment = "report", title = "书记代表上届支部委员会作工作报告"},
    {segment = "election", title = "差额选举新一届支部委员会委员"}},
  attrs = {seats = 5, candidates = #candidates, elected = results}}
local minutes = meeting:add_artifact{type = "minutes", title = "换届选举大会记录",
  issued_at = DAY .. " 17:00", mime = "text/plain",
  content = "应到会有选举权党员14人，实到12人。发出选票12张，收回12张。张建国、李秀英、王志强、"
    .. "刘芳、孙燕当选支部委员会委员，周明未当选。"}
case:advance{step = "meeting", date = DAY, artifacts = {minutes},
  fields = {present = 12, ballots_issued = 12, ballots_returned = 12, elected = elected,
    lowest_votes = 9}}
case:advance{step = "report", date = "2017-08-23", artifacts = {evidence("report",
  "关于工业标准一部党支部委员会选举结果的报告", "2017-08-23 10:00")},
  fields = {secretary = m("GY1-001"), organization = m("GY1-002"), publicity = m("GY1-004"),
    discipline = m("GY1-003")}}
case:advance{step = "confirm", date = "2017-08-31", artifacts = {evidence("approval",
  "机关党委关于工业标准一部党支部委员会书记的批复", "2017-08-31 15:00")}}

-- the new committee's duty rotation starts with the secretary
db:appoint{member = m("GY1-001"), org = branch, post = "on_duty", start = "2017-08-31",
  finish = "2017-09-15", note = "新一届支部委员会轮值"}

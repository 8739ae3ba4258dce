-- Demo, part 3: a few of the branch's activities in 2017 — a semimonthly talk with an invited
-- expert, a party lecture, a group meeting — with attendance, agenda and the evidence left.
local branch = db:org("gy1")
local function m(code) return db:member(code) end

-- everyone in the branch present, except those listed in `away` (code -> reason)
local function attendance(org, on, away)
  local list = {}
  for member in db:members{org = org, on = on} do
    local reason = away[member.code]
    list[#list + 1] = {member = member, state = reason and "leave" or "present", reason = reason}
  end
  return list
end

local talk = db:add_activity{
  org = branch, kind = "semimonthly_talk", title = "半月谈：绿色制造标准体系",
  topic = "绿色制造", starts_at = "2017-03-01 14:30", ends_at = "2017-03-01 17:00",
  place = "三楼会议室", host = m("GY1-001"), recorder = m("GY1-002"),
  attendance = attendance(branch, "2017-03-01", {["GY1-006"] = "出差", ["GY1-013"] = "外派"}),
  guests = {{name = "林教授", affiliation = "某标准化研究院", role = "expert"}},
  agenda = {
    {segment = "study", title = "学习《关于加强绿色制造标准化工作的指导意见》"},
    {segment = "expert_briefing", title = "专家解读绿色制造标准体系"},
    {segment = "discussion", title = "结合业务交流讨论"},
  },
}
talk:add_artifact{type = "notice", title = "关于召开半月谈的通知", issued_at = "2017-02-24 09:00",
  content = "定于3月1日14:30在三楼会议室召开半月谈，请全体党员参加。", mime = "text/plain"}
talk:add_artifact{type = "invitation", title = "邀请函", issued_at = "2017-02-22 10:00"}
talk:add_artifact{type = "minutes", title = "半月谈会议记录", issued_at = "2017-03-01 17:30",
  content = "主持人：张建国。记录人：李秀英。专家解读后，大家结合工作进行了讨论。",
  mime = "text/plain"}

local lecture = db:add_activity{
  org = branch, kind = "lecture", title = "党课：学习党章，做合格党员",
  starts_at = "2017-05-10 09:00", ends_at = "2017-05-10 11:00", place = "三楼会议室",
  host = m("GY1-002"), recorder = m("GY1-009"), lecturer = m("GY1-001"),
  attendance = attendance(branch, "2017-05-10", {["GY1-011"] = "病假"}),
  agenda = {{segment = "lecture", title = "书记讲党课"}, {segment = "discussion", title = "交流体会"}},
}
lecture:add_artifact{type = "notice", title = "党课通知", issued_at = "2017-05-05 09:00"}
lecture:add_artifact{type = "courseware", title = "党课课件", content = "学习党章，做合格党员（提纲）",
  mime = "text/plain"}
lecture:add_artifact{type = "minutes", title = "党课记录", issued_at = "2017-05-10 11:30"}

db:add_activity{
  org = "gy1-g1", kind = "group_meeting", title = "第一党小组学习会",
  starts_at = "2017-06-15 16:00", ends_at = "2017-06-15 17:00", place = "小会议室",
  host = m("GY1-004"), recorder = m("GY1-005"),
  attendance = attendance("gy1-g1", "2017-06-15", {}),
  agenda = {{segment = "study", title = "学习习近平总书记系列重要讲话"}},
}

-- Demo, part 7: what is under way on 5 September 2017, for the reminders (qufa remind).
--   * The 9th semimonthly talk is planned for Wednesday 13 September: the expert has been
--     invited, the meeting notice is not out yet (《半月谈活动规范》 wants it 3 days before).
--   * 赵磊 moves to another organ: on 31 August the branch issued the letter transferring his
--     membership, valid 30 days; the receipt is due back within a month.
-- And 黄丽's probation (02_members.lua) ends on 28 September.
local branch = db:org("gy1")

local talk = db:add_activity{
  org = branch, kind = "semimonthly_talk", title = "半月谈第9期：智能制造", topic = "智能制造",
  starts_at = "2017-09-13 14:30", ends_at = "2017-09-13 17:00", place = "三楼会议室",
  host = db:member("GY1-001"), recorder = db:member("GY1-009"),
  guests = {{name = "韩立", affiliation = "工业过程测量控制和自动化标准化技术委员会",
    role = "expert"}},
  agenda = {
    {segment = "study", title = "学习习近平总书记关于制造强国的重要论述"},
    {segment = "expert_briefing", title = "智能制造标准体系建设进展和问题"},
    {segment = "discussion", title = "讨论智能制造国家标准立项的重点"},
  },
  attrs = {class_hours = 2.5},
}
talk:add_artifact{type = "invitation", title = "致韩立的邀请函", issued_at = "2017-09-04 10:00"}

local zhao = db:member("GY1-007")
db:add_transfer{member = zhao, org = branch, direction = "out", letter_date = "2017-08-31",
  other_org = "某部机关党委", letter_no = "（2017）031", valid_days = 30,
  note = "工作调动，组织关系随转"}
db:add_artifact{member = zhao, type = "letter", title = "党员组织关系介绍信存根",
  issued_at = "2017-08-31 15:00"}

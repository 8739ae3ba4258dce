-- Demo, part 7: what is under way on 5 September 2017, for the reminders (qufa remind) and the
-- procedures' deadlines (qufa flow due).
--   * The 9th semimonthly talk is planned for Wednesday 13 September: the expert has been
--     invited, the meeting notice is not out yet (《半月谈活动规范》 wants it 3 days before).
--   * 何晓 applied to join the Party on 21 August (02_members.lua). Her admission case has
--     taken the application; the branch must send someone to talk with her within a month of
--     receiving it, by 21 September.
--   * 赵磊 moves to another organ: on 31 August the branch issued the letter transferring his
--     membership, valid 30 days; the receipt is due back within a month, by 30 September.
-- And 黄丽's probation (02_members.lua) ends on 28 September.
--
-- The two cases run the procedures shipped in scripts/workflows/ (admission.lua, transfer.lua),
-- which `qufa demo` loads before it runs these scripts. Against a database of your own, load
-- them first: qufa flow load scripts/workflows/admission.lua (or db:flow_load(path) in Lua).
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

---------------------------------------------------------------------------------------------
-- A case is one run of a procedure for one member. db:flow_start opens it at the procedure's
-- first step on the day given; case:advance{step = …} records that the current step was done —
-- on `date`, with the evidence (`artifacts`) and the values (`fields`) the step asks for — and
-- enters the next step together with its deadlines. A step that lacks something is refused
-- with what is missing, and nothing is written.

-- 何晓's admission (发展党员, 25 steps). Its first step, 递交入党申请书 (apply), needs an artifact
-- of type `application`: the one stored with her in 02_members.lua. Its guard checks that she
-- was 18 when she applied. Completing it enters 党组织派人谈话 (talk), whose rule — a month
-- from entering the step, interrupting — makes the talk due on 21 September.
local he = db:member("GY1-018")
local application = qufa.list(db:artifacts{member = he, type = "application"})[1]
local admission = db:flow_start{procedure = "admission", member = he, date = "2017-08-21"}
admission:advance{step = "apply", date = "2017-08-21", artifacts = {application},
  note = "本人向支部书记递交入党申请书"}

-- 赵磊's transfer out (组织关系转出, 2 steps). The letter step wants the letter (its stub is the
-- evidence the branch keeps) and the letter's number, the receiving organisation and its
-- validity, and takes the month his dues are paid to (党费交至); its on_complete writes the
-- transfer record itself (db:transfers{member = zhao} finds it, pending) — no db:add_transfer
-- here. The case then waits at 收到回执 (receipt), due a month after the letter. While the
-- case is open, the reminders about the receipt and the letter's validity come from the case's
-- deadline, not from the transfer record (the setting skip.transfer in docs/reminders.md).
local zhao = db:member("GY1-007")
local stub = db:add_artifact{member = zhao, type = "letter", title = "党员组织关系介绍信存根",
  issued_at = "2017-08-31 15:00"}
local transfer = db:flow_start{procedure = "transfer_out", member = zhao, date = "2017-08-31",
  note = "工作调动"}
transfer:advance{step = "letter", date = "2017-08-31", artifacts = {stub},
  fields = {letter_no = "（2017）031", other_org = "某部机关党委", valid_days = 30,
    dues_paid_to = "2017-08"}}
-- the transfer record is an ordinary record: what the procedure does not ask for can be added
for t in db:transfers{member = zhao, status = "pending"} do
  t:update{note = "工作调动，组织关系随转"}
end

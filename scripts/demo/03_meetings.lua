-- Demo, part 3: the "three meetings" of 2017 up to September — the branch committee every
-- month, each party group every month, and the general meeting of all members (an election
-- in January, an admission vote in April, the Party's anniversary in June) — each with its
-- attendance, agenda and minutes.
--
-- One lapse is planted here on purpose, for the check to find: the April general meeting
-- voted on an admission with only half of the members entitled to vote present.
local branch = db:org("gy1")

-- Everyone who belongs to `org` on day `on` is present, except those in `away` (member code ->
-- reason for leave). db:members{org = …, on = …} lists the members of an org on a day.
local function attendance(org, on, away)
  local list = {}
  for m in db:members{org = org, on = on} do
    local reason = away[m.code]
    list[#list + 1] = {member = m, state = reason and "leave" or "present", reason = reason}
  end
  return list
end

-- The branch committee that day: whoever holds a post in the branch (db:positions{on = …}),
-- present except those in `away` (member code -> reason for leave).
local function committee(on, away)
  local list, seen = {}, {}
  for p in db:positions{org = branch, on = on} do
    if not seen[p.member_id] then
      seen[p.member_id] = true
      local reason = away[db:member(p.member_id).code]
      list[#list + 1] = {member = p.member_id, state = reason and "leave" or "present",
        reason = reason}
    end
  end
  return list
end

local function minutes(a, text)
  a:add_artifact{type = "minutes", title = a.title .. "记录",
    issued_at = a.ends_at, content = text, mime = "text/plain"}
end

local secretary, organizer = db:member("GY1-001"), db:member("GY1-002")

-- The general meeting of 24 January (below) elects 王志强 discipline member: from that day the
-- committee has four members, and its meetings count four (docs/counting.md).
db:appoint{member = db:member("GY1-003"), org = branch, post = "discipline",
  start = "2017-01-24", note = "支部党员大会增选"}

---------------------------------------------------------------------------------------------
-- The branch committee (支部委员会) meets early each month in the secretary's office: three
-- members in January, four from February. In July the discipline member is away on a
-- department study tour and asks for leave (请假): due, not present, not an unexcused absence.
local committee_meetings = {
  {"2017-01-06", "研究2016年度支部工作总结和增选纪检委员事宜"},
  {"2017-02-08", "研究全年党建工作要点，部署“半月谈”活动筹备"},
  {"2017-03-08", "研究挂职干部组织关系接收，讨论《半月谈活动规范》草案"},
  {"2017-04-07", "研究朱琳同志接收预备党员事宜，审定支部标准"},
  {"2017-05-05", "研究纪律教育月党课安排"},
  {"2017-06-06", "研究“七一”活动安排"},
  {"2017-07-04", "研究上半年党建工作总结，研究支部委员会换届", {["GY1-003"] = "赴地方调研"}},
  {"2017-08-04", "研究下半年“半月谈”选题"},
}
for _i, c in ipairs(committee_meetings) do
  local day, topic = c[1], c[2]
  local a = db:add_activity{org = branch, kind = "committee_meeting", title = "支部委员会会议",
    topic = topic, starts_at = day .. " 09:00", ends_at = day .. " 10:00", place = "书记办公室",
    host = secretary, recorder = organizer, attendance = committee(day, c[3] or {}),
    agenda = {{segment = "discussion", title = topic}}}
  minutes(a, "议题：" .. topic .. "。与会委员逐项讨论，形成意见。")
end

---------------------------------------------------------------------------------------------
-- Each party group (党小组会) meets in the middle of the month, led by its group leader.
-- class_hours counts the meeting towards each member's yearly training hours (学时).
local group_topics = {
  "学习《关于新形势下党内政治生活的若干准则》",
  "学习《中国共产党党内监督条例》",
  "学习全国两会精神",
  "学习《关于推进“两学一做”学习教育常态化制度化的意见》",
  "学习党章第一章“党员”",
  "学习习近平总书记关于全面从严治党的重要论述",
  "学习党章第七章“党的纪律”",
  "学习习近平总书记在省部级主要领导干部专题研讨班上的重要讲话",
}
local group_days = {
  {"2017-01-12", "2017-01-13"}, {"2017-02-16", "2017-02-17"}, {"2017-03-16", "2017-03-17"},
  {"2017-04-13", "2017-04-14"}, {"2017-05-18", "2017-05-19"}, {"2017-06-15", "2017-06-16"},
  {"2017-07-13", "2017-07-14"}, {"2017-08-17", "2017-08-18"},
}
local groups = {
  {code = "gy1-g1", name = "第一党小组", leader = "GY1-004", recorder = "GY1-005"},
  {code = "gy1-g2", name = "第二党小组", leader = "GY1-010", recorder = "GY1-011"},
}
for month, days in ipairs(group_days) do
  for g, group in ipairs(groups) do
    local day = days[g]
    -- the mobile member (马超) is away from March; others miss a meeting now and then
    local away = {}
    if day >= "2017-03-01" then away["GY1-013"] = "外派" end
    if month == 2 then away["GY1-006"] = "出差" end
    if month == 5 then away["GY1-012"] = "病假" end
    if month == 7 then away["GY1-007"] = "年休假" end
    local a = db:add_activity{org = group.code, kind = "group_meeting",
      title = group.name .. "学习会", topic = group_topics[month],
      starts_at = day .. " 16:00", ends_at = day .. " 17:00", place = "小会议室",
      host = db:member(group.leader), recorder = db:member(group.recorder),
      attendance = attendance(group.code, day, away),
      agenda = {{segment = "study", title = group_topics[month]},
        {segment = "discussion", title = "交流学习体会，反映思想动态"}},
      attrs = {class_hours = 1}}
    -- PLANTED LAPSE: the second group's July minutes were never typed up (the branch's
    -- 《党小组工作规范》 GY1-DXZ/5 finds it, and so does
    -- scripts/examples/activities-without-minutes.lua)
    if not (month == 7 and group.code == "gy1-g2") then
      minutes(a, "学习内容：" .. group_topics[month] .. "。小组成员逐一发言。")
    end
  end
end

---------------------------------------------------------------------------------------------
-- General meetings (支部党员大会). A vote is recorded in attrs.votes — {item, kind, yes, no,
-- abstain} — which the regulations check: who had the right to vote, how many came, how many
-- approved.

-- January: the 2016 report, and the election of a discipline member (《党支部及委员职责》:
-- "专门选举一名部门副主任担任纪检委员").
local jan = db:add_activity{org = branch, kind = "general_meeting",
  title = "支部党员大会：2016年度工作总结，增选纪检委员", topic = "年度总结和增选",
  starts_at = "2017-01-24 14:30", ends_at = "2017-01-24 16:00", place = "三楼会议室",
  host = secretary, recorder = organizer, attendance = attendance(branch, "2017-01-24", {}),
  agenda = {{segment = "report", title = "书记作2016年度支部工作报告"},
    {segment = "election", title = "无记名投票增选支部纪检委员"}},
  attrs = {class_hours = 1.5,
    votes = {{item = "增选王志强同志为支部纪检委员", kind = "by_election", yes = 13, no = 0,
      abstain = 0}}}}
minutes(jan, "应到会有表决权党员13人，实到13人。王志强同志以13票当选支部纪检委员。")

-- April: the vote to admit 朱琳 as a probationary member.
-- PLANTED LAPSE: seven members with voting rights are away on business; the meeting goes
-- ahead with 7 of the 14 present — not more than half — and the vote counts 7 in favour.
local apr = db:add_activity{org = branch, kind = "general_meeting",
  title = "支部党员大会：讨论接收预备党员", topic = "接收朱琳同志为中共预备党员",
  starts_at = "2017-04-21 15:00", ends_at = "2017-04-21 16:30", place = "三楼会议室",
  host = secretary, recorder = organizer,
  attendance = attendance(branch, "2017-04-21", {
    ["GY1-005"] = "出差", ["GY1-006"] = "出差", ["GY1-007"] = "参加培训",
    ["GY1-011"] = "出差", ["GY1-012"] = "病假", ["GY1-013"] = "外派", ["GY1-017"] = "出差"}),
  agenda = {{segment = "report", title = "介绍人介绍发展对象情况"},
    {segment = "vote", title = "表决接收预备党员"}},
  attrs = {class_hours = 1.5,
    votes = {{item = "接收朱琳同志为中共预备党员", kind = "admission", yes = 7, no = 0,
      abstain = 0}}}}
minutes(apr, "应到会有表决权党员14人，实到7人。表决：赞成7票。")

-- June: the Party's 96th anniversary.
local jun = db:add_activity{org = branch, kind = "general_meeting",
  title = "支部党员大会：纪念建党96周年", topic = "重温入党誓词",
  starts_at = "2017-06-28 14:30", ends_at = "2017-06-28 16:00", place = "三楼会议室",
  host = secretary, recorder = organizer,
  attendance = attendance(branch, "2017-06-28", {["GY1-013"] = "外派"}),
  agenda = {{segment = "study", title = "重温入党誓词，学习党章"},
    {segment = "discussion", title = "交流“两学一做”体会"}},
  attrs = {class_hours = 1.5}}
minutes(jun, "全体党员重温入党誓词，交流学习体会。")

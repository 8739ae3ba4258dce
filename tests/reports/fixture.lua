-- The fixed database of the report and document tests (qufa run, today 2017-09-05): a branch
-- of 工业标准一部 with two party groups and eight members, its 2017 activities with attendance,
-- guests, agenda and evidence (some missing on purpose), a second branch, a pending transfer,
-- and a small pack of standards to check them against.
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
local g1 = db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = b}
local g2 = db:add_org{kind = "group", code = "gy1-g2", name = "第二党小组", parent = b}
local b2 = db:add_org{kind = "branch", code = "gy2", name = "工业标准二部党支部", parent = jg}

-- code, name, gender, birth date, phone, id number, status, since, group
local people = {
  {"GY1-001", "张建国", "male", "1968-04-12", "13901012345", "110101196804120011", "full", "1991-06-28", g1},
  {"GY1-002", "李秀英", "female", "1972-09-03", "13911112222", "11010119720903002X", "full", "1997-07-01", g1},
  {"GY1-003", "王志强", "male", "1975-01-20", "13822223333", "110102197501200035", "full", "2000-05-04", g1},
  {"GY1-004", "刘芳", "female", "1980-11-15", nil, "110105198011150048", "full", "2005-06-30", g2},
  {"GY1-005", "陈伟", "male", "1983-03-08", "13633334444", nil, "full", "2009-07-01", g2},
  {"GY1-006", "欧阳Mike", "male", "1986-07-22", "13544445555", "110106198607220051", "full", "2011-12-20", g2},
  {"GY1-007", "杨静", "female", "1991-10-01", "13455556666", "110107199110010062", "probationary", "2016-11-25", g1},
  {"GY1-008", "赵磊", "male", "1989-02-14", "13366667777", "110108198902140079", "full", "2014-06-18", g2},
}
local m = {}
for i, p in ipairs(people) do
  m[i] = db:add_member{code = p[1], name = p[2], gender = p[3], birth_date = p[4], phone = p[5],
    id_number = p[6], status = p[7], since = p[8], joined = p[8], org = b, group = p[9]}
end
-- an activist belongs to the branch, not to a party group
db:add_member{code = "GY1-009", name = "胡斌", gender = "male", birth_date = "1993-06-11",
  status = "activist", since = "2016-09-01", org = b}
local other = db:add_member{code = "GY2-001", name = "周明", gender = "male", status = "full",
  since = "2001-07-01", org = b2}

db:appoint{member = m[1], org = b, post = "secretary", start = "2015-01-10"}
db:appoint{member = m[2], org = b, post = "organization", start = "2015-01-10"}
db:appoint{member = m[4], org = b, post = "publicity", start = "2015-01-10"}
db:appoint{member = m[3], org = b, post = "discipline", start = "2015-01-10"}
db:appoint{member = m[2], org = g1, post = "group_leader", start = "2015-01-10"}
db:appoint{member = m[5], org = g2, post = "group_leader", start = "2015-01-10"}

-- 赵磊 is leaving: the letter went out, the receipt is not back
db:add_transfer{member = m[8], org = b, direction = "out", letter_date = "2017-08-20",
  other_org = "某研究院党委", letter_no = "2017-015", valid_days = 30, dues_paid_to = "2017-08"}
db:add_transfer{member = m[6], org = b, direction = "in", letter_date = "2011-12-10",
  other_org = "原单位党委", letter_no = "2011-088", valid_days = 30}:receipt("2011-12-20")

-- everyone of the org on that day present, except those listed (index -> {state, reason})
local function attendance(org, on, away)
  local list = {}
  for member in db:members{org = org, on = on, status = {"full", "probationary"}} do
    local a
    for i, x in ipairs(m) do if x.id == member.id then a = away[i] end end
    list[#list + 1] = {member = member, state = a and a[1] or "present", reason = a and a[2]}
  end
  return list
end

local function activity(def, artifacts)
  def.org = def.org or b
  def.attendance = def.attendance or attendance(def.org, def.starts_at:sub(1, 10), def.away or {})
  def.away = nil
  local a = db:add_activity(def)
  for _i, x in ipairs(artifacts or {}) do
    a:add_artifact{type = x[1], title = x[3], issued_at = x[2]}
  end
  return a
end

activity({kind = "general_meeting", title = "第一季度党员大会", topic = "年度工作计划",
  starts_at = "2017-03-15 14:30", place = "三楼会议室", host = m[1], recorder = m[2],
  away = {[6] = {"leave", "出差"}}},
  {{"notice", "2017-03-10 09:00", "会议通知"}, {"minutes", "2017-03-15 17:00", "会议记录"}})
activity({kind = "general_meeting", title = "第二季度党员大会", topic = "发展党员",
  starts_at = "2017-06-20 14:30", place = "三楼会议室", host = m[1], recorder = m[2],
  away = {[5] = {"absent"}, [8] = {"leave", "病假"}}},
  {{"notice", "2017-06-16 09:00", "会议通知"}})

for _i, c in ipairs({{"2017-01-10", true}, {"2017-02-14", true}, {"2017-04-11", false},
  {"2017-05-09", true}, {"2017-07-11", true}, {"2017-08-08", false}}) do
  local list = {}
  for _j, k in ipairs({1, 2, 3, 4}) do list[#list + 1] = {member = m[k], state = "present"} end
  activity({kind = "committee_meeting", title = "支委会", topic = "研究近期工作",
    starts_at = c[1] .. " 09:00", place = "书记办公室", host = m[1], recorder = m[2],
    attendance = list},
    c[2] and {{"minutes", c[1] .. " 11:00", "支委会记录"}} or {})
end

activity({kind = "group_meeting", org = g1, title = "第一党小组学习会", topic = "学习党章",
  starts_at = "2017-06-15 16:00", place = "小会议室", host = m[2], recorder = m[7]},
  {{"minutes", "2017-06-15 17:30", "小组会记录"}})
activity({kind = "group_meeting", org = g2, title = "第二党小组学习会", topic = "学习党章",
  starts_at = "2017-06-16 16:00", place = "Room 301", host = m[5], recorder = m[6],
  away = {[8] = {"leave", "年假"}}})

activity({kind = "lecture", title = "党课：学习党章，做合格党员", topic = "党章",
  starts_at = "2017-05-10 09:00", ends_at = "2017-05-10 11:00", place = "三楼会议室",
  host = m[2], recorder = m[4], lecturer = m[1], away = {[3] = {"leave", "病假"}},
  guests = {{name = "孙处长", affiliation = "机关党委", role = "representative"}},
  agenda = {{segment = "lecture", title = "书记讲党课"}, {segment = "discussion", title = "交流体会"}}},
  {{"notice", "2017-05-05 09:00", "党课通知"}, {"courseware", "2017-05-08 09:00", "党课课件"},
   {"minutes", "2017-05-10 11:30", "党课记录"}, {"photo", "2017-05-10 10:00", "党课照片"},
   {"news", "2017-05-12 15:00", "党课简讯"}})
activity({kind = "lecture", title = "党课：标准化 Part 2", topic = "标准化与党建",
  starts_at = "2017-08-23 09:00", place = "Room 301", host = m[2], recorder = m[4],
  lecturer = m[3], away = {[6] = {"absent"}}},
  {{"notice", "2017-08-22 17:00", "党课通知"}, {"minutes", "2017-08-23 11:30", "党课记录"}})

activity({kind = "theme_day", title = "七一主题党日：重温入党誓词", topic = "重温入党誓词",
  starts_at = "2017-07-01 09:00", place = "革命纪念馆", host = m[1], recorder = m[4]},
  {{"photo", "2017-07-01 10:00", "合影"}, {"news", "2017-07-03 09:00", "简讯"}})

local function talk(date, topic, expert, artifacts)
  return activity({kind = "semimonthly_talk", title = "半月谈：" .. topic, topic = topic,
    starts_at = date .. " 14:30", ends_at = date .. " 17:00", place = "三楼会议室",
    host = m[1], recorder = m[2], lecturer = m[3],
    guests = expert and {{name = expert[1], affiliation = expert[2], role = "expert"}} or {},
    agenda = {{segment = "study", title = "学习总书记系列重要讲话"},
              {segment = "expert_briefing", title = "专家介绍" .. topic .. "标准化动态"},
              {segment = "discussion", title = "交流讨论"}}}, artifacts)
end
talk("2017-03-01", "绿色制造", {"林教授", "某标准化研究院"},
  {{"notice", "2017-02-24 09:00", "通知"}, {"invitation", "2017-02-22 10:00", "邀请函"},
   {"minutes", "2017-03-01 17:30", "记录"}})
talk("2017-03-16", "智能制造", {"钱工", "某装备研究所"},
  {{"invitation", "2017-03-10 10:00", "邀请函"}, {"minutes", "2017-03-16 17:30", "记录"}})
talk("2017-04-05", "新材料", nil, {{"notice", "2017-04-01 09:00", "通知"}})

-- still to come: the documents are generated for it
activity({kind = "semimonthly_talk", title = "半月谈：工业互联网标准化", topic = "工业互联网",
  starts_at = "2017-09-13 14:30", ends_at = "2017-09-13 17:00", place = "三楼会议室",
  host = m[1], recorder = m[2], lecturer = m[3], attendance = {},
  guests = {{name = "吴研究员", affiliation = "某信息技术研究院", role = "expert"},
            {name = "郑处长", affiliation = "机关党委", role = "leader"}},
  agenda = {{segment = "study", title = "学习《中国共产党支部工作条例》"},
            {segment = "expert_briefing", title = "工业互联网标准体系建设"},
            {segment = "discussion", title = "结合本部门工作交流讨论"}}})

activity({kind = "general_meeting", org = b2, title = "二部党员大会",
  starts_at = "2017-04-18 14:00", place = "二楼会议室", host = other,
  attendance = {{member = other, state = "present"}}})

db:load_standards{name = "test-pack.lua", text = [[
qufa.standard{
  code = "T-HY", title = "党支部会议规范（测试）", origin = "issued", effective = "2017-01-01",
  clauses = {
    {number = "4.1", type = "应", text = "每季度召开一次支部党员大会。", responsible = "secretary",
     require = qufa.cadence{activity = "general_meeting", per = "quarter"}},
    {number = "4.2", type = "应", text = "每月召开一次支部委员会。", responsible = "secretary",
     require = qufa.cadence{activity = "committee_meeting", per = "month"}},
    {number = "4.3", type = "应", text = "支委会应有会议记录。", responsible = "organization",
     require = qufa.artifact{activity = "committee_meeting", type = "minutes", within = 3}},
    {number = "4.4", type = "应", text = "党员大会应到会过半。",
     require = qufa.attendance{activity = "general_meeting", quorum = ">1/2"}},
    {number = "5.1", type = "应", text = "党课前应发出通知。", responsible = "organization",
     require = qufa.artifact{activity = "lecture", type = "notice", before = 2}},
    {number = "5.2", type = "宜", text = "党课后宜及时发布简讯。", responsible = "publicity",
     require = qufa.artifact{activity = "lecture", type = "news", within = 3}},
  },
}
qufa.standard{
  code = "T-BYT", title = "半月谈活动规范（测试）", origin = "branch", org = "gy1",
  effective = "2017-01-01",
  templates = {notice = "semimonthly-notice.md", invitation = "semimonthly-invitation.md"},
  clauses = {
    {number = "4.1", type = "应", text = "每月至少开展一次半月谈。", responsible = "secretary",
     require = qufa.cadence{activity = "semimonthly_talk", per = "month"}},
    {number = "4.2", type = "应", text = "每期邀请相关领域专家。",
     require = qufa.guest{activity = "semimonthly_talk", role = "expert", min = 1}},
    {number = "4.3", type = "应", text = "会前发出邀请函。",
     require = qufa.artifact{activity = "semimonthly_talk", type = "invitation", before = 0}},
  },
}
]]}

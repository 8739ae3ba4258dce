-- Tests of scripts/packs/branch-gy1.lua: 《半月谈活动规范》 (GY1-BYT) judged over small branches
-- built for each case. Run with `qufa test scripts/packs/tests` (docs/writing-standards.md §9).
local PACKS = {"../regulations.lua", "../organ-system.lua", "../branch-gy1.lua"}

-- the branch: 机关党委 jg, the branch gy1 with two party groups, four members
local function branch(activities)
  return {
    orgs = {
      {kind = "committee", code = "jg", name = "机关党委"},
      {kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = "jg"},
      {kind = "group", code = "gy1-g1", name = "第一党小组", parent = "gy1"},
      {kind = "group", code = "gy1-g2", name = "第二党小组", parent = "gy1"},
    },
    members = {
      {code = "A1", name = "甲", status = "full", since = "2010-07-01", org = "gy1", group = "gy1-g1"},
      {code = "A2", name = "乙", status = "full", since = "2012-07-01", org = "gy1", group = "gy1-g1"},
      {code = "A3", name = "丙", status = "full", since = "2014-07-01", org = "gy1", group = "gy1-g2"},
      {code = "A4", name = "丁", status = "probationary", since = "2016-11-01", org = "gy1",
       group = "gy1-g2", history = {{status = "full", since = "2017-11-01"}}},
    },
    posts = {{member = "A1", org = "gy1", post = "secretary", start = "2015-01-01"}},
    activities = activities,
  }
end

-- a 半月谈 as the standard wants it, with `changes` applied
local function talk(name, day, changes)
  local a = {
    name = name, org = "gy1", kind = "semimonthly_talk", on = day, topic = "领域" .. name,
    attendance = {A1 = "present", A2 = "present", A3 = "present", A4 = {"leave", "出差"}},
    guests = {{name = "赵专家", affiliation = "标准院", role = "expert"}},
    agenda = {"study", "expert_briefing", "discussion"},
    evidence = {notice = qufa.add(day, "-4d"), invitation = qufa.add(day, "-4d"),
                courseware = day, news = qufa.add(day, "2d"), archive = qufa.add(day, "5d")},
  }
  for k, v in pairs(changes or {}) do
    if k == "evidence" then
      for t, d in pairs(v) do a.evidence[t] = d or nil end
    else
      a[k] = v or nil
    end
  end
  return a
end

test {
  name = "半月谈：材料齐全、按时的一期",
  today = "2017-06-30", period = "2017-05-H1", org = "gy1", standards = PACKS,
  standard = "GY1-BYT",
  fixtures = branch {talk("t1", "2017-05-03")},
  expect = {
    {clause = "3.1", period = "2017-05-H1", status = "pass"},
    {clause = "3.2", activity = "t1", status = "pass", message = "领域t1"},
    {clause = "3.3", activity = "t1", status = "pass"},
    {clause = "4", activity = "t1", status = "pass"},
    {clause = "5", activity = "t1", status = "pass"},
    {clause = "6.1", activity = "t1", status = "pass", message = "提前4天"},
    {clause = "6.2", activity = "t1", status = "pass"},
    {clause = "6.3", activity = "t1", status = "pass"},
    {clause = "6.4", activity = "t1", status = "pass"},
    {clause = "7.1", activity = "t1", status = "pass"},
    {clause = "7.2", activity = "t1", status = "pass"},
  },
}

test {
  name = "半月谈：缺这缺那的一期",
  today = "2017-06-30", period = "2017-05-H1", org = "gy1", standards = PACKS,
  standard = "GY1-BYT",
  fixtures = branch {
    talk("t1", "2017-05-03", {
      topic = false, guests = false, agenda = {"discussion", "study", "expert_briefing"},
      attendance = false,
      evidence = {notice = "2017-05-01", invitation = false, courseware = false,
                  news = "2017-05-08", archive = "2017-05-12"}}),
  },
  expect = {
    {clause = "3.1", period = "2017-05-H1", status = "pass"},
    {clause = "3.2", activity = "t1", status = "fail", message = "未记录"},
    {clause = "3.3", activity = "t1", status = "n/a"},
    {clause = "4", activity = "t1", status = "fail"},
    {clause = "5", activity = "t1", status = "fail"},
    {clause = "6.1", activity = "t1", status = "fail", message = "提前2天"},
    {clause = "6.2", activity = "t1", status = "fail"},
    {clause = "6.3", activity = "t1", status = "fail"},
    {clause = "6.4", activity = "t1", status = "fail"},
    {clause = "7.1", activity = "t1", status = "fail"},
    {clause = "7.2", activity = "t1", status = "fail"},
  },
}

test {
  name = "半月谈：漏了半个月，领域重复",
  today = "2017-06-30", period = "2017-05", org = "gy1", standards = PACKS,
  standard = "GY1-BYT",
  fixtures = branch {
    talk("t1", "2017-05-03", {topic = "绿色制造"}),
    talk("t2", "2017-05-10", {topic = "绿色制造"}),
  },
  expect = {
    {clause = "3.1", period = "2017-05-H1", status = "pass", message = "开展2次"},
    {clause = "3.1", period = "2017-05-H2", status = "fail", message = "未开展"},
    {clause = "3.3", activity = "t1", status = "pass"},
    {clause = "3.3", activity = "t2", status = "warn", message = "重复"},
  },
}

test {
  name = "半月谈：本半月尚未开展是“未到期”",
  today = "2017-06-20", period = "2017-06", org = "gy1", standards = PACKS,
  standard = "GY1-BYT",
  fixtures = branch {talk("t1", "2017-06-07")},
  expect = {
    {clause = "3.1", period = "2017-06-H1", status = "pass"},
    {clause = "3.1", period = "2017-06-H2", status = "open"},
  },
}

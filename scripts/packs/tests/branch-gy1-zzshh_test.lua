-- Tests of 《支部组织生活会程序》 (GY1-ZZSHH in scripts/packs/branch-gy1.lua), each expectation
-- worked out by hand from the clause text: the meeting of 20 December 2017 and the democratic
-- appraisal held with it, judged as of the end of January 2018.
local PACKS = {"../regulations.lua", "../organ-system.lua", "../branch-gy1.lua"}

-- the branch gy1: 甲 secretary, 乙 organization member, 丙 publicity member (the committee),
-- 丁 an ordinary member; `t` adds or replaces lists
local function branch(t)
  local f = {
    orgs = {
      {kind = "committee", code = "jg", name = "机关党委"},
      {kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = "jg"},
    },
    members = {
      {code = "A1", name = "甲", status = "full", since = "2010-07-01", org = "gy1"},
      {code = "A2", name = "乙", status = "full", since = "2012-07-01", org = "gy1"},
      {code = "A3", name = "丙", status = "full", since = "2014-07-01", org = "gy1"},
      {code = "A4", name = "丁", status = "full", since = "2015-07-01", org = "gy1"},
    },
    posts = {
      {member = "A1", org = "gy1", post = "secretary", start = "2015-01-01"},
      {member = "A2", org = "gy1", post = "organization", start = "2015-01-01"},
      {member = "A3", org = "gy1", post = "publicity", start = "2015-01-01"},
    },
  }
  for k, v in pairs(t or {}) do f[k] = v end
  return f
end

local ALL_THERE = {A1 = "present", A2 = "present", A3 = "present", A4 = "present"}

-- a heart-to-heart talk: `host` talked with each of `with`
local function talk(day, host, with)
  local there = {}
  for _i, code in ipairs(with) do there[code] = "present" end
  return {org = "gy1", kind = "heart_talk", on = day, host = host, attendance = there}
end

-- the life meeting of 20 December as the standard wants it, with `changes` applied
local function life(changes)
  local a = {
    name = "life", org = "gy1", kind = "life_meeting", on = "2017-12-20", attendance = ALL_THERE,
    agenda = {"report", "self_review", "criticism", "rectification"},
    guests = {{name = "钱委员", affiliation = "机关党委", role = "representative"}},
    evidence = {
      {type = "opinions", issued_at = "2017-12-15"},
      {type = "self_review", issued_at = "2017-12-16", attrs = {author = "甲"}},
      {type = "self_review", issued_at = "2017-12-16", attrs = {author = "A2"}},
      {type = "self_review", issued_at = "2017-12-17", attrs = {author = "丙"}},
      {type = "minutes", issued_at = "2017-12-22"},
      {type = "rectification", issued_at = "2018-01-04"},
      {type = "report", issued_at = "2018-01-04"},
    },
  }
  for k, v in pairs(changes or {}) do a[k] = v or nil end
  return a
end

-- the talks before the meeting: every committee member with every other member (six pairs)
local TALKS = {
  talk("2017-11-20", "A1", {"A2", "A3", "A4"}),
  talk("2017-11-22", "A2", {"A3", "A4"}),
  talk("2017-11-24", "A3", {"A4"}),
}

local function appraisal_meeting()
  return {name = "appr", org = "gy1", kind = "appraisal", on = "2017-12-20", attendance = ALL_THERE}
end

test {
  name = "组织生活会：谈心谈话、征求意见、对照检查、议程、列席、记录、整改，评议等次和优秀比例",
  today = "2018-01-31", period = "2017-12", org = "gy1", standards = PACKS,
  standard = "GY1-ZZSHH",
  fixtures = branch {
    activities = {TALKS[1], TALKS[2], TALKS[3], life(), appraisal_meeting()},
    -- one excellent of four: not more than a third (1.33)
    appraisals = {
      {member = "A1", year = 2017, result = "excellent", activity = "appr"},
      {member = "A2", year = 2017, result = "qualified", activity = "appr"},
      {member = "A3", year = 2017, result = "qualified", activity = "appr"},
      {member = "A4", year = 2017, result = "qualified", activity = "appr"},
    },
  },
  expect = {
    {clause = "3.1", activity = "life", status = "pass", message = "支部委员3人与党员逐一谈心谈话，共6对"},
    {clause = "3.2", activity = "life", status = "pass"},
    {clause = "3.3", activity = "life", status = "pass", message = "支部委员3人均在会前提交对照检查材料"},
    {clause = "4.1", activity = "life", status = "pass"},
    {clause = "4.2", activity = "life", status = "pass"},
    {clause = "4.3", requirement = 1, activity = "life", status = "pass"},
    {clause = "4.3", requirement = 2, activity = "life", status = "pass"},
    -- 4 January is 15 days after the meeting: still within 15 days
    {clause = "5.1", requirement = 1, activity = "life", status = "pass"},
    {clause = "5.1", requirement = 2, activity = "life", status = "pass"},
    {clause = "6.2", activity = "appr", status = "pass", message = "党员4人均有评议等次"},
    {clause = "6.3", activity = "appr", status = "pass", message = "评为优秀1人，参评4人（不超过1人）"},
  },
}

test {
  name = "组织生活会：少谈一对，意见当天才汇总，缺一份对照检查，议程颠倒，无人列席，没有考勤和记录，整改迟",
  today = "2018-01-31", period = "2017-12", org = "gy1", standards = PACKS,
  standard = "GY1-ZZSHH",
  fixtures = branch {
    activities = {
      -- 丙 and 丁 did not talk; a talk 61 days before the meeting is outside the window
      TALKS[1], TALKS[2], talk("2017-10-20", "A3", {"A4"}),
      life {
        attendance = false, guests = false,
        agenda = {"self_review", "report", "criticism", "rectification"},
        evidence = {
          {type = "opinions", issued_at = "2017-12-20"},
          {type = "self_review", issued_at = "2017-12-16", attrs = {author = "甲"}},
          {type = "self_review", issued_at = "2017-12-16", attrs = {author = "乙"}},
          -- 丙's, written after the meeting, does not count
          {type = "self_review", issued_at = "2017-12-21", attrs = {author = "丙"}},
          {type = "rectification", issued_at = "2018-01-05"},
        },
      },
      appraisal_meeting(),
    },
    -- 丁 has no grade; two excellent of three is more than a third (1)
    appraisals = {
      {member = "A1", year = 2017, result = "excellent", activity = "appr"},
      {member = "A2", year = 2017, result = "excellent", activity = "appr"},
      {member = "A3", year = 2017, result = "qualified", activity = "appr"},
    },
  },
  expect = {
    {clause = "3.1", activity = "life", status = "fail", message = "会前60日内应谈6对，缺1对：丙—丁"},
    {clause = "3.2", activity = "life", status = "fail"},
    {clause = "3.3", activity = "life", status = "fail", message = "会前缺对照检查材料：丙"},
    {clause = "4.1", activity = "life", status = "fail"},
    -- a 宜 clause: not met is a warning
    {clause = "4.2", activity = "life", status = "warn"},
    {clause = "4.3", requirement = 1, activity = "life", status = "fail"},
    {clause = "4.3", requirement = 2, activity = "life", status = "fail"},
    -- 5 January is 16 days after: one day late; no report at all
    {clause = "5.1", requirement = 1, activity = "life", status = "fail"},
    {clause = "5.1", requirement = 2, activity = "life", status = "fail"},
    {clause = "6.2", activity = "appr", status = "fail", message = "没有评议等次：丁"},
    {clause = "6.3", activity = "appr", status = "fail", message = "评为优秀2人，参评3人（不超过1人）"},
  },
}

test {
  name = "组织生活会：没有支部委员时不核查谈话和对照检查；没有登记等次时不核查优秀比例",
  today = "2018-01-31", period = "2017-12", org = "gy1", standards = PACKS,
  standard = "GY1-ZZSHH",
  fixtures = branch {posts = {}, activities = {life(), appraisal_meeting()}},
  expect = {
    {clause = "3.1", activity = "life", status = "n/a", message = "当日没有支部委员"},
    {clause = "3.3", activity = "life", status = "n/a", message = "当日没有支部委员"},
    {clause = "6.2", activity = "appr", status = "fail", message = "没有登记评议等次"},
    {clause = "6.3", activity = "appr", status = "n/a", message = "没有登记评议等次（见6.2）"},
  },
}

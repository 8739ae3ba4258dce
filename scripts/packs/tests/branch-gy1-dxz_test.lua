-- Tests of 《党小组工作规范》 (GY1-DXZ in scripts/packs/branch-gy1.lua), each expectation worked
-- out by hand from the clause text. The standard takes effect on 2017-04-16: the cases judge
-- the third quarter of 2017.
local PACKS = {"../regulations.lua", "../organ-system.lua", "../branch-gy1.lua"}

-- the branch gy1 with two party groups of two members each; `t` adds or replaces lists
local function branch(t)
  local f = {
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
      {code = "A4", name = "丁", status = "full", since = "2015-07-01", org = "gy1", group = "gy1-g2"},
    },
    posts = {
      {member = "A1", org = "gy1", post = "secretary", start = "2015-01-01"},
      {member = "A2", org = "gy1-g1", post = "group_leader", start = "2016-01-01"},
      {member = "A3", org = "gy1-g2", post = "group_leader", start = "2016-01-01"},
    },
  }
  for k, v in pairs(t or {}) do f[k] = v end
  return f
end

-- a group meeting as the standard wants it, with `changes` applied
local function meeting(name, group, day, changes)
  local present = group == "gy1-g1" and {A1 = "present", A2 = "present"}
    or {A3 = "present", A4 = "present"}
  local m = {name = name, org = group, kind = "group_meeting", on = day, attendance = present,
    agenda = {"discussion", "study"}, evidence = {minutes = qufa.add(day, "3d")}}
  for k, v in pairs(changes or {}) do m[k] = v or nil end
  return m
end

test {
  name = "党小组：组长在任，会议记录及时，学习交流，按季汇报",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-DXZ",
  fixtures = branch {
    activities = {meeting("m1", "gy1-g1", "2017-07-12"), meeting("m2", "gy1-g2", "2017-07-13")},
    artifacts = {
      {org = "gy1-g1", type = "report", title = "第三季度工作汇报", issued_at = "2017-09-25"},
      {org = "gy1-g2", type = "report", title = "第三季度工作汇报", issued_at = "2017-09-28"},
    },
  },
  expect = {
    {clause = "3", org = "gy1-g1", status = "pass"},
    {clause = "3", org = "gy1-g2", status = "pass"},
    {clause = "5", requirement = 1, activity = "m1", status = "pass"},
    {clause = "5", requirement = 2, activity = "m1", status = "pass"},
    {clause = "5", requirement = 2, activity = "m2", status = "pass"},
    -- the order of study and discussion does not matter (ordered = false)
    {clause = "6", activity = "m1", status = "pass"},
    {clause = "7", period = "2017-Q3", status = "pass",
     message = "第一党小组2017-09-25、第二党小组2017-09-28汇报"},
  },
}

test {
  name = "党小组：一个组没有组长，会议没有考勤、记录迟交、只学习不交流，一个组没有汇报",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-DXZ",
  fixtures = branch {
    posts = {
      {member = "A1", org = "gy1", post = "secretary", start = "2015-01-01"},
      {member = "A2", org = "gy1-g1", post = "group_leader", start = "2016-01-01"},
      -- the second group's leader left on 2017-08-31 and nobody took over
      {member = "A3", org = "gy1-g2", post = "group_leader", start = "2016-01-01",
       finish = "2017-08-31"},
    },
    activities = {
      meeting("m1", "gy1-g1", "2017-07-12", {attendance = false, agenda = {"study"},
        evidence = {minutes = "2017-07-16"}}),
    },
    -- the report of the second quarter does not count for the third
    artifacts = {
      {org = "gy1-g1", type = "report", issued_at = "2017-09-25"},
      {org = "gy1-g2", type = "report", issued_at = "2017-06-28"},
    },
  },
  expect = {
    {clause = "3", org = "gy1-g1", status = "pass"},
    {clause = "3", org = "gy1-g2", status = "fail"},
    {clause = "5", requirement = 1, activity = "m1", status = "fail"},
    {clause = "5", requirement = 2, activity = "m1", status = "fail"},
    -- a 宜 clause: not met is a warning
    {clause = "6", activity = "m1", status = "warn"},
    {clause = "7", period = "2017-Q3", status = "fail", message = "第二党小组尚未汇报"},
  },
}

test {
  name = "党小组：本季度尚未汇报是“未到期”",
  today = "2017-09-20", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-DXZ",
  fixtures = branch {
    artifacts = {{org = "gy1-g1", type = "report", issued_at = "2017-09-15"}},
  },
  expect = {
    {clause = "7", period = "2017-Q3", status = "open", message = "第二党小组尚未汇报"},
  },
}

test {
  name = "党小组：没有党小组的支部",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-DXZ",
  fixtures = {
    orgs = {
      {kind = "committee", code = "jg", name = "机关党委"},
      {kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = "jg"},
    },
    members = {{code = "A1", name = "甲", status = "full", since = "2010-07-01", org = "gy1"}},
  },
  expect = {
    {clause = "7", period = "2017-Q3", status = "n/a", message = "没有党小组"},
  },
}

-- Tests of scripts/packs/organ-system.lua: the organ's standards the branch applies (党课讲授规范,
-- 党支部会议程序, 党支部及委员职责, 组织关系转移接收) over small branches built for each case.
local PACKS = {"../organ-system.lua"}

local function branch(t)
  return {
    orgs = {
      {kind = "committee", code = "jg", name = "机关党委"},
      {kind = "branch", code = "b1", name = "示例党支部", parent = "jg"},
      {kind = "group", code = "b1-g1", name = "第一党小组", parent = "b1"},
    },
    members = t.members or {
      {code = "S", name = "书记甲", status = "full", since = "2010-07-01", org = "b1", group = "b1-g1"},
      {code = "M", name = "党员乙", status = "full", since = "2012-07-01", org = "b1", group = "b1-g1"},
      {code = "D", name = "委员丙", status = "full", since = "2012-07-01", org = "b1", group = "b1-g1"},
    },
    posts = t.posts or {
      {member = "S", org = "b1", post = "secretary", start = "2015-01-01"},
      {member = "D", org = "b1", post = "discipline", start = "2015-01-01"},
    },
    transfers = t.transfers,
    activities = t.activities,
  }
end

-- a 党课 as 《党课讲授规范》 wants it
local function lecture(name, day)
  return {
    name = name, org = "b1", kind = "lecture", on = day, lecturer = "S",
    attendance = {S = "present", M = "present", D = "present"},
    guests = {{name = "机关党委代表", role = "representative"}},
    agenda = {"lecture", "discussion"},
    evidence = {
      {type = "notice", issued_at = qufa.add(day, "-2d")},
      {type = "courseware", issued_at = day, attrs = {form = "text"}},
      {type = "courseware", issued_at = day, attrs = {form = "slides"}},
      {type = "minutes", issued_at = day},
      {type = "photo", issued_at = day},
      {type = "news", issued_at = qufa.add(day, "1d")},
    },
  }
end

test {
  name = "党课：课前通知、邀请、课件、记录、照片、简讯齐全",
  today = "2017-06-30", period = "2017-05", org = "b1", standards = PACKS,
  standard = "SAC-DKJS",
  fixtures = branch {activities = {lecture("k1", "2017-05-10")}},
  expect = {
    {clause = "2.1", activity = "k1", status = "pass"},
    {clause = "2.2", activity = "k1", status = "pass"},
    {clause = "2.3", activity = "k1", status = "pass", message = "课件齐全"},
    {clause = "2.4", requirement = 1, activity = "k1", status = "pass"},
    {clause = "2.4", requirement = 2, activity = "k1", status = "pass"},
    {clause = "2.4", requirement = 3, activity = "k1", status = "pass"},
    {clause = "2.5", activity = "k1", status = "pass"},
    {clause = "2.6", activity = "k1", status = "pass"},
  },
}

test {
  name = "党课：只有讲课，没有材料",
  today = "2017-06-30", period = "2017-05", org = "b1", standards = PACKS,
  standard = "SAC-DKJS",
  fixtures = branch {activities = {
    {name = "k1", org = "b1", kind = "lecture", on = "2017-05-10", lecturer = "S",
     agenda = {"lecture"},
     evidence = {notice = "2017-05-11", news = "2017-05-16",
                 courseware = "2017-05-10"}},
  }},
  expect = {
    {clause = "2.1", activity = "k1", status = "fail"},
    {clause = "2.2", activity = "k1", status = "fail"},
    {clause = "2.3", activity = "k1", status = "fail", message = "课件缺少"},
    {clause = "2.4", requirement = 1, activity = "k1", status = "fail"},
    {clause = "2.4", requirement = 2, activity = "k1", status = "fail"},
    {clause = "2.4", requirement = 3, activity = "k1", status = "fail"},
    {clause = "2.5", activity = "k1", status = "fail"},
    {clause = "2.6", activity = "k1", status = "fail"},
  },
}

test {
  name = "党小组、纪检委员、挂职干部关系：符合",
  today = "2017-06-30", period = "2017-Q2", org = "b1", standards = PACKS,
  fixtures = branch {
    members = {
      {code = "S", name = "书记甲", status = "full", since = "2010-07-01", org = "b1", group = "b1-g1"},
      {code = "D", name = "委员丙", status = "full", since = "2012-07-01", org = "b1", group = "b1-g1"},
      {code = "G", name = "挂职丁", status = "full", since = "2017-03-01", org = "b1", group = "b1-g1",
       attrs = {seconded = true}},
    },
    transfers = {{member = "G", org = "b1", direction = "in", letter_date = "2017-02-20",
                  valid_days = 30, receipt = "2017-03-01"}},
  },
  expect = {
    {standard = "SAC-ZBHYCX", clause = "2", status = "pass", message = "党小组1个"},
    {standard = "SAC-ZBHYCX", clause = "3", status = "pass"},
    {standard = "SAC-ZBWYZZ", clause = "2", status = "pass"},
    {standard = "SAC-ZZGXZJ", clause = "2", status = "pass", message = "1名挂职党员"},
  },
}

test {
  name = "没有党小组，没有挂职干部",
  today = "2017-06-30", period = "2017-Q2", org = "b1", standards = PACKS,
  fixtures = {
    orgs = {{kind = "committee", code = "jg"}, {kind = "branch", code = "b1", parent = "jg"}},
    members = {{code = "S", status = "full", since = "2010-07-01", org = "b1"}},
  },
  expect = {
    {standard = "SAC-ZBHYCX", clause = "2", status = "fail", message = "党小组0个"},
    {standard = "SAC-ZZGXZJ", clause = "2", status = "n/a", message = "无挂职党员"},
  },
}

test {
  name = "书记未编入党小组，纪检委员空缺，挂职干部关系未转入",
  today = "2017-06-30", period = "2017-Q2", org = "b1", standards = PACKS,
  fixtures = branch {
    members = {
      {code = "S", name = "书记甲", status = "full", since = "2010-07-01", org = "b1"},
      {code = "M", name = "党员乙", status = "full", since = "2012-07-01", org = "b1", group = "b1-g1",
       attrs = {seconded = true}},
    },
    posts = {{member = "S", org = "b1", post = "secretary", start = "2015-01-01"}},
  },
  expect = {
    {standard = "SAC-ZBHYCX", clause = "3", status = "fail", message = "书记甲"},
    {standard = "SAC-ZBWYZZ", clause = "2", status = "fail"},
    {standard = "SAC-ZZGXZJ", clause = "2", status = "fail", message = "党员乙"},
  },
}

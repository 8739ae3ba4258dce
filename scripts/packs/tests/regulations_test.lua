-- Tests of scripts/packs/regulations.lua: the public regulations (支部工作条例, 基层组织选举工作条例,
-- 发展党员工作细则, and the common rules whose source is still to be checked) over small branches
-- built for each case. The 2018 branch regulation is in force from 2018-10-28 and the 2020
-- election regulation from 2020-07-13, so the cases are set in 2019 and 2021.
local PACKS = {"../regulations.lua"}

-- a branch of `n` full members F1…Fn (F1 the secretary, F2–F4 on the committee), one party
-- group, and a probationary member P1
local function branch(n, t)
  t = t or {}
  local members = {}
  for i = 1, n do
    members[#members + 1] = {code = "F" .. i, name = "党员" .. i, status = "full",
      since = "2010-07-01", org = "b1", group = "b1-g1"}
  end
  members[#members + 1] = {code = "P1", name = "预备党员", status = "probationary",
    since = "2018-12-01", org = "b1", group = "b1-g1"}
  for _i, m in ipairs(t.members or {}) do members[#members + 1] = m end
  return {
    orgs = {
      {kind = "committee", code = "jg", name = "机关党委"},
      {kind = "branch", code = "b1", name = "示例党支部", parent = "jg"},
      {kind = "group", code = "b1-g1", name = "第一党小组", parent = "b1"},
    },
    members = members,
    posts = t.posts or {
      {member = "F1", org = "b1", post = "secretary", start = "2017-01-01"},
      {member = "F2", org = "b1", post = "organization", start = "2017-01-01"},
      {member = "F3", org = "b1", post = "publicity", start = "2017-01-01"},
      {member = "F4", org = "b1", post = "discipline", start = "2017-01-01"},
    },
    transfers = t.transfers,
    activities = t.activities,
  }
end

-- attendance: the first `k` of F1…Fn present, the others absent
local function present(k, n)
  local t = {}
  for i = 1, n do t["F" .. i] = i <= k and "present" or "absent" end
  return t
end

test {
  name = "支部工作条例：党员大会每季度、到会过半、表决通过",
  today = "2019-12-31", period = "2019-Q1", org = "b1", standards = PACKS,
  standard = "ZBGZTL",
  fixtures = branch(8, {activities = {
    {name = "g1", org = "b1", kind = "general_meeting", on = "2019-02-20",
     attendance = present(6, 8),
     attrs = {votes = {{item = "接收预备党员", kind = "admission", yes = 6}}}},
    {name = "c1", org = "b1", kind = "committee_meeting", on = "2019-01-10",
     attendance = present(4, 8)},
    {name = "c3", org = "b1", kind = "committee_meeting", on = "2019-03-10",
     attendance = present(1, 8)},
    {org = "b1-g1", kind = "group_meeting", on = "2019-01-15"},
    {org = "b1-g1", kind = "group_meeting", on = "2019-02-15"},
    {org = "b1-g1", kind = "group_meeting", on = "2019-03-15"},
    {org = "b1", kind = "theme_day", on = "2019-01-25"},
  }}),
  expect = {
    {clause = "2", status = "pass"},
    {clause = "3.1", period = "2019-Q1", status = "pass"},
    {clause = "3.2", activity = "g1", status = "pass"},
    {clause = "3.3", activity = "g1", status = "pass"},
    {clause = "4.1", period = "2019-01", status = "pass"},
    {clause = "4.1", period = "2019-02", status = "fail"},
    {clause = "4.1", period = "2019-03", status = "pass"},
    {clause = "4.2", activity = "c1", status = "pass"},
    {clause = "4.2", activity = "c3", status = "fail"},
    {clause = "5", status = "pass", count = 3},
    {clause = "6.1", period = "2019-01", status = "pass"},
    {clause = "6.1", period = "2019-02", status = "fail"},
    {clause = "6.1", period = "2019-03", status = "fail"},
  },
}

test {
  name = "支部工作条例：到会不足半数，表决未过半，正式党员不足3人",
  today = "2019-12-31", period = "2019-Q2", org = "b1", standards = PACKS,
  standard = "ZBGZTL",
  fixtures = branch(2, {
    posts = {{member = "F1", org = "b1", post = "secretary", start = "2017-01-01"}},
    activities = {
      {name = "g1", org = "b1", kind = "general_meeting", on = "2019-05-20",
       attendance = present(1, 2),
       attrs = {votes = {{item = "转正", kind = "full_membership", yes = 1}}}},
    }}),
  expect = {
    {clause = "2", status = "fail"},
    {clause = "3.1", period = "2019-Q2", status = "pass"},
    {clause = "3.2", activity = "g1", status = "fail"},
    {clause = "3.3", activity = "g1", status = "fail", message = "未获通过"},
  },
}

test {
  name = "支部工作条例：组织生活会、民主评议、优秀比例、换届、委员会",
  today = "2020-01-15", period = "2019", org = "b1", standards = PACKS,
  standard = "ZBGZTL",
  fixtures = branch(9, {activities = {
    {name = "life", org = "b1", kind = "life_meeting", on = "2019-12-10", attendance = present(9, 9)},
    {name = "appr", org = "b1", kind = "appraisal", on = "2019-12-20", attendance = present(9, 9),
     attrs = {results = {total = 9, excellent = 4}}},
    {name = "elec", org = "b1", kind = "election", on = "2015-06-01"},
  }}),
  expect = {
    {clause = "6.2", period = "2019", status = "pass"},
    {clause = "6.3", period = "2019", status = "pass"},
    {clause = "6.4", period = "2019", status = "fail", message = "评为优秀4人"},
    {clause = "7", status = "fail"},
    {clause = "8", status = "pass", message = "支部委员4人"},
  },
}

test {
  name = "支部工作条例：没有组织生活会和评议，优秀比例合规，新近换届，委员过少",
  today = "2020-01-15", period = "2019", org = "b1", standards = PACKS,
  standard = "ZBGZTL",
  fixtures = branch(9, {
    posts = {{member = "F1", org = "b1", post = "secretary", start = "2017-01-01"}},
    activities = {
      {name = "appr", org = "b1", kind = "appraisal", on = "2018-12-20",
       attrs = {results = {total = 9, excellent = 3}}},
      {name = "elec", org = "b1", kind = "election", on = "2018-06-01"},
    }}),
  expect = {
    {clause = "3.1", status = "fail", count = 4},
    {clause = "5", status = "fail", count = 12},
    {clause = "6.2", period = "2019", status = "fail"},
    {clause = "6.3", period = "2019", status = "fail"},
    {clause = "7", status = "pass"},
    {clause = "8", status = "fail", message = "支部委员1人"},
  },
}

test {
  name = "支部工作条例：评议结果合规",
  today = "2020-01-15", period = "2019", org = "b1", standards = PACKS,
  standard = "ZBGZTL",
  fixtures = branch(9, {activities = {
    {name = "appr", org = "b1", kind = "appraisal", on = "2019-12-20",
     attrs = {results = {total = 9, excellent = 3}}},
  }}),
  expect = {
    {clause = "6.4", period = "2019", status = "pass", message = "评为优秀3人"},
  },
}

test {
  name = "选举工作条例：到会超过4/5、差额20%、得票过半",
  today = "2021-12-31", period = "2021", org = "b1", standards = PACKS,
  standard = "JCXJTL",
  fixtures = branch(5, {activities = {
    {name = "ok", org = "b1", kind = "election", on = "2021-03-01", attendance = present(5, 5),
     attrs = {seats = 5, candidates = 6, elected = {{name = "党员1", votes = 5}}}},
    {name = "bad", org = "b1", kind = "election", on = "2021-09-01", attendance = present(3, 5),
     attrs = {seats = 5, candidates = 5, elected = {{name = "党员2", votes = 1}}}},
  }}),
  expect = {
    {clause = "4", activity = "ok", status = "pass"},
    {clause = "4", activity = "bad", status = "fail"},
    {clause = "5", activity = "ok", status = "pass", message = "候选人6人"},
    {clause = "5", activity = "bad", status = "fail", message = "至少6人"},
    {clause = "6", activity = "ok", status = "pass"},
    {clause = "6", activity = "bad", status = "fail", message = "得票未过半"},
  },
}

test {
  name = "发展党员工作细则：接收预备党员的表决",
  today = "2019-12-31", period = "2019", org = "b1", standards = PACKS,
  standard = "FZDYXZ",
  fixtures = branch(6, {activities = {
    {name = "ok", org = "b1", kind = "general_meeting", on = "2019-03-01",
     attendance = present(5, 6),
     attrs = {votes = {{item = "接收张三", kind = "admission", yes = 5}}}},
    {name = "few", org = "b1", kind = "general_meeting", on = "2019-06-01",
     attendance = present(3, 6),
     attrs = {votes = {{item = "接收李四", kind = "admission", yes = 3}}}},
    {name = "none", org = "b1", kind = "general_meeting", on = "2019-09-01",
     attendance = present(6, 6)},
  }}),
  expect = {
    {clause = "2", activity = "ok", status = "pass"},
    {clause = "2", activity = "few", status = "fail"},
    {clause = "2", activity = "none", status = "n/a"},
    {clause = "3", activity = "ok", status = "pass"},
    {clause = "3", activity = "few", status = "fail", message = "赞成未过半"},
  },
}

-- TXGD has no effective date: it takes effect on the day it is loaded, so the pack is loaded
-- on the first day of the year judged
test {
  name = "常见要求：书记讲党课、转接回执、介绍信有效期、学时",
  loaded = "2019-01-01", today = "2020-01-10", period = "2019", org = "b1", standards = PACKS,
  standard = "TXGD",
  fixtures = branch(4, {
    members = {{code = "T1", name = "转入甲", status = "full", since = "2019-03-01", org = "b1",
                group = "b1-g1"}},
    transfers = {
      {member = "T1", org = "b1", direction = "in", letter_date = "2019-03-01", valid_days = 30,
       receipt = "2019-03-10"},
    },
    activities = {
      {name = "k1", org = "b1", kind = "lecture", on = "2019-05-10", lecturer = "F1",
       attendance = {F1 = "present", F2 = "present", F3 = "present", P1 = "present",
                     T1 = "present"},
       attrs = {class_hours = 32}},
    }}),
  expect = {
    {clause = "2", period = "2019", status = "pass"},
    {clause = "3", status = "pass"},
    {clause = "4", status = "pass"},
    {clause = "6", member = "F2", status = "pass"},
    {clause = "6", member = "F1", status = "fail", message = "56"},
    {clause = "6", member = "F4", status = "fail"},
  },
}

test {
  name = "常见要求：党课不是书记讲的，回执逾期，介绍信有效期过长",
  loaded = "2019-01-01", today = "2020-01-10", period = "2019", org = "b1", standards = PACKS,
  standard = "TXGD",
  fixtures = branch(4, {
    members = {{code = "T1", name = "转入甲", status = "full", since = "2019-03-01", org = "b1"}},
    transfers = {
      {member = "T1", org = "b1", direction = "in", letter_date = "2019-03-01", valid_days = 120,
       receipt = "2019-05-10"},
    },
    activities = {
      {name = "k1", org = "b1", kind = "lecture", on = "2019-05-10", lecturer = "F2",
       attendance = {F1 = "present"}, attrs = {class_hours = 4}},
    }}),
  expect = {
    {clause = "2", period = "2019", status = "fail"},
    {clause = "3", status = "fail", message = "回执逾期"},
    {clause = "4", status = "fail", message = "有效期120天"},
    {clause = "6", status = "fail", count = 6},
  },
}

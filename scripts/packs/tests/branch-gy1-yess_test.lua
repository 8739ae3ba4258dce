-- Tests of 《一二三四支部工作制度和方法》 (GY1-YESS in scripts/packs/branch-gy1.lua), each
-- expectation worked out by hand from the clause text. The standard takes effect on 2017-04-16,
-- so the cases judge the third quarter of 2017 (in force throughout) as of the year's end.
local PACKS = {"../regulations.lua", "../organ-system.lua", "../branch-gy1.lua"}

-- the branch gy1 under 机关党委: 甲 the secretary, 乙 the organization member, 丙 the
-- discipline member (the committee), 丁 an ordinary member; `t` adds or replaces lists
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
      {member = "A3", org = "gy1", post = "discipline", start = "2015-01-01"},
    },
  }
  for k, v in pairs(t or {}) do
    if k == "posts" then
      for _i, p in ipairs(v) do f.posts[#f.posts + 1] = p end
    else
      f[k] = v
    end
  end
  return f
end

-- the duty rotation: one committee member a month over the quarter
local ROTATION = {
  {member = "A1", org = "gy1", post = "on_duty", start = "2017-07-01", finish = "2017-07-31"},
  {member = "A2", org = "gy1", post = "on_duty", start = "2017-08-01", finish = "2017-08-31"},
  {member = "A3", org = "gy1", post = "on_duty", start = "2017-09-01", finish = "2017-09-30"},
}

local ALL_THERE = {A1 = "present", A2 = "present", A3 = "present", A4 = "present"}

test {
  name = "一二三四：书记在任，纪检委员到会，按季党课，记录及时，委员依次轮值",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-YESS",
  fixtures = branch {
    posts = ROTATION,
    activities = {
      {name = "c7", org = "gy1", kind = "committee_meeting", on = "2017-07-10",
       attendance = {A1 = "present", A2 = "present", A3 = "present"},
       evidence = {minutes = "2017-07-12"}},
      {name = "g8", org = "gy1", kind = "general_meeting", on = "2017-08-15",
       attendance = ALL_THERE, evidence = {minutes = "2017-08-18"}},
      {name = "k8", org = "gy1", kind = "lecture", on = "2017-08-20", lecturer = "A1"},
    },
  },
  expect = {
    {clause = "2.1", status = "pass"},
    {clause = "2.2", activity = "c7", status = "pass", message = "纪检委员丙参加"},
    {clause = "3.4", period = "2017-Q3", status = "pass"},
    -- minutes two and three days after the meeting: within the 3 days
    {clause = "3.5", activity = "c7", status = "pass"},
    {clause = "3.5", activity = "g8", status = "pass"},
    {clause = "4.2.1", status = "pass"},
    {clause = "4.2.2", period = "2017-07", status = "pass", message = "1段轮值均由支部委员担任"},
    {clause = "4.2.2", period = "2017-08", status = "pass"},
    {clause = "4.2.2", period = "2017-09", status = "pass"},
    {clause = "4.2.3", period = "2017-Q3", status = "pass", message = "3次轮值依次进行"},
    -- nobody is away: nothing to transfer
    {clause = "4.4", period = "2017-07", status = "n/a", message = "没有流动党员"},
  },
}

test {
  name = "一二三四：纪检委员缺会，没有党课，记录迟交，轮值断档、非委员轮值、未依次轮值",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-YESS",
  fixtures = branch {
    posts = {
      -- 甲 July, 乙 August, 甲 again in September while 丙 has not served: out of turn;
      -- 丁 (not on the committee) 1–10 September; nobody 21–30 September
      {member = "A1", org = "gy1", post = "on_duty", start = "2017-07-01", finish = "2017-07-31"},
      {member = "A2", org = "gy1", post = "on_duty", start = "2017-08-01", finish = "2017-08-31"},
      {member = "A4", org = "gy1", post = "on_duty", start = "2017-09-01", finish = "2017-09-10"},
      {member = "A1", org = "gy1", post = "on_duty", start = "2017-09-11", finish = "2017-09-20"},
    },
    activities = {
      {name = "c7", org = "gy1", kind = "committee_meeting", on = "2017-07-10",
       attendance = {A1 = "present", A2 = "present", A3 = {"leave", "出差"}},
       evidence = {minutes = "2017-07-14"}},
      -- attendance kept without the discipline member
      {name = "c8", org = "gy1", kind = "committee_meeting", on = "2017-08-10",
       attendance = {A1 = "present", A2 = "present"}},
    },
  },
  expect = {
    {clause = "2.1", status = "pass"},
    -- a 宜 clause: not met is a warning
    {clause = "2.2", activity = "c7", status = "warn", message = "纪检委员丙未参加（请假：出差）"},
    {clause = "2.2", activity = "c8", status = "warn", message = "考勤中没有纪检委员丙"},
    {clause = "3.4", period = "2017-Q3", status = "fail"},
    -- minutes four days after: one day late; none at all
    {clause = "3.5", activity = "c7", status = "fail"},
    {clause = "3.5", activity = "c8", status = "fail"},
    {clause = "4.2.1", status = "fail"},
    {clause = "4.2.2", period = "2017-07", status = "pass"},
    {clause = "4.2.2", period = "2017-08", status = "pass"},
    {clause = "4.2.2", period = "2017-09", status = "fail", message = "丁（2017-09-01起）不是支部委员"},
    {clause = "4.2.3", period = "2017-Q3", status = "warn",
     message = "2017-09-11 甲再次轮值，丙本轮尚未轮值"},
  },
}

test {
  name = "一二三四：书记空缺，没有纪检委员，没有轮值安排",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-YESS",
  fixtures = {
    orgs = {
      {kind = "committee", code = "jg", name = "机关党委"},
      {kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = "jg"},
    },
    members = {
      {code = "A1", name = "甲", status = "full", since = "2010-07-01", org = "gy1"},
      {code = "A2", name = "乙", status = "full", since = "2012-07-01", org = "gy1"},
    },
    -- the secretary left on 2017-08-31
    posts = {{member = "A1", org = "gy1", post = "secretary", start = "2015-01-01",
      finish = "2017-08-31"}},
    activities = {
      {name = "c7", org = "gy1", kind = "committee_meeting", on = "2017-07-10",
       attendance = {A1 = "present", A2 = "present"}, evidence = {minutes = "2017-07-10"}},
      {name = "k9", org = "gy1", kind = "lecture", on = "2017-09-20"},
    },
  },
  expect = {
    {clause = "2.1", status = "fail"},
    {clause = "2.2", activity = "c7", status = "n/a", message = "当日未设纪检委员"},
    {clause = "3.4", period = "2017-Q3", status = "pass"},
    {clause = "3.5", activity = "c7", status = "pass"},
    {clause = "4.2.1", status = "fail"},
    {clause = "4.2.2", period = "2017-07", status = "n/a", message = "没有轮值安排"},
    {clause = "4.2.3", period = "2017-Q3", status = "n/a", message = "没有轮值安排"},
  },
}

test {
  name = "一二三四：流动党员外出满6个月未转移组织关系；已开具介绍信的不算",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-YESS",
  fixtures = branch {
    members = {
      {code = "A1", name = "甲", status = "full", since = "2010-07-01", org = "gy1"},
      {code = "A2", name = "乙", status = "full", since = "2012-07-01", org = "gy1"},
      {code = "A3", name = "丙", status = "full", since = "2014-07-01", org = "gy1"},
      -- away since 10 January: six months are up on 10 July
      {code = "A4", name = "丁", status = "full", since = "2015-07-01", org = "gy1",
       flags = {{"mobile", "2017-01-10"}}},
      -- away since 1 March, a letter of introduction on 15 August (before 1 September)
      {code = "A5", name = "戊", status = "full", since = "2015-07-01", org = "gy1",
       flags = {{"mobile", "2017-03-01"}}},
    },
    transfers = {{member = "A5", org = "gy1", direction = "out", letter_date = "2017-08-15",
      other_org = "某市某区党支部"}},
  },
  expect = {
    -- July: 丁 is due (10 July), 戊 not yet (1 September)
    {clause = "4.4", period = "2017-07", status = "fail",
     message = "丁自2017-01-10外出（流动党员），2017-07-10已满6个月，未转移组织关系"},
    {clause = "4.4", period = "2017-08", status = "fail"},
    {clause = "4.4", period = "2017-09", status = "fail"},
  },
}

test {
  name = "一二三四：流动党员外出未满期限是 n/a，开具介绍信后符合",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-YESS",
  fixtures = branch {
    members = {
      {code = "A1", name = "甲", status = "full", since = "2010-07-01", org = "gy1"},
      {code = "A2", name = "乙", status = "full", since = "2012-07-01", org = "gy1"},
      {code = "A3", name = "丙", status = "full", since = "2014-07-01", org = "gy1"},
      -- away since 1 March: due 1 September; the letter on 15 August
      {code = "A5", name = "戊", status = "full", since = "2015-07-01", org = "gy1",
       flags = {{"mobile", "2017-03-01"}}},
    },
    transfers = {{member = "A5", org = "gy1", direction = "out", letter_date = "2017-08-15",
      other_org = "某市某区党支部"}},
  },
  expect = {
    {clause = "4.4", period = "2017-07", status = "n/a", message = "外出未满期限：戊自2017-03-01外出，2017-09-01满6个月"},
    {clause = "4.4", period = "2017-08", status = "pass", message = "戊（2017-03-01起外出，2017-08-15开具介绍信）"},
  },
}

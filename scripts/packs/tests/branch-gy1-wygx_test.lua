-- Tests of 《支部委员改选规范》 (GY1-WYGX in scripts/packs/branch-gy1.lua), each expectation
-- worked out by hand from the clause text. The clauses judge the election cases (procedure
-- `election`) whose steps were completed in the quarter: the third quarter of 2017, judged as of
-- the year's end. A case that keeps every rule runs the shipped procedure
-- (scripts/workflows/election.lua); one that breaks them runs election-unguarded.lua, the same
-- steps without the guards that would refuse it.
local PACKS = {"../regulations.lua", "../organ-system.lua", "../branch-gy1.lua"}
local SHIPPED = "../../workflows/election.lua"
local UNGUARDED = "election-unguarded.lua"

-- the branch gy1, last elected on `last`: six full members; 赵一 secretary, 钱二 organization,
-- 孙三 publicity, 李四 discipline (without 孙三's post when `no_publicity`)
local function branch(last, t)
  t = t or {}
  local posts = {
    {member = "B1", org = "gy1", post = "secretary", start = "2015-01-01"},
    {member = "B2", org = "gy1", post = "organization", start = "2015-01-01"},
    {member = "B4", org = "gy1", post = "discipline", start = "2015-01-01"},
  }
  if not t.no_publicity then
    posts[#posts + 1] = {member = "B3", org = "gy1", post = "publicity", start = "2015-01-01"}
  end
  posts = t.posts or posts
  local members = {}
  for i, name in ipairs({"赵一", "钱二", "孙三", "李四", "周五", "吴六"}) do
    members[i] = {code = "B" .. i, name = name, status = "full", since = "2010-07-01", org = "gy1"}
  end
  return {
    orgs = {
      {kind = "committee", code = "jg", name = "机关党委"},
      {kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = "jg",
       attrs = last and {last_election = last} or nil},
    },
    members = members,
    posts = posts,
    procedures = t.procedures,
    cases = t.cases,
  }
end

test {
  name = "委员改选：按时启动、差额、到会、选票、得票、人数、报告、接任都合规",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-WYGX",
  -- the term ends on 2017-10-15: the decision is due by 2017-07-15
  fixtures = branch("2014-10-15", {
    procedures = {SHIPPED},
    cases = {{procedure = "election", org = "gy1", date = "2017-07-03", steps = {
      {step = "decision", date = "2017-07-03", artifacts = {"minutes"}},
      {step = "request", date = "2017-07-05", artifacts = {"report"}},
      {step = "approval", date = "2017-07-20", artifacts = {"approval"}},
      {step = "candidates", date = "2017-08-01",
       fields = {seats = 3, candidates = {"B1", "B2", "B3", "B5"}}},
      {step = "candidates_approval", date = "2017-08-10", artifacts = {"approval"}},
      {step = "meeting", date = "2017-09-01", artifacts = {"minutes"},
       fields = {present = 6, ballots_issued = 6, ballots_returned = 6,
                 elected = {"B1", "B2", "B3"}, lowest_votes = 5}},
      {step = "report", date = "2017-09-05", artifacts = {"report"},
       fields = {secretary = "B1", organization = "B2", publicity = "B3"}},
      {step = "confirm", date = "2017-09-15", artifacts = {"approval"}},
    }}},
  }),
  expect = {
    {clause = "2.2", period = "2017-Q3", status = "pass",
     message = "2017-07-03研究决定换届、2017-07-05书面请示（任期2017-10-15届满，不晚于2017-07-15）"},
    {clause = "2.3", status = "pass"},
    -- 3 seats need at least ceil(3 × 1.2) = 4 candidates
    {clause = "3.1", period = "2017-Q3", status = "pass", message = "应选3名，候选人4名（至少4名）"},
    -- 6 of 6 voting members: more than 4.8
    {clause = "4.1", period = "2017-Q3", status = "pass",
     message = "应到会有选举权党员6人，到会6人（须超过0.8）"},
    {clause = "4.2", period = "2017-Q3", status = "pass", message = "发出选票6张，收回6张"},
    {clause = "4.3", period = "2017-Q3", status = "pass", message = "到会6人，当选人最少得5票"},
    {clause = "4.4", period = "2017-Q3", status = "pass", message = "应选3名，当选3名（委员会3至7人）"},
    {clause = "5.1", period = "2017-Q3", status = "pass",
     message = "2017-09-05报告选举结果（不晚于2017-10-01）"},
    -- the procedure ended 李四's post as discipline member when the new committee took office
    {clause = "5.2", period = "2017-Q3", status = "pass", message = "新一届委员会接任"},
    {clause = "6.1", requirement = 1, status = "pass"},
    {clause = "6.1", requirement = 2, status = "pass"},
  },
}

test {
  name = "委员改选：启动晚了，差额不足，到会不足，选票多收，得票不过半，人数不足，报告迟，上届职务未终止",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-WYGX",
  fixtures = branch("2014-10-15", {
    no_publicity = true,
    procedures = {UNGUARDED},
    cases = {{procedure = "election", org = "gy1", date = "2017-07-20", steps = {
      {step = "decision", date = "2017-07-20"},
      {step = "request", date = "2017-07-21"},
      {step = "approval", date = "2017-07-25"},
      {step = "candidates", date = "2017-08-01",
       fields = {seats = 3, candidates = {"B1", "B2", "B3"}}},
      {step = "candidates_approval", date = "2017-08-05"},
      {step = "meeting", date = "2017-08-20",
       fields = {present = 4, ballots_issued = 4, ballots_returned = 5,
                 elected = {"B1", "B2"}, lowest_votes = 2}},
      {step = "report", date = "2017-09-25", fields = {secretary = "B1"}},
      {step = "confirm", date = "2017-09-28"},
    }}},
  }),
  expect = {
    {clause = "2.2", period = "2017-Q3", status = "fail",
     message = "2017-07-20才研究决定换届，应不晚于2017-07-15（任期2017-10-15届满）"},
    {clause = "3.1", period = "2017-Q3", status = "fail", message = "应选3名，候选人3名（至少4名）"},
    -- 4 of 6 is not more than 4.8
    {clause = "4.1", period = "2017-Q3", status = "fail",
     message = "应到会有选举权党员6人，到会4人（须超过0.8）"},
    {clause = "4.2", period = "2017-Q3", status = "fail", message = "发出选票4张，收回5张"},
    -- 2 votes is not more than half of 4
    {clause = "4.3", period = "2017-Q3", status = "fail", message = "到会4人，当选人最少得2票"},
    {clause = "4.4", period = "2017-Q3", status = "fail", message = "应选3名，当选2名（委员会3至7人）"},
    -- due a month after 20 August
    {clause = "5.1", period = "2017-Q3", status = "fail",
     message = "2017-09-25才报告选举结果，应不晚于2017-09-20"},
    {clause = "5.2", period = "2017-Q3", status = "fail", message = "新一届委员会：李四仍任纪检委员"},
    {clause = "6.1", requirement = 1, status = "pass"},
    {clause = "6.1", requirement = 2, status = "fail"},
  },
}

test {
  name = "委员改选：任期已满才选举（延期未批准），结果尚未报告",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-WYGX",
  -- the term ended on 2017-08-15: the decision was due by 2017-05-15, the election by 08-15
  -- (an interrupting rule of election-unguarded.lua; the shipped procedure only warns then)
  fixtures = branch("2014-08-15", {
    procedures = {UNGUARDED},
    cases = {{procedure = "election", org = "gy1", date = "2017-07-01", steps = {
      {step = "decision", date = "2017-07-01", artifacts = {"minutes"}},
      {step = "request", date = "2017-07-03", artifacts = {"report"}},
      {step = "approval", date = "2017-07-10", artifacts = {"approval"}},
      {step = "candidates", date = "2017-08-01",
       fields = {seats = 3, candidates = {"B1", "B2", "B3", "B5"}}},
      {step = "candidates_approval", date = "2017-08-10", artifacts = {"approval"}},
      {step = "meeting", date = "2017-09-05", artifacts = {"minutes"},
       fields = {present = 6, ballots_issued = 6, ballots_returned = 6,
                 elected = {"B1", "B2", "B3"}, lowest_votes = 5}},
    }}},
  }),
  expect = {
    {clause = "2.2", period = "2017-Q3", status = "fail",
     message = "2017-07-01才研究决定换届，应不晚于2017-05-15"},
    {clause = "2.3", status = "fail", message = "2017-09-05 完成，比时限 2017-08-15 晚 21 天"},
    -- the report is due by 5 October, after the quarter's last day
    {clause = "5.1", period = "2017-Q3", status = "open",
     message = "选举结果应于2017-10-05前报机关党委"},
    {clause = "5.2", period = "2017-Q3", status = "n/a", message = "期间没有完成这一步的换届"},
  },
}

test {
  name = "委员改选：没有换届事项时，按上次换届日期判断是否该启动",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-WYGX",
  -- the term ended on 2017-08-01; nothing decided by 2017-05-01
  fixtures = branch("2014-08-01"),
  expect = {
    {clause = "2.2", period = "2017-Q3", status = "fail",
     message = "任期2017-08-01届满，应于2017-05-01前研究决定换届，尚未决定"},
    {clause = "3.1", period = "2017-Q3", status = "n/a", message = "期间没有完成这一步的换届"},
    {clause = "4.1", period = "2017-Q3", status = "n/a"},
    {clause = "4.2", period = "2017-Q3", status = "n/a"},
    {clause = "4.3", period = "2017-Q3", status = "n/a"},
    {clause = "4.4", period = "2017-Q3", status = "n/a"},
    {clause = "5.1", period = "2017-Q3", status = "n/a"},
  },
}

test {
  name = "委员改选：任期未满；组织委员出缺未补选",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-WYGX",
  -- the organization member left on 2017-08-31; nobody was elected in their place
  fixtures = branch("2016-03-01", {posts = {
    {member = "B1", org = "gy1", post = "secretary", start = "2016-03-01"},
    {member = "B2", org = "gy1", post = "organization", start = "2016-03-01", finish = "2017-08-31"},
    {member = "B3", org = "gy1", post = "publicity", start = "2016-03-01"},
  }}),
  expect = {
    {clause = "2.2", period = "2017-Q3", status = "n/a",
     message = "任期2019-03-01届满，应于2018-12-01前研究决定换届（尚未到期）"},
    {clause = "6.1", requirement = 1, status = "fail", message = "2017-09-01"},
    {clause = "6.1", requirement = 2, status = "pass"},
  },
}

test {
  name = "委员改选：不知上次换届日期",
  today = "2017-12-31", period = "2017-Q3", org = "gy1", standards = PACKS,
  standard = "GY1-WYGX",
  fixtures = branch(nil),
  expect = {
    {clause = "2.2", period = "2017-Q3", status = "n/a", message = "没有上次换届的日期"},
  },
}

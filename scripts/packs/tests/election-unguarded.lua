-- A procedure `election` for the tests of GY1-WYGX (branch-gy1-wygx_test.lua): the steps and
-- fields of scripts/workflows/election.lua without its guards and on_complete actions, and
-- with one time rule: the election meeting when the term ends, interrupting (the shipped
-- procedure only warns then, and interrupts a year later). The shipped procedure refuses an
-- election that breaks the rules, so the records it leaves always pass 3.1–4.4; the standard
-- still judges whatever a case records (a case kept under an earlier revision, or entered by
-- hand), and this stand-in lets a test record one that breaks each rule.
qufa.procedure{
  code = "election",
  title = "支部委员会换届选举（测试用，无校验）",
  version = "test",
  subject = "org",
  fields = {
    last_election = {type = "date", required = false, doc = "上次换届选举的日期"},
    term_end = {type = "date", required = false, doc = "本届任期届满日"},
  },
  on_start = function(c)
    local last = c.fields.last_election or (c.org.attrs or {}).last_election
    return {last_election = last, term_end = last and qufa.add(last, "3y")}
  end,
  steps = {
    {code = "decision", title = "支部委员会研究决定换届"},
    {code = "request", title = "向上级党组织书面请示"},
    {code = "approval", title = "上级党组织批复"},
    {code = "candidates", title = "提出委员候选人名单",
     fields = {seats = {type = "integer", min = 0, doc = "应选委员人数"},
               candidates = {type = "members", min = 0, doc = "候选人"}}},
    {code = "candidates_approval", title = "上级党组织审批候选人"},
    {code = "meeting", title = "召开党员大会选举",
     deadlines = {{within = "0d", from = "start.term_end", kind = "interrupt",
       label = "任期届满时换届"}},
     fields = {present = {type = "integer", min = 0, doc = "到会有选举权的党员人数"},
               ballots_issued = {type = "integer", min = 0, doc = "发出选票数"},
               ballots_returned = {type = "integer", min = 0, doc = "收回选票数"},
               elected = {type = "members", min = 0, doc = "当选委员"},
               lowest_votes = {type = "integer", min = 0, doc = "当选委员中最少的得票数"}}},
    {code = "report", title = "报告选举结果，委员会分工",
     fields = {secretary = {type = "member", doc = "委员会选出的书记"}}},
    {code = "confirm", title = "上级党组织批复书记、副书记", final = true},
  },
}

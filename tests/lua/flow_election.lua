-- The re-election of a branch committee end to end: the term from the last election, the
-- 20% margin of candidates, the 4/5 quorum, and the new committee in office: every post of
-- the old one ended, every elected member in a post.
local t = require "t"
local kit = require "flowkit"

db:flow_load(kit.workflow("election"))
local F = kit.branch(db)
-- the committee in office: 赵一 secretary, 孙三 organization, 吴六 publicity (not re-elected
-- below), 李四 discipline and on duty
db:appoint{member = F[1], org = "gy1", post = "secretary", start = "2014-06-01"}
db:appoint{member = F[3], org = "gy1", post = "organization", start = "2014-06-20"}
db:appoint{member = F[6], org = "gy1", post = "publicity", start = "2014-06-20"}
db:appoint{member = F[4], org = "gy1", post = "discipline", start = "2014-06-20"}
db:appoint{member = F[4], org = "gy1", post = "on_duty", start = "2017-05-01", finish = "2017-05-31"}
db:set_today("2017-03-01")
t.fails("工业标准一部党支部 没有上次换届的日期", db.flow_start, db,
  {procedure = "election", org = "gy1"})
db:org("gy1"):update{attrs = {last_election = "2014-06-20"}}
local c = db:flow_start{procedure = "election", org = "gy1", date = "2017-03-01"}
t.eq(c.fields.last_election .. " " .. c.fields.term_end, "2014-06-20 2017-06-20", "the term")
t.fails("there is already an open election case for this org", db.flow_start, db,
  {procedure = "election", org = "gy1"})
t.fails("procedure election is about an org, not a member", db.flow_start, db,
  {procedure = "election", member = F[2], org = "gy1"})
kit.walk(db, c, {
  {"decision", date = "2017-03-01", files = {"minutes"}},
  {"request", date = "2017-03-03", files = {"report"}},
  {"approval", date = "2017-03-20", files = {"approval"}},
  {"candidates"},
})
db:set_today("2017-04-01")
t.fails("应选 5 名委员，候选人 5 名，差额不足：至少应有 6 名", c.advance, c,
  {step = "candidates", date = "2017-04-01", fields = {seats = 5, candidates = {F[1], F[2], F[3],
   F[4], F[5]}}})
kit.walk(db, c, {
  {"candidates", date = "2017-04-01", fields = {seats = 5, candidates = "F1,F2,F3,F4,F5,F6"}},
  {"candidates_approval", date = "2017-04-10", files = {"approval"}},
  {"meeting"},
})
local rules = {}
for d in c:deadlines() do
  if d.step == "meeting" then rules[#rules + 1] = d.due .. (d.interrupting and "!" or "") end
end
t.eq(table.concat(rules, " "), "2017-06-20 2018-06-20!", "meeting due at the term's end")
local meeting = {present = 4, ballots_issued = 4, ballots_returned = 4,
  elected = {F[1], F[2], F[3], F[4], F[5]}, lowest_votes = 2}
db:set_today("2017-05-10")
t.fails("到会 4 人，应到会有选举权的党员 6 人：须超过 0.8", c.advance, c,
  {step = "meeting", date = "2017-05-10", fields = meeting, files = {"minutes=" .. kit.file("m")}})
meeting.present, meeting.ballots_issued, meeting.ballots_returned = 5, 5, 6
t.fails("收回选票 6 张，多于发出的 5 张，选举无效", c.advance, c,
  {step = "meeting", date = "2017-05-10", fields = meeting, files = {"minutes=" .. kit.file("m")}})
meeting.ballots_returned = 5
t.fails("当选须得票超过到会 5 人的 0.5，最少的得票数为 2", c.advance, c,
  {step = "meeting", date = "2017-05-10", fields = meeting, files = {"minutes=" .. kit.file("m")}})
meeting.lowest_votes = 3
kit.walk(db, c, {
  {"meeting", date = "2017-05-10", fields = meeting, files = {"minutes"}},
  {"report"},
})
t.eq(db:org("gy1").attrs.last_election, "2017-05-10", "the org's last election")
db:set_today("2017-05-11")
t.fails("吴六 不是当选委员", c.advance, c, {step = "report", date = "2017-05-11",
  fields = {secretary = "F2", deputy_secretary = "F6"}, files = {"report=" .. kit.file("r")}})
t.fails("organization member 吴六 不是当选委员", c.advance, c, {step = "report", date = "2017-05-11",
  fields = {secretary = "F2", organization = "F6"}, files = {"report=" .. kit.file("r")}})
kit.walk(db, c, {
  {"report", date = "2017-05-11", fields = {secretary = "F2", deputy_secretary = "F3",
   organization = "F1", publicity = "F5"}, files = {"report"}},
  {"confirm", date = "2017-05-20", files = {"approval"}, expect = nil},
})
t.eq(c:refresh().state, "completed", "completed")
t.eq(db:holder("gy1", "secretary", "2017-05-19").name, "赵一", "the old secretary until the day before")
t.eq(db:holder("gy1", "secretary", "2017-05-20").name, "钱二", "the new secretary")
t.eq(db:holder("gy1", "deputy_secretary", "2017-05-20").name, "孙三", "the deputy")
-- every post of the old committee ended, every elected member holds one of the new
local function posts(day)
  local out = {}
  for p in db:positions{org = "gy1", on = day} do
    out[#out + 1] = p.post .. "=" .. db:member(p.member_id).name
  end
  table.sort(out)
  return table.concat(out, " ")
end
t.eq(posts("2017-05-19"), "discipline=李四 on_duty=李四 organization=孙三 publicity=吴六 "
  .. "secretary=赵一", "the old committee until the day before")
t.eq(posts("2017-05-20"), "committee_member=李四 deputy_secretary=孙三 organization=赵一 "
  .. "publicity=周五 secretary=钱二", "the new committee: 吴六, not re-elected, holds nothing")
t.eq(db:holder("gy1", "discipline", "2017-05-20"), nil, "no discipline member assigned")
t.eq(db:holder("gy1", "on_duty", "2017-05-20"), nil, "the duty rotation restarts")
-- the next term counts from this election
local c2 = db:flow_start{procedure = "election", org = "gy1", date = "2017-05-20"}
t.eq(c2.fields.term_end, "2020-05-10", "next term")
t.fails("not before 2019-05-10 (提前换届不超过一年)", c2.advance, c2,
  {step = "decision", date = "2017-05-20", files = {"minutes=" .. kit.file("m")}})

-- another branch whose last election is on record as an election meeting
db:add_org{kind = "branch", code = "gy2", name = "工业标准二部党支部", parent = "jg"}
db:add_activity{org = "gy2", kind = "election", title = "换届选举大会", starts_at = "2015-04-10 09:00"}
local c3 = db:flow_start{procedure = "election", org = "gy2", date = "2017-05-20"}
t.eq(c3.fields.last_election .. " " .. c3.fields.term_end, "2015-04-10 2018-04-10",
  "the term from the election meeting")
-- given explicitly, it wins
c3:cancel{note = "重新开始"}
c3 = db:flow_start{procedure = "election", org = "gy2", date = "2017-05-20",
  fields = {last_election = "2015-05-01"}}
t.eq(c3.fields.term_end, "2018-05-01", "given last election")
kit.cleanup()
print("flow_election: ok")

-- The shipped admission procedure end to end: all 25 steps for one applicant, with the member's
-- status following, every time rule refused when broken, and the probation extension path.
local t = require "t"
local kit = require "flowkit"

local loaded = db:flow_load(kit.workflow("admission"))
t.eq(loaded[1].code, "admission", "loaded")
t.eq(loaded[1].outcome, "new", "first load")
t.eq(db:flow_load(kit.workflow("admission"))[1].outcome, "unchanged", "reload")
local def = db:procedure("admission")
t.eq(#def.stages, 5, "stages")
-- 25 steps plus the two other outcomes of the vote on full membership
t.eq(#def.steps, 27, "steps")

local F = kit.branch(db)
local li = db:add_member{name = "李明", code = "A001", birth_date = "1990-05-01", gender = "male",
  status = "applicant", since = "2015-03-02", org = "gy1"}
db:set_today("2015-03-02")
local c = db:flow_start{procedure = "admission", member = "A001", date = "2015-03-02"}
t.eq(c.step, "apply", "first step")
t.eq(c.org_id, db:org("gy1").id, "the case belongs to the member's branch")
t.eq(c.params.talk_within, "1m", "pinned parameter")

local function refused(needle, args)
  if args.date > db:today() then db:set_today(args.date) end
  local ev = {}
  for _, ty in ipairs(args.files or {}) do ev[#ev + 1] = ty .. "=" .. kit.file(ty) end
  t.fails(needle, c.advance, c, {step = args[1], date = args.date, fields = args.fields,
    files = ev, to = args.to})
  t.eq(c:refresh().step, args[1], "still at the step after a refusal")
end

refused("missing evidence of type application", {"apply", date = "2015-03-02"})
kit.walk(db, c, {
  {"apply", date = "2015-03-02", files = {"application"}},
  {"talk", date = "2015-03-20", files = {"talk_record"}},
  {"activist", date = "2015-04-10", files = {"minutes"}},
  {"activist_filed", date = "2015-04-15"},
  {"contacts", date = "2015-04-20", fields = {contacts = {F[1]}}},
  {"observation", expect = "observation"},
})
t.eq(db:member(li.id, {on = "2015-04-10"}).status, "activist", "activist from the decision")
t.eq(db:member(li.id, {on = "2015-04-09"}).status, "applicant", "applicant before")

refused("自 2015-04-10 起应每 6m 考察一次，应有 1 次，记录 0 次", {"observation",
  date = "2016-03-20", fields = {reviews = 0, reports = 3}})
kit.walk(db, c, {{"observation", date = "2016-03-20", fields = {reviews = 1, reports = 3},
  expect = "candidate"}})
-- at least a year as an activist, and a public notice of 5 working days
refused("not before 2016-04-10 (经过一年以上培养教育和考察)", {"candidate", date = "2016-04-08",
  files = {"minutes"}, fields = {notice_from = "2016-03-28"}})
refused("not before 2016-04-25 (公示不少于5个工作日)", {"candidate", date = "2016-04-22",
  files = {"minutes"}, fields = {notice_from = "2016-04-18"}})
kit.walk(db, c, {
  {"candidate", date = "2016-04-25", files = {"minutes"}, fields = {notice_from = "2016-04-18"}},
  {"candidate_filed", date = "2016-04-28"},
  {"sponsors", expect = "sponsors"},
})
t.eq(db:member(li.id, {on = "2016-04-25"}).status, "candidate", "candidate")
local probationer = db:add_member{name = "郑七", status = "probationary", since = "2016-01-10",
  org = "gy1"}
refused("field sponsors: 1 member(s) given, at least 2 needed", {"sponsors", date = "2016-05-05",
  fields = {sponsors = {F[1]}}})
refused("入党介绍人 郑七 不是正式党员", {"sponsors", date = "2016-05-05",
  fields = {sponsors = {F[1], probationer}}})
kit.walk(db, c, {
  {"sponsors", date = "2016-05-05", fields = {sponsors = {F[1], "F2"}}},
  {"political_review", date = "2016-05-20", files = {"political_review"}},
  {"training", expect = "training"},
})
refused("集中培训 0 天、16 学时，应不少于 3 天或 24 学时", {"training", date = "2016-06-10",
  files = {"training_certificate"}, fields = {hours = 16}})
kit.walk(db, c, {
  {"training", date = "2016-06-10", files = {"training_certificate"}, fields = {days = 3}},
  {"committee_review", date = "2016-06-20", files = {"minutes"}},
  {"pre_review", date = "2016-06-27"},
  {"volunteer_form", date = "2016-07-01", files = {"volunteer_form"}},
  {"vote", expect = "vote"},
})
-- six full members have voting rights (郑七 is probationary)
refused("到会 3 人，未超过应到会有表决权党员 6 人的 0.5", {"vote", date = "2016-07-08",
  files = {"minutes"}, fields = {present = 3, in_favour = 3}})
kit.walk(db, c, {
  {"vote", date = "2016-07-08", files = {"minutes"}, fields = {present = 5, in_favour = 5}},
  {"upper_talk", date = "2016-07-20", files = {"talk_record"}},
  {"approval", expect = "approval"},
})
-- approval within 3 months (a warning) and never over 6 (interrupting), from the vote
local due = {}
for d in c:deadlines() do
  if d.step == "approval" then due[#due + 1] = d.due .. (d.interrupting and "!" or "") end
end
t.eq(table.concat(due, " "), "2016-10-08 2017-01-08!", "approval deadlines")
kit.walk(db, c, {
  {"approval", date = "2016-09-01", files = {"approval"}},
  {"approval_filed", date = "2016-09-10"},
  {"placement", date = "2016-09-12", fields = {group = "gy1-g1"}},
  {"oath", date = "2016-09-20"},
  {"education", date = "2017-06-01"},
  {"full_application", expect = "full_application"},
})
li = db:member(li.id, {on = "2016-09-12"})
t.eq(li.status, "probationary", "probationary after approval")
t.eq(li.since, "2016-07-08", "probation counted from the vote")
t.eq(li.joined, "2016-07-08", "joined on the vote's day")
t.eq(li.group_id, db:org("gy1-g1").id, "placed in the group")
refused("not before 2017-07-08 (预备期满一年)", {"full_application", date = "2017-07-01",
  files = {"application"}})
kit.walk(db, c, {
  {"full_application", date = "2017-07-10", files = {"application"}},
  {"full_vote", date = "2017-07-14", files = {"minutes"}, fields = {present = 6, in_favour = 6},
   to = "full_approval"},
  {"full_approval", date = "2017-08-01", files = {"approval"}},
  {"archive", date = "2017-08-10", files = {"archive"}},
})
c:refresh()
t.eq(c.state, "completed", "completed")
t.eq(c.ended, "2017-08-10", "ended")
local statuses = {}
for e in db:member(li.id):history() do
  if e.what == "status" then statuses[#statuses + 1] = e.value .. "@" .. e.start end
end
t.eq(table.concat(statuses, " "), "applicant@2015-03-02 activist@2015-04-10 "
  .. "candidate@2016-04-25 probationary@2016-07-08 full@2017-07-08", "status history")
local steps, late, evidence = 0, 0, 0
for e in c:history() do
  if e.action == "complete" then
    steps = steps + 1
    if e.late then late = late + 1 end
    evidence = evidence + #e.artifacts
  end
end
t.eq(steps, 25, "25 steps completed")
t.eq(late, 0, "none late")
t.eq(evidence, 15, "evidence kept with the steps")

-- a second applicant whose probation is extended once (6 to 12 months, and only once)
db:set_today("2014-09-01")
db:add_member{name = "王芳", code = "A002", status = "applicant", since = "2014-09-01", org = "gy1"}
local c2 = db:flow_start{procedure = "admission", member = "A002", date = "2014-09-01"}
c = c2
kit.walk(db, c2, {
  {"apply", date = "2014-09-01", files = {"application"}},
  {"talk", date = "2014-09-10", files = {"talk_record"}},
  {"activist", date = "2014-10-08", files = {"minutes"}},
  {"activist_filed", date = "2014-10-09"},
  {"contacts", date = "2014-10-10", fields = {contacts = {F[3], F[4]}}},
  {"observation", date = "2015-10-09", fields = {reviews = 2, reports = 4}},
  {"candidate", date = "2015-10-16", files = {"minutes"}, fields = {notice_from = "2015-10-09"}},
  {"candidate_filed", date = "2015-10-19"},
  {"sponsors", date = "2015-10-20", fields = {sponsors = "F3,F4"}},
  {"political_review", date = "2015-11-02", files = {"political_review"}},
  {"training", date = "2015-11-20", files = {"training_certificate"}, fields = {hours = 24}},
  {"committee_review", date = "2015-12-01", files = {"minutes"}},
  {"pre_review", date = "2015-12-10"},
  {"volunteer_form", date = "2015-12-20", files = {"volunteer_form"}},
  {"vote", date = "2016-01-08", files = {"minutes"}, fields = {present = 6, in_favour = 5}},
  {"upper_talk", date = "2016-01-20", files = {"talk_record"}},
  -- approved after the 3-month warning: completed late, though within the 6-month limit
  {"approval", date = "2016-04-20", files = {"approval"}},
  {"approval_filed", date = "2016-04-25"},
  {"placement", date = "2016-04-26"},
  {"oath", date = "2016-05-04"},
  {"education", date = "2016-12-30"},
  {"full_application", date = "2017-01-09", files = {"application"}},
  {"full_vote", date = "2017-01-13", files = {"minutes"}, fields = {present = 6, in_favour = 4},
   to = "extend"},
  {"extend", expect = "extend"},
})
refused("延长后应在 2017-07-08 至 2018-01-08 之间，而不是 2017-05-08", {"extend",
  date = "2017-01-13", fields = {["until"] = "2017-05-08"}})
kit.walk(db, c2, {
  {"extend", date = "2017-01-13", fields = {["until"] = "2017-07-08"}},
  {"full_application", expect = "full_application"},
})
refused("not before 2017-07-08 (延长的预备期期满)", {"full_application", date = "2017-07-01",
  files = {"application"}})
kit.walk(db, c2, {
  {"full_application", date = "2017-07-08", files = {"application"}},
  {"full_vote", expect = "full_vote"},
})
refused("the case cannot go from step full_vote to extend: 预备期只能延长 1 次", {"full_vote",
  date = "2017-07-12", files = {"minutes"}, fields = {present = 6, in_favour = 6},
  to = "extend"})
kit.walk(db, c2, {
  {"full_vote", date = "2017-07-12", files = {"minutes"}, fields = {present = 6, in_favour = 6},
   to = "full_approval"},
  {"full_approval", date = "2017-08-01", files = {"approval"}},
  {"archive", date = "2017-08-02", files = {"archive"}},
})
local wang = db:member("A002", {on = "2017-07-08"})
t.eq(wang.status, "full", "full from the end of the extension")
t.eq(db:member("A002", {on = "2017-07-07"}).status, "probationary", "probationary until then")
local missed = {}
for d in c2:deadlines() do
  if d.state == "missed" then missed[#missed + 1] = d.step .. ":" .. d.due end
end
t.eq(table.concat(missed, " "), "approval:2016-04-08", "the 3-month approval warning was missed")
kit.cleanup()
print("flow_admission: ok")

-- transfer_in and transfer_out end to end: the letter's validity, the transfer record, the
-- receipt within a month, and membership changing on receipt.
local t = require "t"
local kit = require "flowkit"

local r = db:flow_load(kit.workflow("transfer"))
t.eq(#r, 2, "one file, two procedures")
t.eq(r[1].code .. " " .. r[2].code, "transfer_in transfer_out", "codes")
kit.branch(db)
db:add_org{kind = "branch", code = "gy2", name = "工业标准二部党支部", parent = "jg"}

-- in: a member arriving from outside is recorded first, without a branch
local m = db:add_member{name = "陈八", code = "T1", status = "full", since = "2008-07-01"}
db:set_today("2017-06-01")
t.fails("member 陈八 belongs to no branch on 2017-06-01: give the org", db.flow_start, db,
  {procedure = "transfer_in", member = "T1"})
local c = db:flow_start{procedure = "transfer_in", member = "T1", org = "gy1", date = "2017-06-01"}
local letter = {letter_no = "京2017-031", other_org = "某研究院党委", letter_date = "2017-04-20",
  valid_days = 30}
t.fails("介绍信 2017-04-20 开具，有效期 30 天，已于 2017-05-19 过期", c.advance, c,
  {step = "letter", date = "2017-06-01", fields = letter, files = {"letter=" .. kit.file("letter")}})
letter.letter_date, letter.valid_days = "2017-05-25", 120
t.fails("field valid_days: 120 is more than 90", c.advance, c,
  {step = "letter", date = "2017-06-01", fields = letter, files = {kit.file("letter")}})
letter.valid_days = 30
letter.dues_paid_to = "2017年5月"
t.fails("dues_paid_to: '2017年5月' is not a month (YYYY-MM", c.advance, c,
  {step = "letter", date = "2017-06-01", fields = letter, files = {"letter=" .. kit.file("letter")}})
letter.dues_paid_to = "2017-05"
kit.walk(db, c, {{"letter", date = "2017-06-01", fields = letter, files = {"letter"}},
  {"receipt"}})
t.eq(qufa.list(db:transfers{member = m})[1].dues_paid_to, "2017-05", "dues paid to, from the letter")
local tr = qufa.list(db:transfers{member = m})
t.eq(#tr, 1, "a transfer record")
t.eq(tr[1].direction .. " " .. tr[1].status .. " " .. tr[1].letter_no, "in pending 京2017-031",
  "pending transfer")
t.eq(db:member(m.id).org_id, nil, "not yet a member of the branch")
-- the receipt is due within a month of receiving the letter
local due = qufa.list(c:deadlines())
t.eq(due[1].due .. " " .. tostring(due[1].interrupting), "2017-07-01 true", "receipt deadline")
db:set_today("2017-07-05")
t.eq(c:refresh().state, "overdue", "overdue after a month")
local items = db:flow_due{within = 0}
t.eq(#items, 1, "one item due")
t.eq(items[1].state .. " " .. items[1].days_left, "escalated -4", "escalated")
kit.walk(db, c, {{"receipt", date = "2017-07-05", fields = {group = "gy1-g1"}, files = {"receipt"},
  expect = nil}})
c:refresh()
t.eq(c.state, "completed", "completed")
tr = db:transfer(tr[1].id)
t.eq(tr.status .. " " .. tr.receipt_date, "completed 2017-07-05", "transfer completed")
local now = db:member(m.id, {on = "2017-07-05"})
t.eq(now.org_id, db:org("gy1").id, "joined the branch on receipt")
t.eq(now.group_id, db:org("gy1-g1").id, "and the group")
t.eq(db:member(m.id, {on = "2017-07-04"}).org_id, nil, "not before")
local late
for e in c:history() do if e.step == "receipt" then late = e.late end end
t.eq(late, true, "the receipt came late")

-- out: the branch stays responsible until the receipt is back
db:set_today("2017-08-01")
c = db:flow_start{procedure = "transfer_out", member = "F6"}
t.eq(c.org_id, db:org("gy1").id, "the member's branch")
kit.walk(db, c, {
  {"letter", date = "2017-08-01", files = {"letter"},
   fields = {letter_no = "工一2017-05", other_org = "某部机关党委", valid_days = 10,
     dues_paid_to = "2017-07"}},
  {"receipt"}})
tr = qufa.list(db:transfers{member = "F6"})[1]
t.eq(tr.direction .. " " .. tr.letter_date .. " " .. tr.status, "out 2017-08-01 pending", "out")
t.eq(tr.dues_paid_to, "2017-07", "the letter carries 党费交至")
t.eq(db:member("F6", {on = "2017-08-20"}).org_id, db:org("gy1").id, "still ours before the receipt")
kit.walk(db, c, {{"receipt", date = "2017-08-21", files = {"receipt"}, expect = nil}})
t.eq(db:transfer(tr.id).status, "completed", "completed on receipt")
t.eq(db:member("F6", {on = "2017-08-21"}).org_id, db:org("gy1").id, "a member on the last day")
t.eq(db:member("F6", {on = "2017-08-22"}).org_id, nil, "gone the day after")
-- 陈八 came, 吴六 left: still six voters
t.eq(db:count_members{org = "gy1", on = "2017-08-22", voting = true}, 6, "voters")
kit.cleanup()
print("flow_transfer: ok")

-- Reminders from Lua: db:remind with a check function's open period, the result object, the
-- ledger's records (ack, snooze, fires), settings, qufa.reminder rules (a due day, errors,
-- bad answers), hooks, and argument errors (run by the host, today 2017-09-05).
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
local g1 = db:add_org{kind = "group", code = "g1", name = "第一党小组", parent = b}
local sec = db:add_member{name = "张书记", status = "full", since = "2000-01-01", org = b, group = g1}
db:add_member{name = "李四", status = "full", since = "2000-01-01", org = b, group = g1}
db:appoint{member = sec, org = b, post = "secretary", start = "2015-01-01"}

-- a period check function that answers "open": its period's end is the due day
db:load_standards{name = "p.lua", text = [[
qufa.standard{code = "P", title = "自查", org = "gy1", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "每季度开展一次自查。", responsible = "secretary",
   require = qufa.check{subject = "period", per = "quarter", remind = "-10d",
     fn = function(p, ctx)
       if p.finish < ctx.today then return true end
       return "open", p.code .. "：尚未自查"
     end}}}}
]]}

local r = db:remind{}
t.eq(r.today, "2017-09-05", "today")
t.eq(r.within, 30, "within")
t.eq(r.last_run, nil, "no run before")
t.eq(r.dry_run, false, "dry run")
local q3
for x in r:reminders{shown = true} do
  if x.key == "check/P/1#1/gy1/2017-Q3" then q3 = x end
end
t.ok(q3, "the open quarter")
t.eq(q3.due, "2017-09-30", "due")
t.eq(q3.leads, "-10d", "the requirement's lead times")
t.eq(q3.holder, "张书记", "holder")
t.eq(q3.message, "2017-Q3：尚未自查", "message from the function")
t.eq(q3.firing, false, "not yet")
t.eq(q3.next_fire, "2017-09-20", "next fire")
t.eq(r:summary().shown, 1, "one listed")
t.ok(r:json():find('"qufa_remind": 1', 1, true), "json")
t.ok(r:ics():find("BEGIN:VTODO", 1, true), "ics")
t.ok(r:text():find("张书记 (secretary)", 1, true), "text")
t.eq(#r:errors(), 0, "no rule errors")

-- the ledger
local rows = qufa.list(db:reminders{active = true})
t.eq(#rows, 1, "one active")
t.eq(rows[1].state, "pending", "pending")
local x = db:reminder(rows[1].id)
t.eq(x.holder, "张书记", "db:reminder fills the holder")
local fires = qufa.list(x:fires())
t.eq(#fires, 1, "one lead time")
t.eq(fires[1].fire_on, "2017-09-20", "planned")
t.eq(fires[1].fired_on, nil, "not fired")
x:snooze("1w", "出差")
t.eq(x.state, "snoozed", "the record is refreshed")
t.eq(x.snoozed_until, "2017-09-12", "until")
x:ack()
t.eq(x.state, "acknowledged", "ack")
t.eq(x.note, "出差", "the note stays")
t.eq(db:reminder(9999), nil, "unknown id")
t.fails("reminders: field 'state'", db.reminders, db, {state = "done"})
t.fails("snooze: 'later' is not a duration", x.snooze, x, "later")

-- settings
local seen = {}
for _i, s in ipairs(db:remind_settings()) do seen[s.key] = s end
t.eq(seen["leads.month"].value, "-7d,-3d,-1d", "default")
t.eq(seen["leads.month"].set, false, "not set")
db:set_remind_setting("leads.month", "-5d", "支委会决定")
for _i, s in ipairs(db:remind_settings()) do seen[s.key] = s end
t.eq(seen["leads.month"].value, "-5d", "set")
t.eq(seen["leads.month"].note, "支委会决定", "note")
t.fails("reminder setting 'leads.week' is unknown", db.set_remind_setting, db, "leads.week", "-1d")

-- a custom rule with a due day, one that raises, one that answers nonsense
qufa.reminder{code = "dues", title = "党费收缴", subject = "member", lead = {"-3d", "0d"},
  responsible = "secretary",
  fn = function(m, _ctx)
    if m.name == "李四" then return {message = "李四9月党费未交", due = "2017-09-08"} end
  end}
qufa.reminder{code = "broken", title = "出错", subject = "branch",
  fn = function() error("规则出错") end}
qufa.reminder{code = "baddate", title = "日期", subject = "branch",
  fn = function() return true, "x", "2017-13-01" end}
local fired = {}
qufa.on_reminder(function(rem) fired[#fired + 1] = rem.rule .. " " .. rem.fire_lead end)
r = db:remind{}
local errors = table.concat(r:errors(), "\n")
t.ok(errors:find("reminder broken: ", 1, true) and errors:find("规则出错", 1, true), errors)
t.ok(errors:find("reminder baddate: the due date of 工业标准一部党支部", 1, true), errors)
local dues
for y in r:reminders() do if y.rule == "dues" then dues = y end end
t.ok(dues, "the custom reminder")
t.eq(dues.due, "2017-09-08", "its due day")
t.eq(dues.leads, "-3d,0d", "its lead times")
t.eq(dues.subject, "李四", "subject")
t.eq(dues.firing, true, "-3d is today")
t.eq(table.concat(fired, ","), "dues -3d", "the hook got it")
-- hooks = false: delivered without them
r = db:remind{hooks = false, within = "2w"}
t.eq(r.within, 14, "within as a duration")
t.eq(r:summary().firing, 0, "nothing left to fire")

-- argument errors
t.fails("remind: unknown field 'when'", db.remind, db, {when = 1})
t.fails("remind: field 'within'", db.remind, db, {within = "soon"})
t.fails("remind: field 'org'", db.remind, db, {org = "nowhere"})
t.fails("qufa.reminder: needs fn", qufa.reminder, {code = "x", title = "t"})
t.fails("code must be a lower-case identifier", qufa.reminder, {code = "X y", title = "t",
  fn = function() end})
print("remind: ok")

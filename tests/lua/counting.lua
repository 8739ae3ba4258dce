-- The counting model through the Lua API (docs/counting.md): activity:counts(),
-- activity:attendees(), org:counts(), and the same answer from the check's evidence.
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一支部", parent = jg}
local g1 = db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = b}
local other = db:add_org{kind = "branch", code = "gy2", name = "二支部", parent = jg}
local function member(code, status, org, group)
  return db:add_member{code = code, name = code, status = status, since = "2016-01-01",
    org = org, group = group}
end
local full1 = member("D1", "full", b, g1)
local full2 = member("D2", "full", b, g1)
local prob = member("D3", "probationary", b)
local susp = member("D4", "full", b)
susp:set_flag("suspended", "2017-01-01")
local activist = member("D5", "activist", b)
local visitor = member("D6", "full", other)
member("D7", "full", b) -- due, nothing recorded

local a = db:add_activity{org = b, kind = "general_meeting", title = "党员大会",
  starts_at = "2017-05-10 15:00",
  attendance = {{member = full1, state = "present"}, {member = full2, state = "leave", reason = "出差"},
    {member = prob, state = "late"}, {member = susp, state = "present"},
    {member = activist, state = "present"}, {member = visitor, state = "present"}},
  guests = {{name = "赵专家", role = "expert"}}}

local c = a:counts()
t.eq(c.body, "members", "body")
t.eq(c.due, 5, "due: D1 D2 D3 D4 D7")
t.eq(c.voting, 3, "voting: D1 D2 D7 (D4 suspended)")
t.eq(c.full, 4, "full")
t.eq(c.present, 3, "present: D1, D3 late, D4")
t.eq(c.present_voting, 1, "present_voting")
t.eq(c.late, 1, "late")
t.eq(c.leave, 1, "leave")
t.eq(c.absent, 1, "absent: D7, not recorded")
t.eq(c.unrecorded, 1, "unrecorded")
t.eq(c.observers, 2, "observers: the activist and the other branch's member")
t.eq(c.guests, 1, "guests")
t.eq(c.recorded, 6, "recorded")

local roles = {}
for x in a:attendees() do
  roles[#roles + 1] = string.format("%s:%s:%s:%s", x.code, x.role, x.state or "-",
    x.attended and "y" or "n")
end
t.eq(table.concat(roles, " "), "D1:voting:present:y D2:voting:leave:n D3:nonvoting:late:y "
  .. "D4:nonvoting:present:y D7:voting:-:n D5:observer:present:y D6:observer:present:y",
  "attendees: those due, then 列席")
local first = qufa.list(a:attendees())[1]
t.eq(first.group_id, g1.id, "group that day")
t.eq(first.status, "full", "status that day")
t.eq(first.due, true, "due")
t.eq(first.voting, true, "voting")

-- an org's 党员 on a day: applicants, activists and candidates are not counted
local oc = b:counts("2017-05-10")
t.eq(oc.due, 5, "org counts: 党员")
t.eq(oc.voting, 3, "org counts: voting")
t.eq(b:counts("2015-01-01").due, 0, "before anyone joined")
t.fails("not a valid date", b.counts, b, "2017-13-01")

-- a committee meeting counts the committee
db:appoint{member = full1, org = b, post = "secretary", start = "2015-01-01"}
db:appoint{member = prob, org = b, post = "publicity", start = "2017-05-10"}
local cm = db:add_activity{org = b, kind = "committee_meeting", title = "支委会",
  starts_at = "2017-05-10 09:00",
  attendance = {{member = full1, state = "present"}, {member = full2, state = "present"}}}
local k = cm:counts()
t.eq(k.body, "committee", "committee body")
t.eq(k.due, 2, "committee due: the two post holders")
t.eq(k.present, 1, "committee present")
t.eq(k.observers, 1, "a member not on the committee is 列席")

-- the check's evidence carries the same counts
local pack = os.tmpname()
local f = assert(io.open(pack, "w"))
f:write([[
qufa.system{code = "s", title = "s"}
qufa.standard{code = "Q", title = "q", system = "s", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "到会过半",
   require = qufa.attendance{activity = "general_meeting", base = "voting", quorum = ">1/2"}}}}
]])
f:close()
db:load_standards(pack)
os.remove(pack)
local r = db:check{org = b, period = "2017"}
local seen = 0
for finding in r:findings() do
  if finding.kind == "attendance" then
    seen = seen + 1
    t.eq(finding.status, "fail", "1 of 3 with a vote is not more than half")
    for key, v in pairs(a:counts()) do t.eq(finding.counts[key], v, "finding counts " .. key) end
  end
end
t.eq(seen, 1, "one attendance finding")
local json = r:json()
t.ok(json:find('"counts": {', 1, true), "counts in the JSON evidence")
t.ok(json:find('"present_voting": 1', 1, true), "present_voting in the evidence")

-- counts and the attendees in one reading
local both = a:counts{attendees = true}
t.eq(both.due, c.due, "counts{attendees}: the same counts")
t.eq(#both.attendees, 7, "counts{attendees}: the list")
t.eq(both.attendees[6].role, "observer", "counts{attendees}: those due first")
t.fails("unknown field 'people'", a.counts, a, {people = true})

-- db:attendance_totals: per person what activity:attendees() says, summed over the activities
-- with attendance recorded (late counts as present, 列席 attended as observed)
db:add_activity{org = a.org_id, kind = a.kind, title = "再一次", starts_at = "2017-05-02 09:00",
  attendance = {{member = "D1", state = "absent"}, {member = "D2", state = "late"},
    {member = "D5", state = "present"}}}
db:add_activity{org = a.org_id, kind = a.kind, title = "未记录", starts_at = "2017-05-03 09:00"}
local want = {}
for act in db:activities{} do
  if act:counts().recorded > 0 then
    for x in act:attendees() do
      local due = x.role == "voting" or x.role == "nonvoting"
      if due or (x.role == "observer" and x.attended) then
        local w = want[x.member_id] or {due = 0, present = 0, leave = 0, absent = 0,
          observed = 0, code = x.code, name = x.name}
        want[x.member_id] = w
        if not due then w.observed = w.observed + 1
        else
          w.due = w.due + 1
          if x.attended then w.present = w.present + 1
          elseif x.state == "leave" then w.leave = w.leave + 1
          else w.absent = w.absent + 1 end
        end
      end
    end
  end
end
local totals, n = db:attendance_totals{}, 0
for id, w in pairs(want) do
  local got = totals[id]
  t.ok(got ~= nil, "attendance_totals: member " .. id)
  for _, field in ipairs{"due", "present", "leave", "absent", "observed", "code", "name"} do
    t.eq(got[field], w[field], "attendance_totals: member " .. id .. " " .. field)
  end
  t.eq(got.member_id, id, "attendance_totals: member_id")
  n = n + 1
end
for _id in pairs(totals) do n = n - 1 end
t.eq(n, 0, "attendance_totals: nobody else")
t.ok(next(want) ~= nil, "attendance_totals: people to compare")

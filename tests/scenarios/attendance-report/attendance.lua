-- attendance.lua: attendance rate per member over a year's activities of a branch and its
-- party groups (qufa run attendance.lua ORG YEAR OUT.xlsx OUT.csv)
local org, year, xlsx, csv = ...
local period = qufa.period(year)
local per = {}   -- member id -> counts
for a in db:activities{under = org, from = period.start, to = period.finish} do
  for x in a:attendance() do
    local m = per[x.member_id]
    if not m then
      m = {code = x.member.code, name = x.member.name, expected = 0, present = 0, late = 0,
           absent = 0, leave = 0}
      per[x.member_id] = m
    end
    m.expected = m.expected + 1
    if x.state == "present" or x.state == "late" then m.present = m.present + 1 end
    if x.state == "late" then m.late = m.late + 1 end
    if x.state == "absent" then m.absent = m.absent + 1 end
    if x.state == "leave" then m.leave = m.leave + 1 end
  end
end
local rows = {}
for _, m in pairs(per) do rows[#rows + 1] = m end
table.sort(rows, function(a, b) return a.code < b.code end)

local r <close> = qufa.report{
  title = "党员出勤率", subtitle = db:org(org).name .. "　" .. year,
  columns = {
    {key = "code", title = "编号"},
    {key = "name", title = "姓名", total = "count"},
    {key = "expected", title = "应到", type = "integer", total = "sum"},
    {key = "present", title = "实到", type = "integer", total = "sum"},
    {key = "late", title = "迟到", type = "integer", total = "sum"},
    {key = "absent", title = "缺席", type = "integer", total = "sum"},
    {key = "leave", title = "请假", type = "integer", total = "sum"},
    {key = "rate", title = "出勤率", type = "percent", total = "avg"},
  },
}
for _, m in ipairs(rows) do
  m.rate = m.present / m.expected
  r:add(m)
end
r:write(xlsx):write(csv)
print(#r .. " members")

-- Members who missed more than two meetings of their party group this year.
--
--   qufa run missed-group-meetings.lua [YEAR] [MORE_THAN]
--   qufa --db qufa-demo.db --today 2017-09-05 run scripts/examples/missed-group-meetings.lua
--
-- A member missed a meeting of a group they belonged to on that day (a:attendees() lists those
-- due, docs/counting.md) when the attendance says absent, or has no record of them. Approved
-- leave (请假: business travel, a posting away, sick leave) is not absence: it is counted apart
-- and shown, so that a member working away with the branch's leave is not asked to explain
-- themselves. Applicants and activists sitting in never missed anything. Scripts run with the
-- globals `db` (the database) and `qufa`, and get their arguments as `...`.
local year, more_than = ...
year = year or db:today():sub(1, 4)
more_than = tonumber(more_than) or 2

local people = {} -- member id -> {member =, missed = {dates}, leave = {date (reason)}}
local function person(x)
  people[x.member_id] = people[x.member_id] or {member = x, missed = {}, leave = {}}
  return people[x.member_id]
end

for a in db:activities{kind = "group_meeting", from = year .. "-01-01", to = year .. "-12-31"} do
  local day = a.starts_at:sub(1, 10)
  if day <= db:today() then
    for x in a:attendees() do
      if x.due and x.state == "leave" then
        table.insert(person(x).leave, day .. (x.reason and "（" .. x.reason .. "）" or ""))
      elseif x.due and x.state ~= "present" and x.state ~= "late" then
        table.insert(person(x).missed, day)
      end
    end
  end
end

local rows, excused = {}, {}
for _id, x in pairs(people) do
  if #x.missed > more_than then rows[#rows + 1] = x end
  if #x.leave > 0 then excused[#excused + 1] = x end
end
local by_name = function(a, b) return qufa.name_compare(a.member.name, b.member.name) < 0 end
table.sort(rows, by_name)
table.sort(excused, by_name)
print(string.format("%s年缺席党小组会超过%d次的党员：%d人", year, more_than, #rows))
for _i, x in ipairs(rows) do
  print(string.format("  %s %s  缺席%d次：%s", x.member.code, x.member.name, #x.missed,
    table.concat(x.missed, " ")))
end
if #excused > 0 then
  print("请假（经批准，不计缺席）：")
  for _i, x in ipairs(excused) do
    print(string.format("  %s %s  请假%d次：%s", x.member.code, x.member.name, #x.leave,
      table.concat(x.leave, " ")))
  end
end

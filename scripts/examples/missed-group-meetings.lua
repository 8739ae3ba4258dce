-- Members who missed more than two meetings of their party group this year.
--
--   qufa run missed-group-meetings.lua [YEAR] [MORE_THAN]
--   qufa --db qufa-demo.db --today 2017-09-05 run scripts/examples/missed-group-meetings.lua
--
-- A member "missed" a meeting of a group they belonged to on that day (a:attendees() lists
-- those due, docs/counting.md) unless the attendance says present or late (leave counts as
-- missed here; change `counts_as_there` if your branch sees it otherwise). Scripts run with
-- the globals `db` (the database) and `qufa`, and get their arguments as `...`.
local year, more_than = ...
year = year or db:today():sub(1, 4)
more_than = tonumber(more_than) or 2

local function counts_as_there(state) return state == "present" or state == "late" end

local missed = {}   -- member id -> {member =, dates = {…}}
for a in db:activities{kind = "group_meeting", from = year .. "-01-01", to = year .. "-12-31"} do
  local day = a.starts_at:sub(1, 10)
  -- those due are the group's 党员 that day (docs/counting.md), recorded or not: a member with
  -- no attendance record (state nil) missed it; applicants and activists sitting in never did
  for x in a:attendees() do
    if x.due and not counts_as_there(x.state) then
      missed[x.member_id] = missed[x.member_id] or {member = x, dates = {}}
      table.insert(missed[x.member_id].dates, day)
    end
  end
end

local rows = {}
for _id, x in pairs(missed) do
  if #x.dates > more_than then rows[#rows + 1] = x end
end
table.sort(rows, function(a, b) return a.member.code < b.member.code end)
print(string.format("%s年缺席党小组会超过%d次的党员：%d人", year, more_than, #rows))
for _i, x in ipairs(rows) do
  print(string.format("  %s %s  缺席%d次：%s", x.member.code, x.member.name, #x.dates,
    table.concat(x.dates, " ")))
end

-- A branch with N activities in 2019 (six kinds, 10 or 20 attendance rows each, a guest on
-- talks): the database bench_ledger.sh renders a ledger of. Run by bench_ledger.sh:
--   qufa --db DB run ledger_gen.lua N
local n = math.tointeger(tonumber(arg[1])) or 10000
local fmt = string.format
local KINDS = {"committee_meeting", "group_meeting", "general_meeting", "lecture", "theme_day",
  "semimonthly_talk"}
local STATES = {"present", "present", "present", "late", "leave", "present", "absent"}
db:transaction(function()
  local br = db:add_org{kind = "branch", code = "big", name = "大支部"}
  local groups = {db:add_org{kind = "group", code = "big-g1", name = "第一党小组", parent = br},
    db:add_org{kind = "group", code = "big-g2", name = "第二党小组", parent = br}}
  local people = {}
  for m = 1, 20 do
    people[m] = db:add_member{name = fmt("党员%02d", m), code = fmt("M%02d", m),
      status = m <= 17 and "full" or "probationary", since = "2015-01-01", org = br,
      group = groups[m % 2 + 1]}
  end
  for i = 1, n do
    local kind = KINDS[i % #KINDS + 1]
    local g = kind == "group_meeting" and i % 2 + 1 or nil
    local att = {}
    for m = 1, 20 do
      if not g or m % 2 + 1 == g then
        local s = STATES[(m + i) % #STATES + 1]
        att[#att + 1] = {member = people[m], state = s, reason = s == "leave" and "出差" or nil}
      end
    end
    local day = (i - 1) * 365 // n
    local date = os.date("!%Y-%m-%d", os.time{year = 2019, month = 1, day = 1, hour = 12} + day * 86400)
    db:add_activity{org = g and groups[g] or br, kind = kind, title = fmt("%s %d", kind, i),
      starts_at = fmt("%s %02d:%02d", date, 8 + i % 10, i % 60), host = people[1],
      attendance = att,
      guests = kind == "semimonthly_talk" and {{name = "专家", affiliation = "标委会", role = "expert"}} or nil}
  end
end)

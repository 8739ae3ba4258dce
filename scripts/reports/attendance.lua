-- Attendance: for each member and each kind of activity over a period, how many they were
-- expected at, present, absent and on leave, the rate, and every absence with its reason.
-- The first section adds up all kinds; then one section (one Excel sheet) per kind.
--   qufa report attendance --org gy1 --period 2017-H1 -o 出勤.xlsx
local _ = qufa._

local KINDS = {"general_meeting", "committee_meeting", "group_meeting", "lecture", "theme_day",
  "life_meeting", "appraisal", "heart_talk", "semimonthly_talk", "election"}

local function position(list, v)
  for i, x in ipairs(list) do if x == v then return i end end
  return #list + 1
end

return {
  title = _("Attendance"),
  description = _("per member and kind of activity: expected, present, absent, on leave, rate"),
  params = {
    {name = "period", type = "period", doc = _("the period (default: this year)")},
    {name = "org", type = "org", doc = _("the branch (default: the only one)")},
  },
  run = function(db, params, report)
    local org, period, today = params.org, params.period, db:today()
    local last = period.finish < today and period.finish or today
    local STATES = {absent = _("absent"), leave = _("on leave")}
    local STATUSES = {applicant = _("applicant"), activist = _("activist"),
      candidate = _("candidate"), probationary = _("probationary"), full = _("full member")}

    -- Who was due, who came and who was 列席 is the counting model's (a:attendees(),
    -- docs/counting.md); an activity whose attendance was not recorded is left out.
    -- tallies[kind][member id] = {due, present, absent, leave, notes}
    local tallies, members, kinds = {all = {}}, {}, {}
    local observed, observers = {}, {} -- 列席: member id -> {name, code, status, times}
    local function tally(kind, id)
      tallies[kind] = tallies[kind] or {}
      local t = tallies[kind][id]
      if not t then
        t = {due = 0, present = 0, absent = 0, leave = 0, notes = {}}
        tallies[kind][id] = t
      end
      return t
    end
    for a in db:activities{under = org, from = period.start, to = last} do
      if not tallies[a.kind] then kinds[#kinds + 1] = a.kind end
      tallies[a.kind] = tallies[a.kind] or {}
      local c = a:counts{attendees = true}
      local recorded, people = c.recorded > 0, c.attendees
      for _j, x in ipairs(people) do
        if recorded and x.due then
          members[x.member_id] = members[x.member_id] or {id = x.member_id, name = x.name,
            code = x.code or ""}
          members[x.member_id].group_id = x.group_id
          for _i, t in ipairs({tally("all", x.member_id), tally(a.kind, x.member_id)}) do
            t.due = t.due + 1
            if x.attended then
              t.present = t.present + 1
            else
              if x.state == "leave" then t.leave = t.leave + 1 else t.absent = t.absent + 1 end
              local what = x.state and (STATES[x.state] or x.state) or _("not recorded")
              if x.reason then what = what .. "：" .. x.reason end
              local label = a.starts_at:sub(1, 10) .. " " .. a.title
              t.notes[#t.notes + 1] = string.format("%s（%s）", label, what)
            end
          end
        elseif x.role == "observer" and x.attended then
          local o = observed[x.member_id]
          if not o then
            o = {name = x.name, code = x.code or "", times = 0}
            observed[x.member_id] = o
            observers[#observers + 1] = o
          end
          o.status = x.status
          o.times = o.times + 1
        end
      end
    end
    table.sort(kinds, function(x, y)
      local px, py = position(KINDS, x), position(KINDS, y)
      if px ~= py then return px < py end
      return x < y
    end)
    local order = {}
    for _id, m in pairs(members) do order[#order + 1] = m end
    local function by_code(a, b)
      if a.code ~= b.code then return a.code < b.code end
      return a.name < b.name
    end
    table.sort(order, by_code)
    table.sort(observers, by_code)
    local groups = {}
    local function group(id)
      if not id then return nil end
      if groups[id] == nil then
        local o = db:org(id)
        groups[id] = o and o.name or false
      end
      return groups[id] or nil
    end

    local r = report{
      title = _("Attendance"),
      subtitle = string.format(_("%s, %s (as of %s)"), org.name, period.label, today),
      notes = _("Expected: the activities with attendance recorded at which the member was "
        .. "due (a member of the org that day, or of the committee for its meetings: "
        .. "docs/counting.md); present includes late arrivals. Those who attended without "
        .. "being due (列席) are listed apart and never counted."),
      columns = {
        {key = "name", title = _("Member")},
        {key = "group", title = _("Party group")},
        {key = "due", title = _("Expected"), type = "integer", total = "sum"},
        {key = "present", title = _("Present"), type = "integer", total = "sum"},
        {key = "absent", title = _("Absent"), type = "integer", total = "sum"},
        {key = "leave", title = _("On leave"), type = "integer", total = "sum"},
        {key = "rate", title = _("Rate"), type = "percent", total = "avg"},
        {key = "notes", title = _("Absences")},
      },
    }
    local sections = {"all"}
    for _i, k in ipairs(kinds) do sections[#sections + 1] = k end
    for _i, kind in ipairs(sections) do
      r:section(kind == "all" and _("All activities") or db:label("activity_kind", kind))
      for _j, m in ipairs(order) do
        local t = tallies[kind][m.id]
        if t then
          r:add{name = m.name, group = group(m.group_id), due = t.due, present = t.present,
            absent = t.absent, leave = t.leave, rate = t.due > 0 and t.present / t.due or nil,
            notes = table.concat(t.notes, "\n")}
        end
      end
    end
    if #observers > 0 then
      r:section{title = _("Observers (列席, not counted)"), columns = {
        {key = "name", title = _("Name")},
        {key = "status", title = _("Status")},
        {key = "times", title = _("Attended"), type = "integer", total = "sum"},
      }}
      for _i, o in ipairs(observers) do
        r:add{name = o.name, status = STATUSES[o.status] or o.status, times = o.times}
      end
    end
  end,
}

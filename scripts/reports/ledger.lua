-- 台账: the activities of a period (default: this year), one section — one Excel sheet — per
-- activity kind, with attendance, guests and the evidence each activity left. "missing" marks
-- evidence that a loaded standard requires for that kind and that is not on record.
--   qufa report ledger --org gy1 --period 2017 -o 台账.xlsx
-- Copy it (qufa report show ledger > my-ledger.lua) to make a ledger of your own.
local _ = qufa._

-- evidence in the order of an activity's life; types of your own follow
local TYPES = {"notice", "invitation", "courseware", "minutes", "photo", "news", "archive"}
-- the usual order of the kinds (三会一课 first); kinds of your own follow
local KINDS = {"general_meeting", "committee_meeting", "group_meeting", "lecture", "theme_day",
  "life_meeting", "appraisal", "heart_talk", "semimonthly_talk", "election"}
-- kinds whose sheets show who had voting rights (quorums and votes are counted on them)
local VOTING_KINDS = {general_meeting = true, election = true}

local function position(list, v)
  for i, x in ipairs(list) do if x == v then return i end end
  return #list + 1
end

local function as_list(v)
  if type(v) == "string" then return {v} end
  return type(v) == "table" and v or {}
end

-- What the standards in force for `org` on `day` ask of each kind: the evidence types they
-- require ({kind = {type = true}}) and the kinds they want held ({kind = true}).
local function expectations(db, org, day)
  local evidence, held = {}, {}
  for s in db:standards{} do
    local ok, std = pcall(db.standard, db, s.code, {org = org.id, on = day})
    if ok and std and std.applies ~= false and std.in_force ~= false then
      for _i, c in ipairs(std.clauses or {}) do
        for _j, r in ipairs(c.requirements or {}) do
          for _k, kind in ipairs(as_list(r.params and r.params.activity)) do
            if r.kind == "artifact" and (c.type == "requirement" or c.type == "recommendation") then
              evidence[kind] = evidence[kind] or {}
              evidence[kind][r.params.type] = true
            elseif r.kind == "cadence" then
              held[kind] = true
            end
          end
        end
      end
    end
  end
  return evidence, held
end

local function short_date(s)
  local _y, m, d = s:match("^(%d+)-(%d+)-(%d+)")
  if qufa.language() == "zh" then return string.format("%d月%d日", tonumber(m), tonumber(d)) end
  return string.format("%s-%s", m, d)
end

return {
  title = _("Activity ledger"),
  description = _("activities by kind (one sheet each) with attendance, guests and evidence"),
  params = {
    {name = "period", type = "period", doc = _("the period (default: this year)")},
    {name = "org", type = "org", doc = _("the branch (default: the only one)")},
  },
  run = function(db, params, report)
    local org, period, today = params.org, params.period, db:today()
    local last = period.finish < today and period.finish or today
    local evidence, held = expectations(db, org, last)

    -- the kinds of the activities held so far; the activities themselves are read again kind
    -- by kind and never held all at once, so a ledger of any length fits in the same memory
    -- (the rows go to the file as they come)
    local seen_kind, kinds = {}, {}
    local range = {under = org, from = period.start, to = last}
    for a in db:activities(range) do
      if not seen_kind[a.kind] then
        seen_kind[a.kind] = true
        kinds[#kinds + 1] = a.kind
      end
    end
    for kind in pairs(held) do
      if not seen_kind[kind] then
        seen_kind[kind] = true
        kinds[#kinds + 1] = kind
      end
    end
    local function of_kind(kind)
      return db:activities{under = org, kind = kind, from = period.start, to = last}
    end
    table.sort(kinds, function(x, y)
      local px, py = position(KINDS, x), position(KINDS, y)
      if px ~= py then return px < py end
      return x < y
    end)

    local names = {}
    local function name(id)
      if not id then return nil end
      if names[id] == nil then
        local m = db:member(id)
        names[id] = m and m.name or false
      end
      return names[id] or nil
    end

    local STATES = {absent = _("absent"), leave = _("on leave")}
    local NOT_PARTY = {applicant = _("applicant"), activist = _("activist"),
      candidate = _("candidate")}
    local columns = {
      {key = "no", title = _("No."), type = "integer"},
      {key = "date", title = _("Date"), type = "date"},
      {key = "time", title = _("Time")},
      {key = "title", title = _("Title"), total = "count"},
      {key = "topic", title = _("Topic")},
      {key = "place", title = _("Place")},
      {key = "host", title = _("Host")},
      {key = "lecturer", title = _("Lecturer")},
      {key = "due", title = _("Due"), type = "integer", total = "sum"},
      {key = "present", title = _("Present"), type = "integer", total = "sum"},
      {key = "rate", title = _("Rate"), type = "percent", total = "avg"},
      {key = "away", title = _("Absent (reason)")},
      {key = "observers", title = _("Observers")},
      {key = "guests", title = _("Guests")},
    }
    -- after "rate" on the sheets of VOTING_KINDS
    local voting_columns = {
      {key = "voting", title = _("Due with a vote"), type = "integer", total = "sum"},
      {key = "present_voting", title = _("Present with a vote"), type = "integer",
        total = "sum"},
    }
    local r = report{
      title = _("Activity ledger"),
      subtitle = org.name .. "　" .. period.label,
      notes = string.format(_("As of %s. Evidence columns give the date it was issued or "
        .. "produced; \"missing\" marks evidence the standards require that is not on record."),
        today) .. " " .. _("Due: the org's full and probationary members that day (the "
        .. "committee for a committee meeting); present: those of them who came, late "
        .. "arrivals included; observers (列席) and guests are not counted (docs/counting.md)."),
      columns = columns,
    }
    for _i, kind in ipairs(kinds) do
      -- the evidence columns of this kind: what its activities left and what is required
      local types, seen = {}, {}
      local function add_type(t)
        if not seen[t] then seen[t] = true; types[#types + 1] = t end
      end
      for a in of_kind(kind) do
        for x in a:artifacts() do add_type(x.type) end
      end
      for t in pairs(evidence[kind] or {}) do add_type(t) end
      table.sort(types, function(x, y)
        local px, py = position(TYPES, x), position(TYPES, y)
        if px ~= py then return px < py end
        return x < y
      end)
      local cols = {}
      for _j, c in ipairs(columns) do
        cols[#cols + 1] = c
        if c.key == "rate" and VOTING_KINDS[kind] then
          for _k, v in ipairs(voting_columns) do cols[#cols + 1] = v end
        end
      end
      for _j, t in ipairs(types) do
        cols[#cols + 1] = {key = "ev_" .. t, title = db:label("artifact_type", t), align = "center"}
      end
      r:section{title = db:label("activity_kind", kind), columns = cols}

      local j = 0
      for a in of_kind(kind) do
        j = j + 1
        local artifacts = {}
        for x in a:artifacts() do artifacts[#artifacts + 1] = x end
        -- the counting model (docs/counting.md): who was due, who came, who was 列席
        local c = a:counts{attendees = true}
        local recorded = c.recorded > 0
        local away, observers = {}, {}
        for _k, x in ipairs(recorded and c.attendees or {}) do
          if x.due and not x.attended then
            local why = x.state and (STATES[x.state] or x.state) or _("not recorded")
            if x.reason then why = why .. "：" .. x.reason end
            away[#away + 1] = string.format("%s（%s）", x.name, why)
          elseif x.role == "observer" and x.attended then
            local what = NOT_PARTY[x.status]
            observers[#observers + 1] = what and string.format("%s（%s）", x.name, what) or x.name
          end
        end
        local guests = {}
        for g in a:guests() do
          guests[#guests + 1] = g.affiliation and string.format("%s（%s）", g.name, g.affiliation)
            or g.name
        end
        local time = a.starts_at:sub(12, 16)
        if a.ends_at and a.ends_at:sub(1, 10) == a.starts_at:sub(1, 10) then
          time = time .. "-" .. a.ends_at:sub(12, 16)
        end
        local row = {
          no = j, date = a.starts_at:sub(1, 10), time = time, title = a.title, topic = a.topic,
          place = a.place, host = name(a.host_id), lecturer = name(a.lecturer_id),
          due = c.due, present = recorded and c.present or nil,
          rate = recorded and c.due > 0 and c.present / c.due or nil,
          away = table.concat(away, "、"), observers = table.concat(observers, "、"),
          guests = table.concat(guests, "、"),
        }
        if VOTING_KINDS[kind] then
          row.voting = c.voting
          row.present_voting = recorded and c.present_voting or nil
        end
        for _k, t in ipairs(types) do
          local first, n = nil, 0
          for _m, x in ipairs(artifacts) do
            if x.type == t then
              n = n + 1
              local day = x.issued_at and x.issued_at:sub(1, 10)
              if day and (not first or day < first) then first = day end
            end
          end
          if n > 0 then
            local cell = first and short_date(first) or _("on record")
            row["ev_" .. t] = n > 1 and string.format("%s ×%d", cell, n) or cell
          elseif (evidence[kind] or {})[t] then
            row["ev_" .. t] = _("missing")
          end
        end
        r:add(row)
      end
    end
  end,
}

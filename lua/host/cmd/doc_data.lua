-- The values a document template sees (docs/reports.md, "Templates"), and what the standards
-- in force say about an activity's documents: which template they name, how many days before
-- a notice is due and after how many a news brief, and which evidence they require. Loaded by
-- doc.lua; returns {rules = rules_for, data = data_for, date_text = date_text}.
local qufa = require "qufa"
local _ = qufa._

local M = {}

local WEEKDAYS_ZH = {"星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"}
local WEEKDAYS_EN = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
  "Sunday"}
local NUMBERS_ZH = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
local COUNTS_ZH = {"一", "两", "三", "四", "五", "六", "七", "八", "九", "十"} -- 两个环节

-- What each kind of activity is called as the object of its verb, and the verb: 召开 only for
-- meetings; a 党课 is 讲授 (by its lecturer), a 主题党日 开展, a 半月谈 举办. Kinds a branch adds
-- are 举办 with their label.
local MEETINGS = {general_meeting = true, committee_meeting = true, group_meeting = true,
  life_meeting = true, election = true}
local VERB_ZH = {lecture = "讲授", theme_day = "开展", appraisal = "开展", heart_talk = "开展",
  semimonthly_talk = "举办"}
local EVENT_ZH = {theme_day = "主题党日活动", semimonthly_talk = "“半月谈”活动",
  appraisal = "民主评议党员工作"}

-- Titles a guest's name may already end with: then it is the form of address as it is.
local TITLES_ZH = {"同志", "教授", "研究员", "工程师", "高工", "院士", "博士", "主任", "处长",
  "司长", "局长", "部长", "所长", "院长", "书记", "老师", "先生", "女士", "总", "工"}

local function zh() return qufa.language() == "zh" end

function M.date_text(day)
  if not day then return nil end
  local y, m, d = day:match("^(%d+)-(%d+)-(%d+)")
  if zh() then
    return string.format("%d年%d月%d日", tonumber(y), tonumber(m), tonumber(d))
  end
  return day
end

local function weekday(day)
  local w = qufa.weekday(day)
  return zh() and WEEKDAYS_ZH[w] or WEEKDAYS_EN[w]
end

--- `s` in quotation marks, its own quotation marks turned into the inner pair so quotes nest
--- as they should (GB/T 15834: “…‘…’…”; in English "…'…'…").
local function quoted(s)
  if not s or s == "" then return nil end
  if zh() then
    s = s:gsub("“", "‘"):gsub("”", "’")
    local open = true
    s = s:gsub('"', function()
      open = not open
      return open and "’" or "‘"
    end)
    return "“" .. s .. "”"
  end
  return '"' .. s:gsub('"', "'") .. '"'
end

--- How a letter addresses a guest: the name with its title as given, else "<name>同志".
local function salutation(name)
  if not zh() then return name end
  for _i, t in ipairs(TITLES_ZH) do
    if #name > #t and name:sub(-#t) == t then return name end
  end
  return name .. "同志"
end

local function in_list(kinds, kind)
  if type(kinds) == "string" then kinds = {kinds} end
  for _i, k in ipairs(kinds or {}) do
    if k == kind then return true end
  end
  return false
end

--- What the standards in force for the activity's org on its day say about it:
---   templates[doctype] = {file, code, origin}: a template a standard names (a branch's own
---     standard wins over one issued from above);
---   due = {notice_before, invitation_before, news_within, archive_within, …}: the strictest
---     lead (most days before) and deadline (fewest days after) for each evidence type;
---   required[type] = {"GY1-BYT 7.1", …}: the clauses that require that evidence.
function M.rules_for(db, a)
  local day = a.starts_at:sub(1, 10)
  local r = {templates = {}, due = {}, required = {}}
  for s in db:standards{} do
    local ok, std = pcall(db.standard, db, s.code, {org = a.org_id, on = day})
    if ok and std and std.applies ~= false and std.in_force ~= false then
      local concerns = false
      for _i, c in ipairs(std.clauses or {}) do
        for _j, q in ipairs(c.requirements or {}) do
          local p = q.params or {}
          if in_list(p.activity, a.kind) then
            concerns = true
            if q.kind == "artifact" and p.type and c.applies ~= false then
              local req = r.required[p.type] or {}
              req[#req + 1] = std.code .. " " .. c.number
              r.required[p.type] = req
              if p.before then
                local k = p.type .. "_before"
                r.due[k] = math.max(r.due[k] or 0, p.before)
              end
              if p.within then
                local k = p.type .. "_within"
                r.due[k] = math.min(r.due[k] or p.within, p.within)
              end
            end
          end
        end
      end
      for doctype, file in pairs(concerns and std.templates or {}) do
        local found = r.templates[doctype]
        if not found or (std.origin == "branch" and found.origin ~= "branch") then
          r.templates[doctype] = {file = file, code = std.code, origin = std.origin}
        end
      end
    end
  end
  return r
end

-- The latest evidence of `type` on record for the activity: its day, or nil.
local function recorded_day(a, type)
  local last
  for x in a:artifacts{type = type} do
    local d = x.issued_at and x.issued_at:sub(1, 10)
    if d and (not last or d > last) then last = d end
  end
  return last
end

--- The day a document carries, by its activity and never by the day it is made: the day the
--- evidence of its type was issued, if it is on record (an invitation: else the notice's);
--- else a notice or an invitation the latest day the standards' lead allows, and at least the
--- day before; a news brief the day the activity ends; the others the day of the activity.
function M.dated(a, doctype, rules)
  local day = a.starts_at:sub(1, 10)
  local artifact = ({notice = "notice", invitation = "invitation", minutes = "minutes",
    news = "news"})[doctype]
  -- an invitation not on record goes out with the notice
  local on_record = artifact and recorded_day(a, artifact)
    or doctype == "invitation" and recorded_day(a, "notice")
  if on_record then return on_record end
  if doctype == "notice" or doctype == "invitation" then
    local before = math.max(1, rules.due.notice_before or 0,
      doctype == "invitation" and rules.due.invitation_before or 0)
    return qufa.add(day, "-" .. before .. "d")
  end
  if doctype == "news" then
    return a.ends_at and a.ends_at:sub(1, 10) or day
  end
  return day
end

--- The values of the templates for activity `a` (see docs/reports.md for each name).
function M.data_for(db, a, doctype, rules, dated)
  local day = a.starts_at:sub(1, 10)
  local org = db:org(a.org_id)
  local branch = org.kind == "group" and org:parent() or org
  local function name(id)
    local m = id and db:member(id)
    return m and m.name or nil
  end
  local secretary = db:holder(branch, "secretary", day)
  -- the number of this activity among its kind this year in the branch (第N期)
  local seq = 0
  for x in db:activities{under = branch, kind = a.kind, from = day:sub(1, 4) .. "-01-01",
    to = day} do
    seq = seq + 1
    if x.id == a.id then break end
  end

  local agenda = {}
  for item in a:agenda() do
    agenda[#agenda + 1] = {seq = item.seq, title = item.title, segment = item.segment}
  end
  for i, item in ipairs(agenda) do
    item.ordinal = i == 1 and _("First") or i == #agenda and _("Finally") or _("Then")
    item.last = i == #agenda
    -- 一是…；二是… (nothing when there is one item)
    item.lead = #agenda > 1 and (zh() and (NUMBERS_ZH[i] or tostring(i)) .. "是"
      or string.format("(%d) ", i)) or ""
  end

  local guests = {}
  for g in a:guests() do
    local role = g.role or "observer"
    guests[#guests + 1] = {name = g.name, salutation = salutation(g.name),
      affiliation = g.affiliation, role = role,
      role_label = db:label("guest_role", role), ["role_" .. role] = true}
  end
  for i, g in ipairs(guests) do
    g.no = i
    g.last = i == #guests
  end
  local guest_names = {}
  for _i, g in ipairs(guests) do
    guest_names[#guest_names + 1] = g.affiliation and string.format("%s（%s）", g.name, g.affiliation)
      or g.name
  end

  -- who counts (docs/counting.md): those due — the org's 党员 that day, or its committee for
  -- a committee meeting — recorded or not; then those who attended without being due (列席:
  -- applicants, activists, candidates, members of other orgs), never counted
  local STATES = {present = _("present"), absent = _("absent"), leave = _("on leave"),
    late = _("late")}
  local STATUS_LABELS = {applicant = _("applicant"), activist = _("activist"),
    candidate = _("candidate"), probationary = _("probationary")}
  local c = a:counts{attendees = true}
  local recorded = c.recorded > 0
  local attendees, observers, away = {}, {}, {}
  for _i, x in ipairs(c.attendees) do
    local note
    if x.state and x.state ~= "present" then
      note = STATES[x.state] .. (x.reason and "：" .. x.reason or "")
    end
    if x.due then
      if recorded and not x.attended then
        away[#away + 1] = string.format("%s（%s）", x.name, note or _("not recorded"))
      end
      if not recorded and x.status == "probationary" then note = STATUS_LABELS.probationary end
      attendees[#attendees + 1] = {name = x.name, code = x.code, group_id = x.group_id,
        note = note, voting = x.voting}
    else
      observers[#observers + 1] = {name = x.name, code = x.code, group_id = x.group_id,
        note = note, status_label = STATUS_LABELS[x.status], attended = x.attended}
    end
  end
  local groups = {}
  local function group_name(id)
    if not id then return nil end
    groups[id] = groups[id] or db:org(id)
    return groups[id] and groups[id].name
  end
  -- a sign-in sheet is read by name: 姓氏笔画 order (the same name: by member code)
  qufa.sort_names(attendees)
  qufa.sort_names(observers)
  for i, x in ipairs(attendees) do
    x.no = i
    x.group = group_name(x.group_id)
    x.group_id = nil
  end
  -- the 列席 table of a sign-in sheet: the observers, then the guests
  local sit_in, observer_names = {}, {}
  for _i, x in ipairs(observers) do
    x.group = group_name(x.group_id)
    x.group_id = nil
    sit_in[#sit_in + 1] = {name = x.name, affiliation = x.status_label or x.group, note = x.note}
    if x.attended then
      observer_names[#observer_names + 1] = x.status_label
        and string.format("%s（%s）", x.name, x.status_label) or x.name
    end
  end
  for i, x in ipairs(observers) do x.no = i end
  for _i, g in ipairs(guests) do
    sit_in[#sit_in + 1] = {name = g.name, affiliation = g.affiliation, role_label = g.role_label}
  end
  for i, x in ipairs(sit_in) do x.no = i end
  local sit_in_names = {}
  for _i, n in ipairs(observer_names) do sit_in_names[#sit_in_names + 1] = n end
  for _i, n in ipairs(guest_names) do sit_in_names[#sit_in_names + 1] = n end

  local today = db:today()
  local ends = a.ends_at and a.ends_at:sub(1, 10) == day and a.ends_at:sub(12, 16) or nil
  local kind_label = db:label("activity_kind", a.kind)
  local activity = {
    id = a.id, kind = a.kind, kind_label = kind_label,
    title = a.title, title_q = quoted(a.title), topic = a.topic, topic_q = quoted(a.topic),
    place = a.place,
    date = day, date_text = M.date_text(day), weekday = weekday(day),
    start = a.starts_at:sub(12, 16), ["end"] = ends,
    time = a.starts_at:sub(12, 16) .. (ends and "-" .. ends or ""),
    host = name(a.host_id), recorder = name(a.recorder_id), lecturer = name(a.lecturer_id),
    seq_in_year = seq,
    is_meeting = MEETINGS[a.kind] or false,
    verb = zh() and (MEETINGS[a.kind] and "召开" or VERB_ZH[a.kind] or "举办") or "hold",
    event = zh() and EVENT_ZH[a.kind] or kind_label,
    ["kind_" .. a.kind] = true,
  }
  return {
    org = {name = org.name, code = org.code, kind = org.kind, is_group = org.kind == "group"},
    branch = {name = branch.name, code = branch.code},
    secretary = secretary and secretary.name,
    activity = activity,
    agenda = agenda, has_agenda = #agenda > 0,
    agenda_count_text = zh() and (COUNTS_ZH[#agenda] or tostring(#agenda)) or tostring(#agenda),
    guests = guests, has_guests = #guests > 0, guests_text = table.concat(guest_names, "、"),
    attendees = attendees,
    observers = observers, has_observers = #observers > 0,
    sit_in = sit_in, has_sit_in = #sit_in > 0,
    -- the counting model's numbers: every document says what `qufa activities`, the ledger
    -- and `qufa check` say
    attendance = {recorded = recorded, due = c.due, present = c.present,
      voting = c.voting, present_voting = c.present_voting, leave = c.leave,
      absent = c.absent, observers = c.observers, guests = c.guests,
      has_observers = c.observers > 0, committee = c.body == "committee",
      show_voting = (a.kind == "general_meeting" or a.kind == "election")
        and c.body ~= "committee",
      away_text = table.concat(away, "、"),
      observers_text = table.concat(observer_names, "、"),
      sit_in_text = table.concat(sit_in_names, "、")},
    due = rules.due,
    dated = dated, dated_text = M.date_text(dated),
    today = today, today_text = M.date_text(today),
    doctype = doctype,
  }
end

return M

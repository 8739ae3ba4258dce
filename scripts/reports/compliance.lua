-- Compliance: the check of the standards over a period (db:check) as a matrix of clauses by
-- month, the requirements not met, and — in HTML, as charts — compliance per month,
-- attendance per member and activities per kind.
--   qufa report compliance --org gy1 --period 2017 -o 合规情况.html
local _ = qufa._

-- the usual order of the kinds (三会一课 first); kinds of your own follow
local KINDS = {"general_meeting", "committee_meeting", "group_meeting", "lecture", "theme_day",
  "life_meeting", "appraisal", "heart_talk", "semimonthly_talk", "election"}

local function position(list, v)
  for i, x in ipairs(list) do if x == v then return i end end
  return #list + 1
end

local MONTHS_EN = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
  "Dec"}

-- "4.10" after "4.9": clause numbers compared part by part
local function compare_clauses(a, b)
  local pa, pb = {}, {}
  for x in a:gmatch("[^.]+") do pa[#pa + 1] = x end
  for x in b:gmatch("[^.]+") do pb[#pb + 1] = x end
  for i = 1, math.max(#pa, #pb) do
    local x, y = pa[i], pb[i]
    if x == nil then return true end
    if y == nil then return false end
    if x ~= y then
      local nx, ny = tonumber(x), tonumber(y)
      if nx and ny then return nx < ny end
      return x < y
    end
  end
  return false
end

-- the same, each pair compared once (sorting the lapses of 100 branches compared the same few
-- clause numbers tens of thousands of times, splitting them each time)
local less_memo = {}
local function clause_less(a, b)
  local m = less_memo[a]
  if not m then
    m = {}
    less_memo[a] = m
  end
  local r = m[b]
  if r == nil then
    r = compare_clauses(a, b)
    m[b] = r
  end
  return r
end

-- The months of a period: {key =, title =, first =, last =}.
local function months(period)
  local list = {}
  local y, m = period.start:match("^(%d+)-(%d+)")
  y, m = tonumber(y), tonumber(m)
  local ey, em = period.finish:match("^(%d+)-(%d+)")
  ey, em = tonumber(ey), tonumber(em)
  local one_year = y == ey
  while y < ey or (y == ey and m <= em) do
    local code = string.format("%04d-%02d", y, m)
    local title
    if qufa.language() == "zh" then
      title = one_year and string.format("%d月", m) or string.format("%d年%d月", y, m)
    else
      title = one_year and MONTHS_EN[m] or string.format("%s %d", MONTHS_EN[m], y)
    end
    local p = qufa.period(code)
    list[#list + 1] = {key = "m" .. code:gsub("-", "_"), code = code, title = title,
      first = p.start, last = p.finish}
    m = m + 1
    if m == 13 then y, m = y + 1, 1 end
  end
  return list
end

-- ✗ not met, ! recommendation not met, … open, ~ waived (a waiver explains it), ✓ met, — not
-- applicable; counts above one
local function marks(c)
  local parts = {}
  local function add(sym, n) if n > 0 then parts[#parts + 1] = n > 1 and sym .. n or sym end end
  add("✗", c.fail + c.error)
  add("!", c.warn)
  add("…", c.open)
  add("~", c.waived)
  add("✓", c.pass)
  if #parts == 0 and c.na > 0 then parts[1] = "—" end
  return table.concat(parts, " ")
end

local function counts()
  return {pass = 0, fail = 0, warn = 0, open = 0, na = 0, error = 0, waived = 0, same = 0}
end

return {
  title = _("Compliance"),
  description = _("clauses by month, requirements not met, charts of compliance, attendance "
    .. "and activities"),
  params = {
    {name = "period", type = "period", doc = _("the period (default: this year)")},
    {name = "org", type = "org", doc = _("the branch, or a committee for all below it")},
  },
  run = function(db, params, report)
    local org, period, today = params.org, params.period, db:today()
    local last = period.finish < today and period.finish or today
    -- the check branch by branch, counted in C (db:check_tally: findings grouped by clause,
    -- status and period, and only the lapses listed as tables); its summary is core's, the
    -- one `qufa check` prints (a lapse several clauses judge counted once in the rate)
    local cols_of_months = months(period)
    local function month_of(day)
      for _i, mo in ipairs(cols_of_months) do
        if day >= mo.first and day <= mo.last then return mo end
      end
      return cols_of_months[#cols_of_months]
    end

    -- findings by clause (standard, clause) and by month
    local rows, by_month = {}, {}
    -- a waived finding is listed with its explanation (its message says why and until when)
    local groups, problems, summary = db:check_tally{org = org, period = period.code,
      list = {"fail", "warn", "error", "waived"}}
    for _i, g in ipairs(groups) do
      local n = g.n
      local status = g.status == "n/a" and "na" or g.status
      -- what is about a day after today has not taken place: a notice already issued for a
      -- December talk is not a December met (it is still to come)
      if g.period_start and g.period_start > today and status == "pass" then status = "open" end
      local key = g.standard .. "\0" .. g.clause
      local row = rows[key]
      if not row then
        row = {standard = g.standard, clause = g.clause, title = g.standard_title,
          cells = {}, total = counts()}
        rows[key] = row
        rows[#rows + 1] = row
      end
      -- shown in the month it was judged: its period's end, or today for one still running (a
      -- year's lecture already given is met as of today, not in a December to come)
      local day = g.period_end and g.period_end < last and g.period_end or last
      local mo = month_of(day)
      row.cells[mo.key] = row.cells[mo.key] or counts()
      row.cells[mo.key][status] = row.cells[mo.key][status] + n
      row.total[status] = row.total[status] + n
      by_month[mo.key] = by_month[mo.key] or counts()
      by_month[mo.key][status] = by_month[mo.key][status] + n
      if g.same then by_month[mo.key].same = by_month[mo.key].same + n end
    end
    table.sort(rows, function(a, b)
      if a.standard ~= b.standard then return a.standard < b.standard end
      return clause_less(a.clause, b.clause)
    end)
    -- the text of each clause, from the standard as it applies to the org (every standard at
    -- once: the rulebook read one time)
    local texts, codes = {}, {}
    for _i, row in ipairs(rows) do
      if not texts[row.standard] then
        texts[row.standard] = {}
        codes[#codes + 1] = row.standard
      end
    end
    local ok, stds = pcall(db.standard, db, codes, {org = org.id, on = last})
    for code, std in pairs(ok and stds or {}) do
      for _i, c in ipairs(std.clauses or {}) do texts[code][c.number] = c.text end
    end
    local function clause_text(code, number)
      return texts[code][number]
    end

    local columns = {
      {key = "standard", title = _("Standard")},
      {key = "clause", title = _("Clause")},
      {key = "text", title = _("Requirement")},
    }
    for _i, mo in ipairs(cols_of_months) do
      columns[#columns + 1] = {key = mo.key, title = mo.title, align = "center"}
    end
    for _i, c in ipairs({{"pass", _("Met")}, {"fail", _("Not met")}, {"warn", _("Should")},
      {"open", _("Open")}}) do
      columns[#columns + 1] = {key = c[1], title = c[2], type = "integer", total = "sum"}
    end

    local r = report{
      title = _("Compliance"),
      subtitle = string.format(_("%s, %s (as of %s)"), org.name, period.label, today),
      notes = string.format(_("✓ met, ✗ not met, ! a recommendation not met, … open (the "
        .. "period has not ended yet), — not applicable; a number counts the findings. "
        .. "%d passed, %d failed, %d warnings, %d open; compliance %s (a lapse several clauses "
        .. "judge counted once, docs/check-output.md). Months that have not begun have no rate."),
        summary.pass, summary.fail + summary.error, summary.warn, summary.open,
        summary.score and string.format("%.1f%%", summary.score) or "—"),
      columns = columns,
    }

    r:section(_("Clauses by month"))
    for _i, row in ipairs(rows) do
      local out = {standard = row.standard, clause = row.clause,
        text = clause_text(row.standard, row.clause), pass = row.total.pass,
        fail = row.total.fail + row.total.error, warn = row.total.warn, open = row.total.open}
      for key, c in pairs(row.cells) do out[key] = marks(c) end
      r:add(out)
    end

    table.sort(problems, function(a, b)
      if a.standard ~= b.standard then return a.standard < b.standard end
      if a.clause ~= b.clause then return clause_less(a.clause, b.clause) end
      return (a.period_start or "") < (b.period_start or "")
    end)
    local STATUS = {fail = _("requirement not met"), warn = _("should"), error = _("error"),
      waived = _("waived")}
    r:section{title = _("Requirements not met"), columns = {
      {key = "standard", title = _("Standard")},
      {key = "clause", title = _("Clause")},
      {key = "subject", title = _("Period or activity"), total = "count"},
      {key = "status", title = _("Status"), align = "center"},
      {key = "message", title = _("Finding")},
      {key = "responsible", title = _("Responsible")},
    }}
    for _i, f in ipairs(problems) do
      r:add{standard = f.standard, clause = f.clause, subject = f.subject,
        status = STATUS[f.status], message = f.message, responsible = f.responsible_label}
    end

    r:section{title = _("Compliance by month"), columns = {
      {key = "month", title = _("Month")},
      {key = "pass", title = _("Met"), type = "integer", total = "sum"},
      {key = "fail", title = _("Not met"), type = "integer", total = "sum"},
      {key = "warn", title = _("Should"), type = "integer", total = "sum"},
      {key = "open", title = _("Open"), type = "integer", total = "sum"},
      {key = "rate", title = _("Compliance"), type = "percent"},
    }, charts = {{title = _("Compliance per month"), category = "month", values = "rate"}}}
    for _i, mo in ipairs(cols_of_months) do
      local c = by_month[mo.key] or counts()
      -- the check's compliance rate (a lapse counted once), month by month
      local month_judged = c.pass + c.fail + c.warn + c.error - c.same
      local begun = mo.first <= today
      r:add{month = mo.title, pass = c.pass, fail = c.fail + c.error, warn = c.warn,
        open = c.open, rate = begun and month_judged > 0 and c.pass / month_judged or nil}
    end

    -- attendance and activities, from the records themselves: who was due and who came is
    -- the counting model's (docs/counting.md), as in the attendance report, tallied by member
    -- over the activities with attendance recorded, read org by org (db:attendance_totals)
    local order, kind_order = {}, {}
    local range = {under = org, from = period.start, to = last}
    local kinds = db:activity_kinds(range)
    for kind in pairs(kinds) do kind_order[#kind_order + 1] = kind end
    for _id, t in pairs(db:attendance_totals(range)) do
      if t.due > 0 then
        order[#order + 1] = {name = t.name, code = t.code or "", due = t.due,
          present = t.present}
      end
    end
    table.sort(order, function(a, b)
      if a.code ~= b.code then return a.code < b.code end
      return a.name < b.name
    end)
    r:section{title = _("Attendance by member"), columns = {
      {key = "name", title = _("Member")},
      {key = "due", title = _("Due"), type = "integer", total = "sum"},
      {key = "present", title = _("Present"), type = "integer", total = "sum"},
      {key = "rate", title = _("Rate"), type = "percent", total = "avg"},
    }, charts = {{title = _("Attendance per member"), category = "name", values = "rate"}}}
    for _i, m in ipairs(order) do
      r:add{name = m.name, due = m.due, present = m.present,
        rate = m.due > 0 and m.present / m.due or nil}
    end

    table.sort(kind_order, function(x, y)
      local px, py = position(KINDS, x), position(KINDS, y)
      if px ~= py then return px < py end
      return x < y
    end)
    r:section{title = _("Activities by kind"), columns = {
      {key = "kind", title = _("Kind")},
      {key = "count", title = _("Activities"), type = "integer", total = "sum"},
    }, charts = {{title = _("Activities per kind"), category = "kind", values = "count"}}}
    for _i, kind in ipairs(kind_order) do
      r:add{kind = db:label("activity_kind", kind), count = kinds[kind]}
    end
  end,
}

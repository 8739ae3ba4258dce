-- qufa organ matrix|ledger|reminders|stats [options]: the organ's reading over every branch it
-- holds (--db is the organ's database; branches arrive by 'qufa sync push'). Each branch is
-- judged on its replica (its records rebuilt from the pushed audit log) by the same engine,
-- counting model and reminders as its own file, one branch at a time: nothing holds every
-- branch's findings at once. Personal data is masked unless --unmask. See docs/sync.md.
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

local function branches()
  local list = db:sync_branches()
  if #list == 0 then
    cli.fail(_("organ: this database holds no branch yet (push one with 'qufa sync push')"))
  end
  return list
end

-- Calls fn(name, replica) for each branch in turn; the replica is closed before the next.
local function each_branch(fn)
  for _i, b in ipairs(branches()) do
    local ok, r = pcall(db.sync_replica, db, b.name)
    if not ok then cli.fail(tostring(r)) end
    r:set_today(db:today())
    local done, err = pcall(fn, b.name, r)
    r:close()
    if not done then cli.fail(tostring(err)) end
  end
end

-- A person's name as organ outputs show it: the first character, the rest masked.
local function person(name, unmask)
  if not name or name == "" then return "" end
  if unmask then return name end
  local first = name:match("^[%z\1-\127\194-\244][\128-\191]*")
  return first .. string.rep("*", math.max(1, utf8.len(name) - 1))
end

-- A function masking the names of the branch's people in a text (a reminder's title, a lapse's
-- subject name them): everyone who was a member this year or is one today.
local function masker(r, unmask)
  if unmask then return function(text) return text end end
  local names, seen = {}, {}
  for _i, day in ipairs({db:today():sub(1, 4) .. "-01-01", db:today()}) do
    for m in r:members{on = day} do
      if m.name and not seen[m.name] then seen[m.name] = true; names[#names + 1] = m.name end
    end
  end
  table.sort(names, function(a, b) return #a > #b end) -- 张建国 before 张建
  return function(text)
    if not text then return text end
    for _i, n in ipairs(names) do
      text = text:gsub(n:gsub("%p", "%%%0"), (person(n, false):gsub("%%", "%%%%")))
    end
    return text
  end
end

local function pct(n, d)
  if not d or d == 0 then return "-" end
  return fmt("%.1f%%", 100 * n / d)
end

local function year_of(period)
  return period:match("^(%d%d%d%d)")
end

local function write_json(value)
  io.write(qufa.json_text(value), "\n")
end

-- The org a replica's outputs are about: its branch (the one the push was named after, or the
-- only branch).
local function branch_org(r, name)
  local o = r:org(name)
  if o then return o end
  local list = qufa.list(r:orgs{kind = "branch"})
  return list[1]
end

---------------------------------------------------------------------------------------------
-- matrix: branches × standards, the lapses behind each cell, each branch's trend by quarter

local function quarters(year, today)
  local list = {}
  for q = 1, 4 do
    local p = qufa.period(fmt("%s-Q%d", year, q))
    if p.start <= today then list[#list + 1] = p.code end
  end
  return list
end

local function matrix()
  local opts, rest = cli.options(args, {period = "value", lapses = "flag", format = "value",
    unmask = "flag"}, "organ matrix")
  if #rest > 0 then cli.fail(fmt(_("organ matrix: unexpected argument '%s'"), rest[1])) end
  local format = opts.format or "text"
  if format ~= "text" and format ~= "json" then
    cli.fail(fmt(_("organ matrix: format '%s' is unknown (text, json)"), format))
  end
  local period = opts.period or db:today():sub(1, 4)
  local ok, p = pcall(qufa.period, period)
  if not ok then cli.fail(fmt(_("organ matrix: --period: %s"), tostring(p))) end
  local qs = quarters(year_of(p.code), db:today())
  local rows, codes, seen = {}, {}, {}
  each_branch(function(name, r)
    local res = r:check{period = p.code}
    local mask = masker(r, opts.unmask)
    local s = res:summary()
    local row = {branch = name, score = s.score, causes = s.causes, fail = s.fail, warn = s.warn,
      cells = {}, trend = {}}
    for f in res:findings() do
      local cell = row.cells[f.standard]
      if not cell then
        cell = {pass = 0, lapses = 0, open = 0, items = {}}
        row.cells[f.standard] = cell
        if not seen[f.standard] then seen[f.standard] = true; codes[#codes + 1] = f.standard end
      end
      if f.status == "pass" then cell.pass = cell.pass + 1
      elseif f.status == "open" then cell.open = cell.open + 1
      elseif (f.status == "fail" or f.status == "warn") and not f.same_as then
        -- a lapse counted once (one lapse, one cause: check-output.md)
        cell.lapses = cell.lapses + 1
        if opts.lapses or format == "json" then
          cell.items[#cell.items + 1] = {clause = f.clause, status = f.status,
            subject = mask(f.subject), message = mask(f.message), key = f.key}
        end
      end
    end
    for _i, q in ipairs(qs) do
      row.trend[q] = r:check{period = q}:summary().score
    end
    rows[#rows + 1] = row
  end)
  table.sort(codes)
  if format == "json" then
    local out = {period = p.code, today = db:today(), quarters = qs, standards = codes,
      branches = rows}
    write_json(out)
    return 0
  end
  print(fmt(_("Compliance of %d branch(es), %s (as of %s): lapses per standard"), #rows, p.code,
    db:today()))
  local headers = {_("branch"), _("rate")}
  for _i, c in ipairs(codes) do headers[#headers + 1] = c end
  local table_rows = {}
  for _i, row in ipairs(rows) do
    local t = {row.branch, row.score and fmt("%.1f%%", row.score) or "-"}
    for _j, c in ipairs(codes) do
      local cell = row.cells[c]
      t[#t + 1] = not cell and "" or cell.lapses > 0 and tostring(cell.lapses) or "✓"
    end
    table_rows[#table_rows + 1] = t
  end
  cli.print_table(headers, table_rows)
  print()
  print(_("Trend by quarter (compliance rate):"))
  local th = {_("branch")}
  for _i, q in ipairs(qs) do th[#th + 1] = q end
  local trows = {}
  for _i, row in ipairs(rows) do
    local t = {row.branch}
    for _j, q in ipairs(qs) do
      t[#t + 1] = row.trend[q] and fmt("%.1f%%", row.trend[q]) or "-"
    end
    trows[#trows + 1] = t
  end
  cli.print_table(th, trows)
  if opts.lapses then
    for _i, row in ipairs(rows) do
      for _j, c in ipairs(codes) do
        local cell = row.cells[c]
        if cell and #cell.items > 0 then
          print()
          print(fmt("%s  %s", row.branch, c))
          for _k, it in ipairs(cell.items) do
            print(fmt("  %s %s  %s: %s", it.clause, it.status == "fail" and _("fail") or _("warn"),
              it.subject, it.message))
          end
        end
      end
    end
  end
  return 0
end

---------------------------------------------------------------------------------------------
-- ledger: activities held by kind, attendance per branch and in total

local MAIN_KINDS = {"general_meeting", "committee_meeting", "group_meeting", "lecture",
  "theme_day"}

local function ledger()
  local opts, rest = cli.options(args, {period = "value", format = "value"}, "organ ledger")
  if #rest > 0 then cli.fail(fmt(_("organ ledger: unexpected argument '%s'"), rest[1])) end
  local format = opts.format or "text"
  if format ~= "text" and format ~= "json" then
    cli.fail(fmt(_("organ ledger: format '%s' is unknown (text, json)"), format))
  end
  local ok, p = pcall(qufa.period, opts.period or db:today():sub(1, 4))
  if not ok then cli.fail(fmt(_("organ ledger: --period: %s"), tostring(p))) end
  local rows, labels = {}, {}
  local total = {branch = _("total"), activities = 0, kinds = {}, due = 0, present = 0,
    leave = 0, absent = 0, observers = 0}
  each_branch(function(name, r)
    local o = branch_org(r, name)
    local row = {branch = name, activities = 0, kinds = {}, due = 0, present = 0, leave = 0,
      absent = 0, observers = 0}
    for a in r:activities{under = o and o.id, from = p.start, to = p.finish} do
      local c = a:counts() -- the counting model (counting.md): never recounted here
      row.activities = row.activities + 1
      row.kinds[a.kind] = (row.kinds[a.kind] or 0) + 1
      labels[a.kind] = labels[a.kind] or r:label("activity_kind", a.kind)
      if c.recorded > 0 then
        row.due = row.due + c.due
        row.present = row.present + c.present
        row.leave = row.leave + c.leave
        row.absent = row.absent + c.absent
        row.observers = row.observers + c.observers
      end
    end
    rows[#rows + 1] = row
    for _i, k in ipairs({"activities", "due", "present", "leave", "absent", "observers"}) do
      total[k] = total[k] + row[k]
    end
    for k, n in pairs(row.kinds) do total.kinds[k] = (total.kinds[k] or 0) + n end
  end)
  if format == "json" then
    write_json({period = p.code, branches = rows, total = total})
    return 0
  end
  print(fmt(_("Ledger and attendance of %d branch(es), %s"), #rows, p.code))
  local headers = {_("branch"), _("activities")}
  for _i, k in ipairs(MAIN_KINDS) do headers[#headers + 1] = labels[k] or db:label("activity_kind", k) end
  for _i, h in ipairs({_("other"), _("due to attend"), _("attended"), _("on leave"),
    _("absent"), _("observers"), _("attendance")}) do headers[#headers + 1] = h end
  local out = {}
  local function line(row)
    local t = {row.branch, row.activities}
    local main = 0
    for _i, k in ipairs(MAIN_KINDS) do
      t[#t + 1] = row.kinds[k] or 0
      main = main + (row.kinds[k] or 0)
    end
    for _i, v in ipairs({row.activities - main, row.due, row.present, row.leave, row.absent,
      row.observers, pct(row.present, row.due)}) do t[#t + 1] = v end
    out[#out + 1] = t
  end
  for _i, row in ipairs(rows) do line(row) end
  line(total)
  cli.print_table(headers, out)
  return 0
end

---------------------------------------------------------------------------------------------
-- reminders: what falls due, by branch and by person

local function reminders()
  local opts, rest = cli.options(args, {within = "value", unmask = "flag", format = "value"},
    "organ reminders")
  if #rest > 0 then cli.fail(fmt(_("organ reminders: unexpected argument '%s'"), rest[1])) end
  local format = opts.format or "text"
  if format ~= "text" and format ~= "json" then
    cli.fail(fmt(_("organ reminders: format '%s' is unknown (text, json)"), format))
  end
  local out, count = {}, 0
  each_branch(function(name, r)
    -- a dry run on the replica: the branch's own ledger is the branch's, nothing is delivered
    local res = r:remind{within = opts.within or "30", dry_run = true, hooks = false}
    local by_person, order = {}, {}
    local mask = masker(r, opts.unmask)
    for x in res:reminders{shown = true} do
      local who = x.holder and person(x.holder, opts.unmask)
        or (x.responsible_label or _("(no one named)"))
      if not by_person[who] then by_person[who] = {}; order[#order + 1] = who end
      table.insert(by_person[who], {due = x.due, days_left = x.days_left, title = mask(x.title),
        subject = mask(x.subject), overdue = x.overdue})
      count = count + 1
    end
    if format == "json" then
      local people = {}
      for _i, who in ipairs(order) do people[#people + 1] = {person = who, reminders = by_person[who]} end
      out[#out + 1] = {branch = name, people = people}
      return
    end
    print(fmt("%s", name))
    if #order == 0 then print(_("  (nothing falls due)")) end
    for _i, who in ipairs(order) do
      print(fmt("  %s", who))
      for _j, x in ipairs(by_person[who]) do
        print(fmt("    %s  %s", x.due or "", x.title or ""))
      end
    end
  end)
  if format == "json" then write_json({today = db:today(), branches = out}) return 0 end
  print(fmt(_("%d reminder(s) in all"), count))
  return 0
end

---------------------------------------------------------------------------------------------
-- stats: the yearly basic statistics (党内统计) derived from the records

local STATUSES = {"full", "probationary", "candidate", "activist", "applicant"}
local AGE_BANDS = {{0, 30, "≤30"}, {31, 35, "31-35"}, {36, 40, "36-40"}, {41, 45, "41-45"},
  {46, 50, "46-50"}, {51, 55, "51-55"}, {56, 60, "56-60"}, {61, 200, "≥61"}}

local function band(age)
  if not age then return _("unknown") end
  for _i, b in ipairs(AGE_BANDS) do if age >= b[1] and age <= b[2] then return b[3] end end
  return _("unknown")
end

local function add(t, k, n) t[k] = (t[k] or 0) + (n or 1) end

local function branch_stats(r, name, year, on)
  local o = branch_org(r, name)
  local from, to = year .. "-01-01", year .. "-12-31"
  local s = {branch = name, status = {}, gender = {}, age = {}, education = {}, admitted = 0,
    transferred_in = 0, transferred_out = 0, left = 0, activities = {}}
  for m in r:members{under = o and o.id, on = on} do
    local st = m.status
    if st then add(s.status, st) end
    if st == "full" or st == "probationary" then -- the party's statistics count 党员
      add(s.gender, m.gender or "unknown")
      add(s.age, band(m:age(on)))
      add(s.education, (m.attrs and m.attrs.education) or _("not recorded"))
    end
  end
  -- events of the year from each member's history and the transfers
  local outs = {}
  for t in r:transfers{} do
    if t.letter_date >= from and t.letter_date <= to and t.status ~= "cancelled" then
      if t.direction == "in" then s.transferred_in = s.transferred_in + 1
      else s.transferred_out = s.transferred_out + 1; outs[t.member_id] = true end
    end
  end
  local seen = {}
  -- those there on the first day or at the end: whoever was admitted or left in between
  for _i, day in ipairs({from, on}) do
    for m in r:members{under = o and o.id, on = day, status = {"full", "probationary", "candidate",
      "activist", "applicant"}} do
      if not seen[m.id] then
        seen[m.id] = true
        for e in m:history() do
          if e.what == "status" and e.value == "probationary" and e.start >= from and e.start <= to then
            s.admitted = s.admitted + 1
          end
          if e.what == "org" and e.finish and e.finish >= from and e.finish <= to and not outs[m.id]
            and (not o or e.org_id == o.id) then
            s.left = s.left + 1
          end
        end
      end
    end
  end
  for a in r:activities{under = o and o.id, from = from, to = on} do add(s.activities, a.kind) end
  return s
end

local function stats()
  local opts, rest = cli.options(args, {year = "value", format = "value"}, "organ stats")
  if #rest > 0 then cli.fail(fmt(_("organ stats: unexpected argument '%s'"), rest[1])) end
  local format = opts.format or "text"
  if format ~= "text" and format ~= "json" then
    cli.fail(fmt(_("organ stats: format '%s' is unknown (text, json)"), format))
  end
  local year = opts.year or db:today():sub(1, 4)
  if not year:match("^%d%d%d%d$") then
    cli.fail(fmt(_("organ stats: --year must be a year such as 2017 (%s)"), year))
  end
  -- members are counted at the year's end, or today while the year runs
  local on = year .. "-12-31" < db:today() and year .. "-12-31" or db:today()
  local rows = {}
  local total = {branch = _("total"), status = {}, gender = {}, age = {}, education = {},
    admitted = 0, transferred_in = 0, transferred_out = 0, left = 0, activities = {}}
  each_branch(function(name, r)
    local s = branch_stats(r, name, year, on)
    rows[#rows + 1] = s
    for _i, k in ipairs({"status", "gender", "age", "education", "activities"}) do
      for key, n in pairs(s[k]) do add(total[k], key, n) end
    end
    for _i, k in ipairs({"admitted", "transferred_in", "transferred_out", "left"}) do
      total[k] = total[k] + s[k]
    end
  end)
  if format == "json" then
    write_json({year = year, on = on, branches = rows, total = total})
    return 0
  end
  print(fmt(_("Basic statistics of %d branch(es), %s (members as of %s)"), #rows, year, on))
  rows[#rows + 1] = total
  local function section(title, key, keys, label)
    print()
    print(title)
    local headers = {_("branch")}
    for _i, k in ipairs(keys) do headers[#headers + 1] = label and label(k) or k end
    local out = {}
    for _i, s in ipairs(rows) do
      local t = {s.branch}
      for _j, k in ipairs(keys) do t[#t + 1] = s[key][k] or 0 end
      out[#out + 1] = t
    end
    cli.print_table(headers, out)
  end
  local function keys_of(key, fixed)
    local list, seen = {}, {}
    for _i, k in ipairs(fixed or {}) do list[#list + 1] = k; seen[k] = true end
    local extra = {}
    for k in pairs(total[key]) do if not seen[k] then extra[#extra + 1] = k end end
    table.sort(extra)
    for _i, k in ipairs(extra) do list[#list + 1] = k end
    return list
  end
  local STATUS_LABELS = {full = _("full member"), probationary = _("probationary"),
    candidate = _("candidate"), activist = _("activist"), applicant = _("applicant")}
  local GENDER_LABELS = {male = _("male"), female = _("female"), unknown = _("unknown")}
  section(_("Members by status:"), "status", STATUSES, function(k) return STATUS_LABELS[k] or k end)
  section(_("Party members by gender:"), "gender", keys_of("gender", {"male", "female"}),
    function(k) return GENDER_LABELS[k] or k end)
  local bands = {}
  for _i, b in ipairs(AGE_BANDS) do bands[#bands + 1] = b[3] end
  section(_("Party members by age:"), "age", keys_of("age", bands))
  section(_("Party members by education:"), "education", keys_of("education"))
  print()
  print(fmt(_("Changes in %s:"), year))
  local out = {}
  for _i, s in ipairs(rows) do
    out[#out + 1] = {s.branch, s.admitted, s.transferred_in, s.transferred_out, s.left}
  end
  cli.print_table({_("branch"), _("admitted"), _("transferred in"), _("transferred out"),
    _("left otherwise")}, out)
  section(fmt(_("Activities held in %s by kind:"), year), "activities", keys_of("activities"),
    function(k) return db:label("activity_kind", k) end)
  return 0
end

local SUBCOMMANDS = {matrix = matrix, ledger = ledger, reminders = reminders, stats = stats}
local fn = SUBCOMMANDS[sub]
if not fn then
  cli.fail(sub and fmt(_("organ: unknown subcommand '%s' (matrix, ledger, reminders, stats)"), sub)
    or _("organ: missing subcommand (matrix, ledger, reminders, stats)"))
end
return fn()

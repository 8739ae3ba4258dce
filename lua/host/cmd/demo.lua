-- qufa demo [-o PATH]: builds a demonstration database from scripts/demo/*.lua (embedded in
-- the host), with the procedures of scripts/workflows/ loaded first (the demo starts cases of
-- them) and the standards packs of scripts/packs/, checks the demo's year up to its today
-- (2017-09-05 unless --today says otherwise) and prints what a branch secretary would read:
-- what is there, the lapses found, what is still open, the procedures under way, and how to go
-- on. Never writes qufa.db.
local _ = qufa._
local opts, rest = cli.options({...}, {o = "value", output = "value"}, "demo")
if #rest > 0 then cli.fail(string.format(_("demo: unexpected argument '%s'"), rest[1])) end
local path = opts.o or opts.output or "qufa-demo.db"
if path:match("[^/]*$") == "qufa.db" then
  cli.fail(_("demo: refusing to write qufa.db; choose another file with -o"))
end

-- the demo database is rebuilt from scratch each time
for _i, suffix in ipairs({"", "-wal", "-shm"}) do os.remove(path .. suffix) end

local today = cli.host.today or "2017-09-05"
local demo <close> = qufa.open(path, {create = true, today = today,
  actor = cli.host.actor or "demo"})

-- packs in dependency order: the branch's tailoring refers to the other two
local PACK_ORDER = {["regulations.lua"] = 1, ["organ-system.lua"] = 2, ["branch-gy1.lua"] = 3}
local packs = {}
for _i, f in ipairs(cli.host.pack_files) do packs[#packs + 1] = f end
table.sort(packs, function(a, b)
  local x, y = PACK_ORDER[a.name] or 99, PACK_ORDER[b.name] or 99
  if x ~= y then return x < y end
  return a.name < b.name
end)

demo:transaction(function()
  -- the holiday calendars of scripts/calendars/ first: working-day deadlines (5wd) of the
  -- cases the demo starts count the 2017 holidays, as in a branch that imported them
  for _i, f in ipairs(cli.host.calendar_files) do
    demo:calendar_import{text = f.source, name = f.name}
  end
  -- the shipped procedures (admission, transfers, re-election), before the scripts that start
  -- cases of them; each is stored with its source, named as `qufa flow list` shows it
  for _i, f in ipairs(cli.host.workflow_files) do
    demo:flow_load{source = f.source, name = f.name}
  end
  for _i, f in ipairs(cli.host.demo_files) do
    -- each script sees `db` (the demo database) and `qufa`, like a user's `qufa run` script
    local env = setmetatable({db = demo}, {__index = _G})
    local chunk = assert(load(f.source, "@scripts/demo/" .. f.name, "t", env))
    chunk()
  end
  for _i, f in ipairs(packs) do demo:load_standards{text = f.source, name = f.name} end
end)

---------------------------------------------------------------------------------------------
-- What the database holds
local year = today:sub(1, 4)
local branches = qufa.list(demo:orgs{kind = "branch"})
local names = {}
for _i, b in ipairs(branches) do names[#names + 1] = b.name end
print(string.format(_("Created %s: %s, records of %s up to %s."), path,
  table.concat(names, _(", ")), year, today))

local by_status = {}
for m in demo:members{on = today} do
  if m.status then by_status[m.status] = (by_status[m.status] or 0) + 1 end
end
local pipeline = {}
for _i, st in ipairs({{"candidate", _("candidates")}, {"activist", _("activists")},
    {"applicant", _("applicants")}}) do
  if by_status[st[1]] then
    pipeline[#pipeline + 1] = string.format("%s %d", st[2], by_status[st[1]])
  end
end
print(string.format(_("  members: %d party members (%d full, %d probationary) in %d party groups; "
  .. "applying: %s"), (by_status.full or 0) + (by_status.probationary or 0), by_status.full or 0,
  by_status.probationary or 0, qufa.count(demo:orgs{kind = "group"}),
  #pipeline > 0 and table.concat(pipeline, _(", ")) or _("none")))

local kinds, order, n_activities = {}, {}, 0
for a in demo:activities{from = year .. "-01-01", to = today} do
  n_activities = n_activities + 1
  if not kinds[a.kind] then order[#order + 1] = a.kind end
  kinds[a.kind] = (kinds[a.kind] or 0) + 1
end
local parts = {}
for _i, k in ipairs(order) do
  parts[#parts + 1] = string.format("%s %d", demo:label("activity_kind", k), kinds[k])
end
print(string.format(_("  activities: %d (%s); evidence items: %d; relationship transfers: %d"),
  n_activities, table.concat(parts, _(", ")), qufa.count(demo:artifacts{}),
  qufa.count(demo:transfers{})))

-- a standard the branch adopted ahead of its effective day judges it from the adoption
local adopted = {}
local n_std, own, in_force_from = 0, 0, {}
for s in demo:standards{} do
  n_std = n_std + 1
  if s.origin == "branch" then own = own + 1 end
  local std = demo:standard(s.code, {org = branches[1] and branches[1].id, on = today})
  if std and std.adopted and std.adopted.from <= year .. "-01-01" then
    adopted[#adopted + 1] = {code = s.code, effective = s.effective, from = std.adopted.from,
      by = std.adopted.by, reason = std.adopted.reason}
  elseif s.effective > year .. "-01-01" then
    in_force_from[s.effective] = in_force_from[s.effective] or {}
    table.insert(in_force_from[s.effective], s.code)
  end
end
local systems = {}
for _i, s in ipairs(demo:systems()) do systems[#systems + 1] = s.title end
print(string.format(_("  standards: %d (systems: %s; %d written by the branch itself)"), n_std,
  table.concat(systems, _(", ")), own))

---------------------------------------------------------------------------------------------
-- The check of the year so far
local result = demo:check{period = year}
local s = result:summary()
print()
print(string.format(_("Check of %s as of %s: %d passed, %d failed, %d warnings, %d open "
  .. "(score %.1f)"), year, today, s.pass, s.fail, s.warn, s.open, s.score))

-- The branch's own standards, one line each: what their clauses found (lapses and open items
-- are listed below with the others)
local own_codes, own_tally = {}, {}
for st in demo:standards{} do
  if st.origin == "branch" then
    own_codes[#own_codes + 1] = st.code
    own_tally[st.code] = {title = st.title, pass = 0, fail = 0, warn = 0, open = 0, ["n/a"] = 0,
      error = 0}
  end
end
for f in result:findings{} do
  local t = own_tally[f.standard]
  if t and t[f.status] then t[f.status] = t[f.status] + 1 end
end
table.sort(own_codes)
if #own_codes > 0 then
  print()
  print(_("The branch's own standards:"))
  local width = 0
  for _i, code in ipairs(own_codes) do
    width = math.max(width, cli.width(code .. " " .. own_tally[code].title))
  end
  for _i, code in ipairs(own_codes) do
    local t = own_tally[code]
    local name = code .. " " .. t.title
    print(string.format(_("  %s%s  %d passed, %d failed, %d warnings, %d open, %d n/a"), name,
      string.rep(" ", width - cli.width(name)), t.pass, t.fail + t.error, t.warn, t.open,
      t["n/a"]))
  end
end

local function line(f)
  local what = f.subject_type == "activity" and (f.subject .. ": " .. f.message) or f.message
  return string.format("%s %s  %s", f.standard, f.clause, what)
end

local lapses = qufa.list(result:findings{status = "fail"})
for f in result:findings{status = "warn"} do lapses[#lapses + 1] = f end
for f in result:findings{status = "error"} do lapses[#lapses + 1] = f end
if #lapses > 0 then
  print()
  print(_("Lapses found:"))
  for _i, f in ipairs(lapses) do
    print("  " .. (f.status == "warn" and "! " or "✗ ") .. line(f))
  end
end

-- open findings, one line per clause: a clause open for many subjects (class hours of every
-- member) is summed up
local open, groups = {}, {}
for f in result:findings{status = "open"} do
  local key = f.standard .. " " .. f.clause
  if not groups[key] then
    groups[key] = {}
    open[#open + 1] = key
  end
  table.insert(groups[key], f)
end
if #open > 0 then
  print()
  print(_("Still open:"))
  for _i, key in ipairs(open) do
    local list = groups[key]
    local f = list[1]
    if #list == 1 then
      print("  … " .. line(f))
    else
      print(string.format(_("  … %s  %d open, the first due %s: %s"), key, #list, f.due or "-",
        f.message))
    end
  end
end

local days = {}
for day in pairs(in_force_from) do days[#days + 1] = day end
table.sort(days)
if #days > 0 then
  print()
  print(string.format(_("In force only from a day after %s-01-01 (the days before are not judged):"),
    year))
  for _i, day in ipairs(days) do
    table.sort(in_force_from[day])
    print(string.format("  %s  %s", day, table.concat(in_force_from[day], " ")))
  end
end

if #adopted > 0 then
  print()
  print(_("Adopted by the branch ahead of the day they take effect:"))
  for _i, a in ipairs(adopted) do
    print(string.format(_("  %s (in force from %s), applied by %s from %s: %s"), a.code,
      a.effective, a.by, a.from, a.reason or ""))
  end
end

---------------------------------------------------------------------------------------------
-- The procedures under way: each open case (overdue ones included), the step it waits at, and
-- that step's nearest deadline not yet met — what `qufa flow due` lists
local cases = qufa.list(demo:cases{state = "active"})
if #cases > 0 then
  print()
  print(_("Procedures under way (qufa flow):"))
  local rows, widths = {}, {0, 0, 0}
  for _i, c in ipairs(cases) do
    local subject = c.member_id and demo:member(c.member_id).name or demo:org(c.org_id).name
    local due
    for d in c:deadlines() do
      if d.step == c.step and d.kind == "within" and not d.met and (not due or d.due < due.due) then
        due = d
      end
    end
    local where = string.format(_("at %s since %s"), c.step_title, c.entered)
    if due and due.days_left >= 0 then
      where = where .. string.format(_(", due by %s (%d day(s) left)"), due.due, due.days_left)
    elseif due then
      where = where .. string.format(_(", due by %s (%d day(s) overdue)"), due.due, -due.days_left)
    end
    local row = {string.format(_("case %d"), c.id), c.title, subject, where}
    for k = 1, 3 do widths[k] = math.max(widths[k], cli.width(row[k])) end
    rows[#rows + 1] = row
  end
  for _i, row in ipairs(rows) do
    local cells = {}
    for k = 1, 3 do cells[k] = row[k] .. string.rep(" ", widths[k] - cli.width(row[k])) end
    print(string.format("  %s  %s  %s  %s", cells[1], cells[2], cells[3], row[4]))
  end
end

---------------------------------------------------------------------------------------------
-- What falls due: the reminders the same rules give (a dry run, so the ledger stays empty
-- and `qufa remind` fires them for real)
local reminders = demo:remind{dry_run = true, hooks = false}
local due = qufa.list(reminders:reminders{shown = true})
if #due > 0 then
  print()
  print(string.format(_("Reminders due within %d days (qufa remind):"), reminders.within))
  local rows = {}
  local width = 0
  for _i, r in ipairs(due) do
    local who = r.holder and string.format(_("%s (%s)"), r.holder, r.responsible_label)
      or string.format(_("%s: vacant"), r.responsible_label)
    rows[#rows + 1] = {r.due, who, r.title}
    width = math.max(width, cli.width(who))
  end
  for _i, row in ipairs(rows) do
    print(string.format("  %s  %s%s  %s", row[1], row[2], string.rep(" ", width - cli.width(row[2])),
      row[3]))
  end
end

---------------------------------------------------------------------------------------------
-- Where to go from here
local shown = path:find("^/") and path or ((os.getenv("PWD") or ".") .. "/" .. path)
print()
print(string.format(_("The database is %s. Go on with:"), shown))
local db_opt = string.format("qufa --db %s --today %s", path, today)
local next_steps = {
  {string.format("%s check --period %s", db_opt, year), _("the full check")},
  {string.format("%s remind", db_opt), _("what falls due, by the person responsible")},
  {string.format("%s flow due", db_opt), _("the steps of the procedures under way falling due")},
  {string.format("qufa --db %s standards list", path),
    _("the standards, their systems and where they come from")},
  {string.format("qufa --db %s standards show GY1-BYT --org gy1", path),
    _("one standard as it applies to the branch")},
  {string.format("%s activities --kind semimonthly_talk", db_opt), _("the records")},
  {string.format("%s run script.lua", db_opt), _("a script of your own (see scripts/examples/)")},
}
local width = 0
for _i, step in ipairs(next_steps) do width = math.max(width, cli.width(step[1])) end
for _i, step in ipairs(next_steps) do
  print(string.format("  %s%s   %s", step[1], string.rep(" ", width - cli.width(step[1])), step[2]))
end
return 0

-- qufa demo --organ [DIR|URL]: an organ with several branches. Each branch is the demo branch
-- built afresh in a file of its own (DIR/gyN.db) and varied (its name, some meetings not
-- held, applicants added, members' education recorded), then pushed into the organ's
-- database (DIR/organ.db, or the database at URL), which loads the organ's own packs. The organ
-- commands then read all of them. Returned as a function of demo.lua's builder.
local _ = qufa._
local fmt = string.format

local NUMERALS = {"一", "二", "三", "四", "五", "六"}
local EDUCATION = {"研究生", "大学本科", "大学本科", "大学专科"}
local BRANCHES = 4

local function shell_quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

-- Varies branch k (k > 1 differs from the demo) inside one transaction. Its orgs keep their
-- codes (the branch's own standards name them); it is known at the organ as gyK.
local function vary(db, k)
  local branch = db:org("gy1")
  branch:update{name = fmt("工业标准%s部党支部", NUMERALS[k] or tostring(k))}
  local i = 0
  for m in db:members{under = branch} do
    i = i + 1
    m:update{attrs = {education = EDUCATION[(i + k) % #EDUCATION + 1]}}
  end
  if k == 1 then return end
  -- some meetings were not held (every (k+1)-th activity, by id)
  local gone = {}
  for a in db:activities{} do
    if a.id % (k + 1) == 0 then gone[#gone + 1] = a end
  end
  -- (one that another record refers to — a case's evidence, an appraisal — stays)
  for _i, a in ipairs(gone) do pcall(a.delete, a) end
  -- and the branch has k-1 new applicants this year
  for j = 1, k - 1 do
    db:add_member{name = fmt("申请人%s%d", NUMERALS[k], j), gender = j % 2 == 0 and "male" or "female",
      birth_date = fmt("%d-03-0%d", 1994 + j, j), status = "applicant",
      since = fmt("2017-0%d-15", j + 1), org = branch}
  end
end

return function(build, target, today)
  target = target or "qufa-organ"
  local url = target:find("://", 1, true) ~= nil
  local dir = url and "qufa-organ" or target
  if not os.execute("mkdir -p -- " .. shell_quote(dir)) then
    cli.fail(fmt(_("demo: cannot create the folder %s"), dir))
  end
  local organ_path = url and target or dir .. "/organ.db"
  if not url then
    for _i, suffix in ipairs({"", "-wal", "-shm"}) do os.remove(organ_path .. suffix) end
  end
  local ok, organ = pcall(qufa.open, organ_path, {create = true, today = today,
    actor = cli.host.actor or "demo"})
  if not ok then cli.fail(tostring(organ)) end
  -- the organ's own calendars and standards: the regulations and its system (a branch's own pack is the
  -- branch's: it comes up with the branch's records)
  organ:transaction(function()
    -- the organ's calendars flow down to its branches with 'qufa sync pull'
    for _i, f in ipairs(cli.host.calendar_files) do
      organ:calendar_import{text = f.source, name = f.name}
    end
    for _i, f in ipairs(cli.host.pack_files) do
      if f.name == "regulations.lua" then organ:load_standards{text = f.source, name = f.name} end
    end
    for _i, f in ipairs(cli.host.pack_files) do
      if f.name == "organ-system.lua" then organ:load_standards{text = f.source, name = f.name} end
    end
  end)
  print(fmt(_("Organ database: %s"), organ_path))
  for k = 1, BRANCHES do
    local path = fmt("%s/gy%d.db", dir, k)
    local branch <close> = build(path)
    branch:transaction(vary, branch, k)
    local r = branch:sync_push(organ, {as = "gy" .. k})
    print(fmt(_("  %s %s: %s, pushed %d audit entries"), "gy" .. k, branch:org("gy1").name, path,
      r.entries))
  end
  organ:close()
  local db_arg = url and shell_quote(target) or organ_path
  print()
  print(fmt(_("The organ reads every branch (today is %s):"), today))
  for _i, c in ipairs({"organ matrix", "organ matrix --lapses", "organ ledger", "organ reminders",
    "organ stats"}) do
    print(fmt("  qufa --db %s --today %s %s", db_arg, today, c))
  end
  print(fmt("  qufa --db %s/gy1.db sync status %s", dir, db_arg))
  return 0
end

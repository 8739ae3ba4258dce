-- qufa test [FILES|DIR...] [--coverage] [--format text|json] [--run TEXT]
-- Tests of standards packs: each test case (test{…} in a test file) builds its records from
-- Lua tables in a throwaway in-memory database, loads the packs it names, checks a period as of
-- its `today` and compares the findings with those it expects: missing, unexpected, different
-- status or message. --coverage says, per standard, which requirements the tests saw met and
-- not met. Exit status 0: every test passed; 1: a test failed; 2: a test could not run (a bad
-- test file, fixture or pack) or bad usage. The format: docs/writing-standards.md §9.
local _ = qufa._
local opts, paths = cli.options({...}, {coverage = "flag", format = "value", run = "value"},
  "test")
local format = opts.format or "text"
if format ~= "text" and format ~= "json" then
  cli.fail(string.format(_("test: format '%s' is unknown (text, json)"), format))
end

-- A part of this command kept in a file of its own (lua/host/cmd/NAME).
local function part(name)
  for _i, f in ipairs(cli.host.cmd_files) do
    if f.name == name then return assert(load(f.source, "=" .. name, "t"))() end
  end
  error("test: " .. name .. " is not built in")
end
local FX = part("test_fixtures.lua")
local COV = part("test_coverage.lua")

---------------------------------------------------------------------------------------------
-- Which files: those named, and in a directory every *_test.lua (packs and tests can share one).

local files = {}
if #paths == 0 then paths = {"."} end
for _i, p in ipairs(paths) do
  local names = cli.host.dir(p)
  if names then
    local before = #files
    for _j, n in ipairs(names) do
      if n:match("_test%.lua$") then files[#files + 1] = (p:gsub("/+$", "")) .. "/" .. n end
    end
    if #files == before then
      cli.fail(string.format(_("test: %s holds no test files (named *_test.lua)"), p))
    end
  else
    local f = io.open(p, "r")
    if not f then cli.fail(string.format(_("test: %s: no such file or directory"), p)) end
    f:close()
    files[#files + 1] = p
  end
end

local function dir_of(file)
  return file:match("^(.*)/[^/]*$") or "."
end

local function resolve(dir, path)
  if path:sub(1, 1) == "/" or dir == "." then return path end
  return dir .. "/" .. path
end

---------------------------------------------------------------------------------------------
-- Reading a test file: each test{…} is a case; its fields are checked before anything runs.

local CASE_FIELDS = {name = "string", today = "string", loaded = "string", period = "string",
  org = "string",
  standards = "table", standard = "string", fixtures = "table", expect = "table",
  lang = "string"}
local EXPECT_FIELDS = {standard = "string", clause = "string", requirement = "number",
  status = "string", activity = "string", member = "string", org = "string", period = "string",
  subject = "string", message = "string", count = "number"}
local STATUSES = {pass = true, fail = true, warn = true, open = true, ["n/a"] = true,
  error = true, waived = true}

local function check_fields(where, t, fields)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = tostring(k) end
  table.sort(keys)
  for _i, k in ipairs(keys) do
    local want = fields[k]
    if not want then
      local known = {}
      for f in pairs(fields) do known[#known + 1] = f end
      table.sort(known)
      error(string.format(_("%s: unknown field '%s' (known: %s)"), where, k,
        table.concat(known, ", ")), 0)
    end
    if type(t[k]) ~= want then
      error(string.format(_("%s: field '%s' must be a %s, not %s"), where, k, want,
        type(t[k])), 0)
    end
  end
end

local function check_case(c, where)
  check_fields(where, c, CASE_FIELDS)
  for _i, f in ipairs({"name", "today", "standards", "expect"}) do
    if c[f] == nil then error(string.format(_("%s: field '%s' is required"), where, f), 0) end
  end
  if #c.standards == 0 then
    error(string.format(_("%s: standards: name at least one pack file"), where), 0)
  end
  for i, f in ipairs(c.standards) do
    if type(f) ~= "string" then
      error(string.format(_("%s: standards[%d] must be a file name, not %s"), where, i, type(f)), 0)
    end
  end
  if #c.expect == 0 then
    error(string.format(_("%s: expect: list at least one expected finding"), where), 0)
  end
  for i, e in ipairs(c.expect) do
    local ew = string.format("%s: expect[%d]", where, i)
    if type(e) ~= "table" then error(string.format(_("%s: must be a table"), ew), 0) end
    check_fields(ew, e, EXPECT_FIELDS)
    for _j, k in ipairs({"requirement", "count"}) do
      if e[k] and (math.type(e[k]) ~= "integer" or e[k] < (k == "count" and 0 or 1)) then
        error(string.format(_("%s: field '%s' must be a whole number (%s)"), ew, k,
          tostring(e[k])), 0)
      end
    end
    if not e.clause then error(string.format(_("%s: field '%s' is required"), ew, "clause"), 0) end
    if not e.status then error(string.format(_("%s: field '%s' is required"), ew, "status"), 0) end
    if not STATUSES[e.status] then
      error(string.format(_("%s: status '%s' is unknown (pass, fail, warn, open, n/a, error)"),
        ew, e.status), 0)
    end
    if not (e.standard or c.standard) then
      error(string.format(_("%s: name the standard (or give the test a standard)"), ew), 0)
    end
  end
end

local function read_file(file)
  local cases = {}
  local env = setmetatable({}, {__index = _G})
  env.test = function(c)
    local line = debug.getinfo(2, "l").currentline
    local where = string.format("%s:%d", file, line)
    if type(c) ~= "table" then error(string.format(_("%s: test{…} takes a table"), where), 0) end
    check_case(c, where)
    cases[#cases + 1] = {def = c, where = where, file = file}
  end
  local chunk, err = loadfile(file, "t", env)
  if not chunk then return nil, err end
  local ok, e = pcall(chunk)
  if not ok then return nil, tostring(e) end
  if #cases == 0 then return nil, string.format(_("%s: declares no test{…}"), file) end
  return cases
end

---------------------------------------------------------------------------------------------
-- Comparing findings with what a case expects.

local function subject_ids(db, e, names, where)
  local want = {}
  if e.activity then
    want.type, want.id = "activity", names.activities[e.activity]
    if not want.id then
      error(string.format(_("%s: activity '%s' is not the name of an activity of the fixtures"),
        where, e.activity), 0)
    end
  elseif e.member then
    local m = db:member(e.member)
    if not m then
      error(string.format(_("%s: member '%s' is not a member of the fixtures"), where, e.member), 0)
    end
    want.type, want.id = "member", m.id
  end
  return want
end

local function selects(e, want, f)
  if f.standard ~= e.standard or f.clause ~= e.clause then return false end
  if e.requirement and f.requirement ~= e.requirement then return false end
  if want.type and (f.subject_type ~= want.type or f.subject_id ~= want.id) then return false end
  if e.org and f.org ~= e.org then return false end
  if e.period and f.period ~= e.period then return false end
  if e.subject and not (f.subject or ""):find(e.subject, 1, true) then return false end
  return true
end

local function brief(f)
  return {key = f.key, standard = f.standard, clause = f.clause, requirement = f.requirement,
    subject = f.subject, status = f.status, message = f.message}
end

-- problems: {{problem = "missing"|"count"|"status"|"message"|"unexpected", expect = i,
-- finding = brief}}; seen: the findings an expectation confirmed (for coverage)
local function compare(db, case, names, findings)
  local c = case.def
  local problems, seen, selected = {}, {}, {}
  local scope = {}
  for i, e0 in ipairs(c.expect) do
    local e = setmetatable({standard = e0.standard or c.standard}, {__index = e0})
    scope[e.standard .. "/" .. e.clause] = true
    local want = subject_ids(db, e, names, string.format("%s: expect[%d]", case.where, i))
    local n = 0
    for _j, f in ipairs(findings) do
      if selects(e, want, f) then
        n = n + 1
        selected[f] = true
        if f.status ~= e.status then
          problems[#problems + 1] = {problem = "status", expect = i, want = e.status,
            finding = brief(f)}
        elseif e.message and not (f.message or ""):find(e.message, 1, true) then
          problems[#problems + 1] = {problem = "message", expect = i, want = e.message,
            finding = brief(f)}
        elseif not seen[f] then  -- a finding two expectations confirm counts once
          seen[f] = true
          seen[#seen + 1] = f
        end
      end
    end
    if n == 0 then
      problems[#problems + 1] = {problem = "missing", expect = i, want = e.status}
    elseif e.count and n ~= e.count then
      problems[#problems + 1] = {problem = "count", expect = i, want = e.count, got = n}
    end
  end
  for _j, f in ipairs(findings) do
    if not selected[f] and scope[f.standard .. "/" .. f.clause] and f.status ~= "pass"
        and f.status ~= "n/a" then
      problems[#problems + 1] = {problem = "unexpected", finding = brief(f)}
    end
  end
  return problems, seen
end

---------------------------------------------------------------------------------------------
-- Running one case in its own in-memory database.

local function run_case(case, coverage)
  local c = case.def
  local dir = dir_of(case.file)
  -- `loaded`: the day the packs are loaded (a standard without `effective` takes effect then)
  local db <close> = qufa.open(":memory:", {create = true, today = c.loaded or c.today,
    actor = "qufa-test"})
  local names
  local loaded = {}
  db:transaction(function()
    FX.records(db, c.fixtures or {})
    for i, f in ipairs(c.standards) do
      local path = resolve(dir, f)
      local ok, report = pcall(db.load_standards, db, path)
      if not ok then error(string.format("standards[%d]: %s", i, tostring(report)), 0) end
      for _j, item in ipairs(report) do
        if item.what == "standard" then loaded[#loaded + 1] = {code = item.code, file = f} end
      end
    end
    db:set_today(c.today)
    names = FX.rest(db, c.fixtures or {}, function(p) return resolve(dir, p) end)
  end)
  local lang = qufa.language()
  qufa.set_language(c.lang or "zh")  -- message fragments are written in one language
  local ok, result = pcall(db.check, db, {org = c.org, period = c.period or c.today:sub(1, 4),
    standard = c.standard})
  local findings = {}
  if ok then for f in result:findings() do findings[#findings + 1] = f end end
  qufa.set_language(lang)
  if not ok then error("check: " .. tostring(result), 0) end
  local problems, seen = compare(db, case, names, findings)
  for _i, s in ipairs(loaded) do COV.standard(coverage, db, s.code, s.file) end
  for _i, f in ipairs(seen) do COV.seen(coverage, f) end
  return problems
end

---------------------------------------------------------------------------------------------
-- Output

local PROBLEM = {
  missing = _("missing finding"), count = _("wrong count"), status = _("different status"),
  message = _("different message"),
  unexpected = _("unexpected finding"),
}

local function finding_text(f)
  return string.format("%s/%s#%d %s", f.standard, f.clause, f.requirement, f.subject or "")
end

local function expect_text(c, i)
  local e = c.expect[i]
  local parts = {(e.standard or c.standard) .. "/" .. e.clause .. (e.requirement
    and ("#" .. e.requirement) or "")}
  for _j, k in ipairs({"activity", "member", "org", "period", "subject"}) do
    if e[k] then parts[#parts + 1] = k .. "=" .. e[k] end
  end
  return table.concat(parts, " ")
end

local function problem_text(c, p)
  if p.problem == "missing" then
    return string.format(_("%s: expected %s, no such finding"), expect_text(c, p.expect), p.want)
  elseif p.problem == "count" then
    return string.format(_("%s: expected %d finding(s), got %d"), expect_text(c, p.expect),
      p.want, p.got)
  elseif p.problem == "status" then
    return string.format(_("%s: expected %s, got %s — %s"), finding_text(p.finding), p.want,
      p.finding.status, p.finding.message or "")
  elseif p.problem == "message" then
    return string.format(_("%s: expected a message with “%s”, got “%s”"), finding_text(p.finding),
      p.want, p.finding.message or "")
  end
  return string.format(_("%s: %s, not expected — %s"), finding_text(p.finding), p.finding.status,
    p.finding.message or "")
end

local coverage = COV.new()
local results = {}
local totals = {tests = 0, passed = 0, failed = 0, errors = 0}
for _i, file in ipairs(files) do
  local cases, err = read_file(file)
  if not cases then
    totals.errors = totals.errors + 1
    results[#results + 1] = {file = file, status = "error", error = err}
  else
    for _j, case in ipairs(cases) do
      -- --run TEXT: only the cases whose name contains TEXT
      if opts.run and not case.def.name:find(opts.run, 1, true) then goto next_case end
      totals.tests = totals.tests + 1
      local ok, problems = pcall(run_case, case, coverage)
      local r = {file = file, name = case.def.name, where = case.where}
      if not ok then
        r.status, r.error = "error", string.format("%s: %s", case.where, tostring(problems))
        totals.errors = totals.errors + 1
      elseif #problems > 0 then
        r.status, r.problems = "fail", problems
        totals.failed = totals.failed + 1
      else
        r.status = "pass"
        totals.passed = totals.passed + 1
      end
      r.case = case.def
      results[#results + 1] = r
      ::next_case::
    end
  end
end

if format == "json" then
  local out = {format = 1, summary = totals, tests = {}}
  for _i, r in ipairs(results) do
    local t = {file = r.file, name = r.name, status = r.status, error = r.error}
    if r.problems then
      t.problems = {}
      for _j, p in ipairs(r.problems) do
        t.problems[#t.problems + 1] = {problem = p.problem, expected = p.expect
          and r.case.expect[p.expect] or nil, want = p.want, got = p.got, finding = p.finding}
      end
    end
    out.tests[#out.tests + 1] = t
  end
  if opts.coverage then out.coverage = COV.report(coverage) end
  print(qufa.json_text(out))
else
  local last
  for _i, r in ipairs(results) do
    if r.file ~= last then
      print(r.file)
      last = r.file
    end
    if r.status == "error" and not r.name then
      print("  " .. string.format(_("ERROR %s"), r.error))
    elseif r.status == "error" then
      print("  " .. string.format(_("ERROR %s"), r.name))
      print("      " .. r.error)
    elseif r.status == "fail" then
      print("  " .. string.format(_("FAIL  %s"), r.name))
      for _j, p in ipairs(r.problems) do
        print(string.format("      %s: %s", PROBLEM[p.problem], problem_text(r.case, p)))
      end
    else
      print("  " .. string.format(_("ok    %s"), r.name))
    end
  end
  print(string.format(_("%d test(s): %d passed, %d failed, %d could not run"), totals.tests,
    totals.passed, totals.failed, totals.errors))
  if opts.coverage then
    print("")
    COV.print(coverage)
  end
end
if totals.errors > 0 then return 2 end
return totals.failed > 0 and 1 or 0

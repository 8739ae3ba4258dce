-- qufa report list | show NAME | NAME|FILE.lua [--period P] [--org ORG] [-o FILE]
--   [--format F] [--bom] [--unmask] [--PARAM VALUE …]
-- Runs a built-in report (scripts/reports/NAME.lua, embedded) or the user's own report file.
-- A report file returns run(db, params, report), or a table {title =, description =,
-- params = {{name =, type =, doc =, default =}, …}, run = …}; `report{…}` is qufa.report with
-- the output of the command line already given, so rows stream to the file as they come.
local _ = qufa._
local args = {...}
local what = table.remove(args, 1)

local BUILTIN = {}
for _i, f in ipairs(cli.host.report_files) do BUILTIN[(f.name:gsub("%.lua$", ""))] = f end

-- options of the command itself; a report's parameters cannot take these names
local RESERVED = {o = true, output = true, format = true, bom = true, help = true, h = true}
local TYPES = {text = true, flag = true, integer = true, date = true, period = true, org = true,
  lua = true}

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then cli.fail(string.format(_("report: cannot read %s"), err)) end
  local s = f:read("a")
  f:close()
  return s
end

-- Runs a Lua file (a report, or a data file such as score-items.lua) in an environment of its
-- own whose globals read through to the host's; returns what it returns.
local function run_chunk(source, chunkname)
  local env = setmetatable({}, {__index = _G})
  local chunk, err = load(source, chunkname, "t", env)
  if not chunk then cli.fail(err) end
  local ok, value = pcall(chunk)
  if not ok then cli.fail(tostring(value)) end
  return value
end

-- The definition of a report, or nil and why it is not one.
local function definition(source, chunkname, label)
  local def = run_chunk(source, chunkname)
  if type(def) == "function" then def = {run = def} end
  if type(def) ~= "table" or type(def.run) ~= "function" then
    return nil, string.format(_("%s: a report file returns a function run(db, params, report) "
      .. "or a table {title = …, params = …, run = …}"), label)
  end
  def.params = def.params or {}
  for i, p in ipairs(def.params) do
    if type(p) ~= "table" or type(p.name) ~= "string" or not p.name:match("^%a[%w_]*$")
      or RESERVED[p.name] then
      return nil, string.format(_("%s: params[%d] needs a name of letters, digits and '_' "
        .. "(not o, output, format or bom)"), label, i)
    end
    p.type = p.type or "text"
    if not TYPES[p.type] then
      return nil, string.format(_("%s: parameter '%s' has an unknown type '%s' (text, flag, "
        .. "integer, date, period, org, lua)"), label, p.name, tostring(p.type))
    end
  end
  return def
end

local function load_report(name)
  if name:match("%.lua$") or name:find("/", 1, true) then
    local def, why = definition(read_file(name), "@" .. name, name)
    if not def then cli.fail(why) end
    return def
  end
  local f = BUILTIN[name]
  if not f then
    cli.fail(string.format(_("report: there is no report '%s' (see 'qufa report list'; a file "
      .. "of your own ends in .lua)"), name))
  end
  local def, why = definition(f.source, "@scripts/reports/" .. f.name, name)
  if not def then cli.fail(why) end
  return def
end

local function list()
  local names = {}
  for name in pairs(BUILTIN) do names[#names + 1] = name end
  table.sort(names)
  for _i, name in ipairs(names) do
    local f = BUILTIN[name]
    local def = definition(f.source, "@scripts/reports/" .. f.name, name)
    if def then -- data files such as score-items.lua are not reports
      print(string.format("%-12s %s", name, def.title or ""))
      if def.description then print(string.format("%-12s %s", "", def.description)) end
      for _j, p in ipairs(def.params) do
        local opt = p.type == "flag" and "--" .. p.name
          or string.format("--%s %s", p.name, p.type:upper())
        print(string.format("%-12s   %-20s %s", "", opt, p.doc or ""))
      end
    end
  end
  print("")
  print(_("Options of every report: -o FILE (format from its extension), --format text|md|csv|"
    .. "json|xlsx|html, --bom (CSV for Excel). 'qufa report show NAME' prints a report's Lua "
    .. "to start your own."))
  return 0
end

local function show(name)
  if not name then cli.fail(_("report show: name a report")) end
  local f = BUILTIN[name] or BUILTIN[(name:gsub("%.lua$", ""))]
  if not f then
    cli.fail(string.format(_("report: there is no report '%s' (see 'qufa report list')"), name))
  end
  io.write(f.source)
  return 0
end

-- The only branch, when the database has exactly one.
local function default_org(db)
  local branches = qufa.list(db:orgs{kind = "branch"})
  if #branches == 1 then return branches[1] end
  local codes = {}
  for _i, o in ipairs(branches) do codes[#codes + 1] = o.code end
  cli.fail(string.format(_("report: name the org with --org (branches: %s)"),
    #codes > 0 and table.concat(codes, ", ") or _("none")))
end

local function load_data(value)
  local f = BUILTIN[(value:gsub("%.lua$", ""))]
  if f and not value:find("/", 1, true) and not io.open(value, "rb") then
    return run_chunk(f.source, "@scripts/reports/" .. f.name)
  end
  return run_chunk(read_file(value), "@" .. value)
end

-- The parameters as the report gets them: checked and converted by type.
local function resolve(db, def, opts)
  local params = {}
  for _i, p in ipairs(def.params) do
    local v = opts[p.name]
    if v == nil then v = p.default end
    local ok, res = pcall(function()
      if p.type == "flag" then return v == true end
      if p.type == "period" then
        return v and qufa.period(v) or qufa.period("year", db:today())
      end
      if p.type == "org" then
        if v == nil then return default_org(db) end
        local o = db:org(cli.ref(v))
        if not o then error(string.format(_("org %s does not exist"), v), 0) end
        return o
      end
      if v == nil then return nil end
      if p.type == "integer" then
        local n = math.tointeger(tonumber(v))
        if not n then error(string.format(_("'%s' is not an integer"), tostring(v)), 0) end
        return n
      end
      if p.type == "date" then return qufa.date(v) end
      if p.type == "lua" then return load_data(v) end
      return v
    end)
    if not ok then
      if type(res) == "table" and res.exit then error(res, 0) end -- cli.fail inside
      -- without the position and the name of the function that refused it
      local msg = tostring(res):gsub("^[^:]*:%d+: ", ""):gsub("^period: ", "")
      cli.fail(string.format("--%s: %s", p.name, msg))
    end
    params[p.name] = res
  end
  return params
end

local function run(name)
  local def = load_report(name)
  local spec = {o = "value", output = "value", format = "value", bom = "flag"}
  for _i, p in ipairs(def.params) do spec[p.name] = p.type == "flag" and "flag" or "value" end
  local opts, rest = cli.options(args, spec, "report " .. name)
  if #rest > 0 then
    cli.fail(string.format(_("report: unexpected argument '%s'"), rest[1]))
  end
  -- a report reads: the database is opened read-only, so no report file can change it
  local okdb, db = pcall(qufa.open, cli.host.db_path, {today = cli.host.today,
    actor = cli.host.actor, readonly = true})
  if not okdb then cli.fail(tostring(db)) end
  local params = resolve(db, def, opts)
  local file = opts.o or opts.output
  local output = file and {path = file, format = opts.format, bom = opts.bom}
    or {file = io.stdout, format = opts.format or "text", bom = opts.bom}
  local made
  local function report(s)
    if made then error(_("report: a report file makes one report (call report{…} once)"), 2) end
    local copy = {}
    for k, v in pairs(s) do copy[k] = v end
    copy.output = output
    made = qufa.report(copy)
    return made
  end
  -- a traceback helps with a mistake in the code (a message with file:line), not with input
  -- a report refuses on purpose (error(message, 0))
  local function handler(e)
    if type(e) == "string" and e:match("^[^\n]-:%d+: ") then return debug.traceback(e, 2) end
    return e
  end
  local ok, err = xpcall(def.run, handler, db, params, report)
  if not ok then
    if made then made:discard() end
    db:close()
    cli.fail(tostring(err))
  end
  if not made then
    db:close()
    cli.fail(string.format(_("report %s: it made no report (call report{…})"), name))
  end
  local closed, why = pcall(made.close, made)
  db:close()
  if not closed then cli.fail(tostring(why)) end
  return 0
end

if what == "list" then return list() end
if what == "show" then return show(args[1]) end
if not what then
  cli.fail(_("report: which report? (qufa report list shows them; qufa report NAME or FILE.lua)"))
end
return run(what)

-- qufa check [--org ORG] [--period P] [--standard CODE] [--format text|json|csv] [--all]
--   [--save] [--note TEXT] [-o FILE]
local _ = qufa._
local opts, rest = cli.options({...}, {org = "value", period = "value", standard = "value",
  format = "value", all = "flag", save = "flag", note = "value", o = "value", output = "value"},
  "check")
if #rest > 0 then cli.fail(string.format(_("check: unexpected argument '%s'"), rest[1])) end
local format = opts.format or "text"
if format ~= "text" and format ~= "json" and format ~= "csv" then
  cli.fail(string.format(_("check: format '%s' is unknown (text, json, csv)"), format))
end
local file = opts.o or opts.output
local run = {org = cli.ref(opts.org), period = opts.period, standard = opts.standard}

if not opts.save then
  -- written branch by branch as it is judged: memory does not grow with the deployment
  local out = io.stdout
  if file then
    -- the run's options are checked before the file is made (a bad period leaves no file)
    -- (opened and checked, nothing judged: the iterator's closing value ends the run)
    local ok, err = pcall(function()
      local _, _, _, closing <close> = db:check_each(run) -- luacheck: ignore 211
    end)
    if not ok then cli.fail(tostring(err)) end
    local f, ferr = io.open(file, "w")
    if not f then cli.fail(string.format(_("check: cannot write %s: %s"), file, ferr)) end
    out = f
  end
  local ok, s = pcall(db.check_write, db, {format = format, file = out, org = run.org,
    period = run.period, standard = run.standard, all = opts.all,
    color = cli.host.color and not file or false})
  if file then out:close() end
  if not ok then cli.fail(tostring(s)) end
  return (s.fail > 0 or s.error > 0) and 1 or 0
end

-- --save keeps the whole result (an assessment stores every finding)
local ok, result = pcall(db.check, db, run)
if not ok then cli.fail(tostring(result)) end

local out
if format == "json" then
  out = result:json() .. "\n"
elseif format == "csv" then
  out = result:csv()
else
  out = result:text{color = cli.host.color and not file, all = opts.all}
end
if file then
  local f, err = io.open(file, "w")
  if not f then cli.fail(string.format(_("check: cannot write %s: %s"), file, err)) end
  f:write(out)
  f:close()
else
  io.write(out)
end
local id = result:save(db, opts.note)
io.stderr:write(string.format(_("saved as assessment %d\n"), id))
local s = result:summary()
return (s.fail > 0 or s.error > 0) and 1 or 0

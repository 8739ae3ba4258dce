-- qufa check [--org ORG] [--period P] [--standard CODE] [--format text|json|csv] [--all]
--   [--since ASSESSMENT] [--save] [--note TEXT] [-o FILE]
-- qufa check --explain KEY [--format text|json]: why that finding was given
local _ = qufa._
local opts, rest = cli.options({...}, {org = "value", period = "value", standard = "value",
  format = "value", all = "flag", save = "flag", note = "value", o = "value", output = "value",
  explain = "value", since = "value"},
  "check")
if #rest > 0 then cli.fail(string.format(_("check: unexpected argument '%s'"), rest[1])) end
local format = opts.format or "text"
if format ~= "text" and format ~= "json" and format ~= "csv" then
  cli.fail(string.format(_("check: format '%s' is unknown (text, json, csv)"), format))
end
local file = opts.o or opts.output
if file then cli.check_output("check", file) end
if opts.explain then
  if format ~= "text" and format ~= "json" then
    cli.fail(string.format(_("check --explain: format '%s' is unknown (text, json)"), format))
  end
  local okx, x = pcall(db.explain, db, opts.explain)
  if not okx then cli.fail(tostring(x)) end
  io.write(format == "json" and x.json .. "\n" or x.text)
  return 0
end
local since
if opts.since then
  since = tonumber(opts.since)
  if not since or since < 1 or since ~= math.floor(since) then
    cli.fail(string.format(_("check --since: '%s' is not an assessment id (see qufa assessments)"),
      opts.since))
  end
  since = math.tointeger(since)
end
local run = {org = cli.ref(opts.org), period = opts.period, standard = opts.standard,
  since = since}

-- an incremental check says how much it judged again, on stderr (the output stays the check's)
local function say_rejudged(rejudged, branches, note)
  if not since then return end
  io.stderr:write(string.format(_("re-judged %d of %d branches (the others as in assessment %d)\n"),
    rejudged, branches, since))
  if note then io.stderr:write(string.format(_("every branch judged: %s\n"), note)) end
end

if not opts.save then
  -- written branch by branch as it is judged: memory does not grow with the deployment; a file
  -- is private and replaced only once it is whole, like every output file
  local s
  local function write(out)
    local ok, totals = pcall(db.check_write, db, {format = format, file = out, org = run.org,
      period = run.period, standard = run.standard, since = since, all = opts.all,
      color = not file and cli.host.color or false})
    if not ok then cli.fail(tostring(totals)) end
    s = totals
  end
  if file then cli.write_stream("check", file, write) else write(io.stdout) end
  say_rejudged(s.rejudged, s.branches, s.since_note)
  return (s.fail > 0 or s.error > 0) and 1 or 0
end

-- --save (an assessment stores every finding): the whole result
local ok, result = pcall(db.check, db, run)
if not ok then cli.fail(tostring(result)) end
say_rejudged(result:rejudged())

local out
if format == "json" then
  out = result:json() .. "\n"
elseif format == "csv" then
  out = result:csv()
else
  out = result:text{color = cli.host.color and not file, all = opts.all}
end
if file then
  cli.write_file("check", file, out)
else
  io.write(out)
end
if opts.save then
  local id = result:save(db, opts.note)
  io.stderr:write(string.format(_("saved as assessment %d\n"), id))
end
local s = result:summary()
return (s.fail > 0 or s.error > 0) and 1 or 0

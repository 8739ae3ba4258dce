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

-- written branch by branch as it is judged: memory does not grow with the deployment; a file
-- is private and replaced only once it is whole, like every output file. --save sets each
-- branch's findings aside as they are judged and writes the assessment after the last branch:
-- nothing is saved when the check fails.
local s
local function write(out)
  local ok, totals = pcall(db.check_write, db, {format = format, file = out, org = run.org,
    period = run.period, standard = run.standard, since = since, all = opts.all,
    color = not file and cli.host.color or false, save = opts.save or nil,
    note = opts.save and opts.note or nil})
  if not ok then cli.fail(tostring(totals)) end
  s = totals
end
if file then cli.write_stream("check", file, write) else write(io.stdout) end
say_rejudged(s.rejudged, s.branches, s.since_note)
if s.assessment then
  io.stderr:write(string.format(_("saved as assessment %d\n"), s.assessment))
end
return (s.fail > 0 or s.error > 0) and 1 or 0

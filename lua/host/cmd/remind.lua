-- qufa remind [--within 30d] [--format text|json] [--org ORG] [--all] [--dry-run] [--ics FILE]
--             [--exec COMMAND] [-o FILE]
-- qufa remind ack ID [--note TEXT] | snooze ID DURATION [--note TEXT] | show ID
-- qufa remind settings [KEY [VALUE]] [--note TEXT]
local _ = qufa._
local args = {...}

local function write_file(path, text) cli.write_file("remind", path, text) end

local function reminder_arg(sub, s)
  local id = s and s:match("^#?(%d+)$")
  if not id then
    cli.fail(string.format(_("remind %s: which reminder? (its number, as in [#12])"), sub))
  end
  local r = db:reminder(math.tointeger(tonumber(id)))
  if not r then cli.fail(string.format(_("remind %s: there is no reminder %s"), sub, id)) end
  return r
end

local STATES = {pending = _("not yet reminded"), fired = _("reminded"),
  acknowledged = _("acknowledged"), satisfied = _("satisfied"), expired = _("expired"),
  snoozed = _("snoozed")}

local function show(r)
  print(string.format("#%d  %s", r.id, r.title))
  if r.message and r.message ~= r.title then print("  " .. r.message) end
  local rows = {
    {_("state"), (STATES[r.state] or r.state) .. (r.overdue and (" · " .. _("overdue")) or "")},
    {_("due"), r.due},
    {_("responsible"), (r.holder or "-") .. " (" .. (r.responsible_label or "") .. ")"},
    {_("org"), r.org or ""},
    {_("lead times"), r.leads},
    {_("next reminder"), r.next_fire or ""},
    {_("rule"), r.rule == r.source and r.rule or (r.source .. " " .. r.rule)},
    {_("key"), r.key},
    {_("first seen"), r.first_seen},
  }
  if r.resolved then rows[#rows + 1] = {_("resolved"), r.resolved} end
  if r.snoozed_until then rows[#rows + 1] = {_("snoozed until"), r.snoozed_until} end
  if r.note then rows[#rows + 1] = {_("note"), r.note} end
  for _i, row in ipairs(rows) do
    print(string.format("  %s%s  %s", row[1], string.rep(" ", 14 - cli.width(row[1])), row[2]))
  end
  local fires = {}
  for f in r:fires() do
    fires[#fires + 1] = {f.fire_on, f.lead == "overdue" and _("overdue") or f.lead,
      f.fired_on or "", f.late and _("late") or ""}
  end
  print()
  cli.print_table({_("day"), _("lead"), _("reminded on"), ""}, fires)
end

local sub = args[1]
if sub == "ack" or sub == "snooze" or sub == "show" then
  local opts, rest = cli.options({table.unpack(args, 2)}, {note = "value"}, "remind " .. sub)
  local r = reminder_arg(sub, rest[1])
  if sub == "show" then
    show(r)
    return 0
  end
  local ok, err
  if sub == "ack" then
    if #rest > 1 then cli.fail(string.format(_("remind ack: unexpected argument '%s'"), rest[2])) end
    ok, err = pcall(r.ack, r, opts.note)
    if ok then print(string.format(_("reminder %d acknowledged: it fires no more"), r.id)) end
  else
    if not rest[2] then cli.fail(_("remind snooze: for how long? (e.g. 3d, 1w, 2wd)")) end
    ok, err = pcall(r.snooze, r, rest[2], opts.note)
    if ok then
      print(string.format(_("reminder %d snoozed until %s"), r.id, r.snoozed_until))
    end
  end
  if not ok then cli.fail(tostring(err)) end
  return 0
end

if sub == "settings" then
  local opts, rest = cli.options({table.unpack(args, 2)}, {note = "value"}, "remind settings")
  if rest[2] ~= nil then
    local value = rest[2] ~= "" and rest[2] or nil
    local ok, err = pcall(db.set_remind_setting, db, rest[1], value, opts.note)
    if not ok then cli.fail(tostring(err)) end
  end
  local rows = {}
  for _i, s in ipairs(db:remind_settings()) do
    if not rest[1] or s.key == rest[1] then
      rows[#rows + 1] = {s.key, s.value, s.set and "" or _("(default)"), s.doc}
    end
  end
  if rest[1] and #rows == 0 then
    cli.fail(string.format(_("remind settings: '%s' is not a setting"), rest[1]))
  end
  cli.print_table({_("setting"), _("value"), "", _("meaning")}, rows)
  return 0
end

local opts, rest = cli.options(args, {within = "value", format = "value", org = "value",
  all = "flag", ["dry-run"] = "flag", ics = "value", exec = "value", o = "value",
  output = "value"}, "remind")
if #rest > 0 then cli.fail(string.format(_("remind: unexpected argument '%s'"), rest[1])) end
local format = opts.format or "text"
if format ~= "text" and format ~= "json" then
  cli.fail(string.format(_("remind: format '%s' is unknown (text, json)"), format))
end
-- a wrong output path fails before the ledger is touched
if opts.ics then cli.check_output("remind", opts.ics) end
if opts.o or opts.output then cli.check_output("remind", opts.o or opts.output) end
local ok, result = pcall(db.remind, db, {org = cli.ref(opts.org), within = opts.within,
  dry_run = opts["dry-run"], exec = opts.exec, hooks = false})
if not ok then cli.fail(tostring(result)) end

for _i, e in ipairs(result:errors()) do io.stderr:write("qufa: " .. e .. "\n") end
if opts.ics then write_file(opts.ics, result:ics()) end
local file = opts.o or opts.output
local out
if format == "json" then
  out = result:json() .. "\n"
else
  out = result:text{color = cli.host.color and not file, all = opts.all}
end
if file then write_file(file, out) else io.write(out) end
-- a reminder that could not be delivered will fire again: say so in the exit status (cron)
return result:summary().failed > 0 and 1 or 0

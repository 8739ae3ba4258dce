-- qufa waiver add|list|end: record a waiver (情况说明), list them, end one early
-- (docs/waivers.md).
local _ = qufa._
local fmt = string.format
local args = {...}
local sub = table.remove(args, 1)

local function no_more(rest, n, what)
  if #rest > n then cli.fail(fmt(_("waiver %s: unexpected argument '%s'"), what, rest[n + 1])) end
end

if sub == "add" then
  local opts, rest = cli.options(args, {reason = "value", ["approved-by"] = "value",
    ["recorded-by"] = "value", from = "value", to = "value"}, "waiver")
  if #rest < 2 then
    cli.fail(_("waiver add: give the clause and the subject (qufa waiver add GY1-BYT/3.1 "
      .. "gy1/period/2017-08-H1 --reason TEXT --approved-by NAME --to DATE)"))
  end
  no_more(rest, 2, "add")
  local w = db:add_waiver{target = rest[1], subject = rest[2], reason = opts.reason,
    approved_by = opts["approved-by"], recorded_by = opts["recorded-by"], from = opts.from,
    to = opts.to}
  print(fmt(_("waiver %d: %s %s is explained from %s to %s (recorded by %s, approved by %s)"),
    w.id, w.target, w.subject, w.from, w.to, w.recorded_by, w.approved_by))
  return 0
elseif sub == "list" then
  local opts, rest = cli.options(args, {org = "value", on = "value", expiring = "value"}, "waiver")
  no_more(rest, 0, "list")
  cli.list_waivers(db, cli.waiver_filter(db, opts, "waiver list"))
  return 0
elseif sub == "end" then
  local opts, rest = cli.options(args, {date = "value", note = "value"}, "waiver")
  if #rest < 1 then cli.fail(_("waiver end: which waiver? (qufa waivers lists them)")) end
  no_more(rest, 1, "end")
  local id = rest[1]:match("^%d+$") and math.tointeger(tonumber(rest[1]))
  local w = id and db:waiver(id)
  if not w then cli.fail(fmt(_("waiver end: there is no waiver %s"), rest[1])) end
  w:end_on(opts.date, opts.note)
  print(fmt(_("waiver %d now ends on %s"), w.id, w.to))
  return 0
elseif sub == nil then
  cli.fail(_("waiver: add, list or end? (see 'qufa waiver --help')"))
else
  cli.fail(fmt(_("waiver: '%s' is not add, list or end"), sub))
end

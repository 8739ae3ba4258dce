-- qufa appraisal set MEMBER YEAR RESULT [--activity ID] [--org ORG] [--note TEXT]
--       appraisal list [--org ORG] [--year YEAR] [--activity ID]
--       appraisal remove MEMBER YEAR
-- 民主评议党员 results: one grade per member and year (优秀、合格、基本合格、不合格).
local _ = qufa._
local args = {...}
local sub = table.remove(args, 1)
local fmt = string.format

-- A member on the command line: an id, a member code, or a name that only one member has.
local function member_ref(s, command)
  local m = db:member(cli.ref(s))
  if m then return m end
  local found = qufa.list(db:members{name = s})
  if #found == 1 then return found[1] end
  if #found > 1 then
    cli.fail(fmt(_("%s: %d members are named %s: give the member code or id"), command, #found, s))
  end
  cli.fail(fmt(_("%s: no member has the id, code or name '%s'"), command, s))
end

local function year_arg(s, command)
  local y = s and s:match("^%d%d%d%d$") and tonumber(s)
  if not y then cli.fail(fmt(_("%s: '%s' is not a year (2017)"), command, tostring(s))) end
  return math.tointeger(y)
end

local function activity_ref(s, command)
  if not s then return nil end
  local id = s:match("^%d+$") and math.tointeger(tonumber(s))
  local a = id and db:activity(id)
  if not a then cli.fail(fmt(_("%s: --activity: no activity has the id '%s'"), command, s)) end
  return a
end

local function cmd_set()
  local opts, rest = cli.options(args, {activity = "value", org = "value", note = "value"},
    "appraisal set")
  if #rest ~= 3 then
    cli.fail(_("appraisal set: give MEMBER YEAR RESULT (qufa appraisal set GY1-001 2017 优秀)"))
  end
  local m = member_ref(rest[1], "appraisal set")
  local year = year_arg(rest[2], "appraisal set")
  -- correcting a grade keeps the meeting it was given at unless another is named
  local before = db:appraisal(m, year)
  local activity = activity_ref(opts.activity, "appraisal set")
    or (before and before.activity_id and db:activity(before.activity_id))
  local r = db:set_appraisal{member = m, year = year, result = rest[3], activity = activity,
    org = cli.ref(opts.org), note = opts.note}
  print(fmt(_("%s, %d: %s"), m.name, r.year, r.result_label))
  return 0
end

local function cmd_remove()
  local _o, rest = cli.options(args, {}, "appraisal remove")
  if #rest ~= 2 then cli.fail(_("appraisal remove: give MEMBER YEAR")) end
  local m = member_ref(rest[1], "appraisal remove")
  local year = year_arg(rest[2], "appraisal remove")
  local r = db:appraisal(m, year)
  if not r then cli.fail(fmt(_("appraisal remove: %s has no result for %d"), m.name, year)) end
  r:delete()
  print(fmt(_("%s, %d: removed"), m.name, year))
  return 0
end

local RESULTS = {"excellent", "qualified", "basically_qualified", "unqualified"}
local LABELS = {excellent = _("excellent"), qualified = _("qualified"),
  basically_qualified = _("basically qualified"), unqualified = _("unqualified")}

local function cmd_list()
  local opts, rest = cli.options(args, {org = "value", year = "value", activity = "value"},
    "appraisal list")
  if #rest > 0 then cli.fail(fmt(_("appraisal list: unexpected argument '%s'"), rest[1])) end
  local filter = {org = cli.ref(opts.org),
    year = opts.year and year_arg(opts.year, "appraisal list"),
    activity = activity_ref(opts.activity, "appraisal list")}
  local rows, tally, years = {}, {}, {}
  local meetings = {}
  for r in db:appraisals(filter) do
    local m = db:member(r.member_id)
    local day = ""
    if r.activity_id then
      meetings[r.activity_id] = meetings[r.activity_id] or db:activity(r.activity_id)
      day = meetings[r.activity_id].starts_at:sub(1, 10)
    end
    rows[#rows + 1] = {r.year, m.code or "", m.name, r.result_label, day, r.note or ""}
    if not tally[r.year] then
      tally[r.year] = {total = 0}
      years[#years + 1] = r.year
    end
    tally[r.year].total = tally[r.year].total + 1
    tally[r.year][r.result] = (tally[r.year][r.result] or 0) + 1
  end
  cli.print_table({_("year"), _("code"), _("name"), _("result"), _("meeting"), _("note")}, rows)
  for _i, y in ipairs(years) do
    local t = tally[y]
    local parts = {}
    for _j, code in ipairs(RESULTS) do
      parts[#parts + 1] = fmt("%s %d", LABELS[code], t[code] or 0)
    end
    print(fmt(_("%d: %d appraised; %s (excellent %.1f%%)"), y, t.total,
      table.concat(parts, _(", ")), 100 * (t.excellent or 0) / t.total))
  end
  return 0
end

if sub == "set" then return cmd_set() end
if sub == "list" then return cmd_list() end
if sub == "remove" then return cmd_remove() end
if sub == nil then
  cli.fail(_("appraisal: which subcommand? (set, list, remove; see 'qufa appraisal --help')"))
end
cli.fail(fmt(_("appraisal: unknown subcommand '%s' (set, list, remove)"), sub))

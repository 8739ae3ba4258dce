-- qufa calendar import FILE | show PERIOD: the workday calendar.
local _ = qufa._
local args = {...}
local sub = table.remove(args, 1)
local fmt = string.format

local function cmd_import()
  local _o, rest = cli.options(args, {}, "calendar import")
  if #rest ~= 1 then cli.fail(_("calendar import: give one file (qufa calendar import FILE)")) end
  local r = db:calendar_import(rest[1])
  local years = r.first_year == r.last_year and tostring(r.first_year)
    or fmt("%d–%d", r.first_year, r.last_year)
  if r.first_year == 0 then
    print(fmt(_("%s lists no day: nothing imported"), rest[1]))
    return 0
  end
  print(fmt(_("imported %s: %s, %d day(s) off and %d weekend day(s) worked"), rest[1], years,
    r.days_off, r.days_work))
  if r.replaced > 0 then
    print(fmt(_("  replaced the %d earlier entries of those years"), r.replaced))
  end
  if r.deadlines > 0 then
    print(fmt(_("  %d pending working-day deadline(s) moved to the new calendar"), r.deadlines))
  end
  return 0
end

-- One month as a grid, Monday first: "*" off on a weekday, "+" a weekend day worked.
local function month(year, m)
  local first = fmt("%04d-%02d-01", year, m)
  local last = qufa.period(fmt("%04d-%02d", year, m)).finish
  local entries = {}
  for e in db:calendar{from = first, to = last} do entries[e.day] = e end
  print(fmt(_("%d-%02d"), year, m))
  local heads = {}
  for word in _("Mo Tu We Th Fr Sa Su"):gmatch("%S+") do
    heads[#heads + 1] = string.rep(" ", 3 - cli.width(word)) .. word
  end
  print(table.concat(heads, " "))
  local cells = {}
  for _i = 2, qufa.weekday(first) do cells[#cells + 1] = "   " end
  local day = first
  while day <= last do
    local wd = qufa.weekday(day)
    local e = entries[day]
    local mark = " "
    if e and e.kind == "off" and wd <= 5 then mark = "*"
    elseif e and e.kind == "work" then mark = "+"
    elseif e and e.kind == "off" then mark = "*" end
    cells[#cells + 1] = fmt("%2d%s", tonumber(day:sub(9, 10)), mark)
    if wd == 7 then
      print((table.concat(cells, " "):gsub("%s+$", "")))
      cells = {}
    end
    day = qufa.add(day, "1d")
  end
  if #cells > 0 then print((table.concat(cells, " "):gsub("%s+$", ""))) end
  print(fmt(_("%d working day(s)"), db:count_workdays(first, last)))
  local list = {}
  for d, e in pairs(entries) do list[#list + 1] = {d, e} end
  table.sort(list, function(a, b) return a[1] < b[1] end)
  for _i, x in ipairs(list) do
    print(fmt("  %s %s  %s", x[1], x[2].kind == "off" and _("off ") or _("work"), x[2].name or ""))
  end
end

local function cmd_show()
  local _o, rest = cli.options(args, {}, "calendar show")
  if #rest ~= 1 then cli.fail(_("calendar show: give a month or a year (2017-01, 2017)")) end
  local p = qufa.period(rest[1])
  local y1, m1 = p.start:match("^(%d+)-(%d+)")
  local y2, m2 = p.finish:match("^(%d+)-(%d+)")
  y1, m1, y2, m2 = tonumber(y1), tonumber(m1), tonumber(y2), tonumber(m2)
  for y = y1, y2 do
    if not db:calendar_has_year(y) then
      print(fmt(_("(no calendar for %d: weekends only; import one with 'qufa calendar import "
        .. "FILE')"), y))
    end
  end
  local y, m = y1, m1
  while y < y2 or (y == y2 and m <= m2) do
    month(y, m)
    m = m + 1
    if m > 12 then y, m = y + 1, 1 end
    if y < y2 or (y == y2 and m <= m2) then print() end
  end
  return 0
end

local SUBCOMMANDS = {import = cmd_import, show = cmd_show}
local run = SUBCOMMANDS[sub or ""]
if not run then
  cli.fail(sub and fmt(_("calendar: unknown subcommand '%s' (import, show)"), sub)
    or _("calendar: missing subcommand (import, show)"))
end
return run()

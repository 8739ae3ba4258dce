-- The workday calendar from Lua: import (file and text), lookups, working-day arithmetic.
local t = require "t"
local kit = require "flowkit"

t.eq(db:calendar_has_year(2017), false, "no calendar yet")
t.eq(db:add_workdays("2017-01-26", 5), "2017-02-02", "weekends only")
local r = db:calendar_import(kit.root .. "/scripts/calendars/cn-2017.txt")
t.eq(string.format("%d %d %d %d", r.first_year, r.last_year, r.days_off, r.days_work),
  "2017 2017 26 5", "report")
t.eq(db:calendar_has_year(2017), true, "2017 now")
t.eq(db:add_workdays("2017-01-26", 5), "2017-02-08", "over the Spring Festival")
t.eq(db:add_workdays("2017-02-08", -5), "2017-01-26", "and back")
t.eq(db:calendar_add("2017-01-26", "5wd"), "2017-02-08", "a working-day duration")
t.eq(db:calendar_add("2017-01-31", "1m"), "2017-02-28", "a calendar duration")
t.eq(db:is_workday("2017-01-22"), true, "a Sunday worked (调休)")
t.eq(db:is_workday("2017-10-06"), false, "a Friday of the National Day holiday")
t.eq(db:count_workdays("2017-01-01", "2017-12-31"), 249, "working days of 2017")
local days = {}
for e in db:calendar{from = "2017-09-30", to = "2017-10-02"} do
  days[#days + 1] = e.day .. " " .. e.kind .. " " .. e.name
end
t.eq(table.concat(days, "; "), "2017-09-30 work 中秋节、国庆节调休; 2017-10-01 off 中秋节、国庆节; "
  .. "2017-10-02 off 中秋节、国庆节", "entries")
t.fails("qufa.lua:2: 2017-02-04 is already listed on line 1", db.calendar_import, db,
  {text = "2017-02-04 work\n2017-02-04 off", name = "qufa.lua"})
r = db:calendar_import{text = "2018-02-15..2018-02-21 休 春节\n2018-02-11 班 春节调休\n"}
t.eq(r.days_off .. " " .. r.days_work .. " " .. r.replaced, "7 1 0", "2018 beside 2017")
t.eq(db:add_workdays("2018-02-14", 1), "2018-02-22", "2018 counted too")
t.fails("use db:calendar_add(date, duration)", qufa.add, "2017-01-26", "5wd")
print("calendar: ok")

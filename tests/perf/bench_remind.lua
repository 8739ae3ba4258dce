-- Reminders over a generated deployment (run by hand, not by ctest). First let bench_check
-- generate the database (N branches, 2019, the shipped packs loaded), then:
--   qufa --db /tmp/qufa-perf-N.db --today 2019-09-05 run tests/perf/bench_remind.lua
-- Measures a dry run, the first run (the ledger filled), the same run again (nothing fires),
-- the next day's run, and writing the text, JSON and iCalendar of a run. Prints wall-clock
-- times; numbers depend on the machine.
local clock = os.clock
local function time(label, f)
  local t0 = clock()
  local r = f()
  print(string.format("%-44s %9.1f ms", label, (clock() - t0) * 1000))
  return r
end
local branches = qufa.count(db:orgs{kind = "branch"})
print(string.format("%d branches, %d members, today %s", branches, db:count_members{}, db:today()))

time("dry run (nothing written)", function() return db:remind{dry_run = true, hooks = false} end)
local first = time("first run (the ledger filled)", function() return db:remind{hooks = false} end)
local s = first:summary()
print(string.format("  %d reminders in the ledger, %d listed, %d fired", #first, s.shown, s.firing))
local again = time("the same day again", function() return db:remind{hooks = false} end)
print(string.format("  %d fired", again:summary().firing))
db:set_today(qufa.add(db:today(), "1d"))
local next_day = time("the next day", function() return db:remind{hooks = false} end)
print(string.format("  %d fired", next_day:summary().firing))
local text = time("text", function() return next_day:text() end)
local json = time("JSON", function() return next_day:json() end)
local ics = time("iCalendar", function() return next_day:ics() end)
print(string.format("  text %d KiB, JSON %d KiB, iCalendar %d KiB", #text // 1024, #json // 1024,
  #ics // 1024))
time("one branch (--org b00002)", function() return db:remind{org = "b00002", hooks = false} end)

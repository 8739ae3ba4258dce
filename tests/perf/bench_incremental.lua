-- Incremental re-checks over a generated deployment (run by hand, not by ctest; issue 17 goal 3).
-- First let bench_check generate the database (N branches, 2019, the shipped packs loaded),
-- copy it (this script writes assessments and one activity into it), then:
--   cp $QUFA_PERF_DIR/qufa-perf-1000.db /tmp/inc.db
--   qufa --db /tmp/inc.db run tests/perf/bench_incremental.lua
-- Saves a full check as an assessment, adds an activity to branch b00002, and measures in one
-- run, interleaved, CPU time (os.clock: user + system) of
--   one      the check of b00002 alone (db:check{org = 'b00002'}),
--   compare  the incremental check of b00002 alone (the audit entries since the assessment
--            read and followed to their branches, then b00002 judged: what re-judging costs),
--   since    the whole deployment incrementally (db:check_each{since = id}: the changed branch
--            judged, every other branch's saved findings read back and handed out),
--   full     the whole deployment judged (db:check_each{}).
-- Prints medians of RUNS runs; numbers depend on the machine and its load.
local RUNS = tonumber(os.getenv("QUFA_PERF_RUNS") or "") or 5
local PERIOD = "2019"
local clock = os.clock

local function count(it)
  local n = 0
  for _ in it do n = n + 1 end
  return n
end

local function median(v)
  table.sort(v)
  return v[(#v + 1) // 2]
end

local branches = qufa.count(db:orgs{kind = "branch"})
print(string.format("%d branches, period %s, today %s", branches, PERIOD, db:today()))

local t0 = clock()
local id
do
  local whole = db:check{period = PERIOD}
  local judged = clock() - t0
  t0 = clock()
  id = whole:save(db, "bench_incremental")
  print(string.format("full check saved as assessment %d: %d findings, judged in %.3f s, saved in %.3f s",
    id, #whole, judged, clock() - t0))
end
collectgarbage()

-- one branch changes: a lecture added to b00002
local b = db:org("b00002")
db:add_activity{org = b, kind = "lecture", title = "增量核查", starts_at = "2019-11-20 14:00"}

local times = {one = {}, compare = {}, since = {}, full = {}}
local found = {}
for _ = 1, RUNS do
  t0 = clock()
  found.one = count(db:check_each{org = "b00002", period = PERIOD})
  times.one[#times.one + 1] = clock() - t0
  t0 = clock()
  found.compare = count(db:check_each{org = "b00002", period = PERIOD, since = id})
  times.compare[#times.compare + 1] = clock() - t0
  t0 = clock()
  found.since = count(db:check_each{period = PERIOD, since = id})
  times.since[#times.since + 1] = clock() - t0
  t0 = clock()
  found.full = count(db:check_each{period = PERIOD})
  times.full[#times.full + 1] = clock() - t0
  collectgarbage()
end
local rejudged, of = db:check{period = PERIOD, since = id}:rejudged()
local one = median(times.one)
for _, k in ipairs{"one", "compare", "since", "full"} do
  local m = median(times[k])
  print(string.format("%-8s %8d findings  cpu %8.1f ms  %6.2f× the one-branch check", k, found[k],
    m * 1000, m / one))
end
print(string.format("re-judged %d of %d branches; incremental ÷ full %.2f", rejudged, of,
  median(times.since) / median(times.full)))

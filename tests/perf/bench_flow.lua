-- Procedures under load (run by hand, not by ctest):
--   qufa --db /tmp/b.db init && qufa --db /tmp/b.db --today 2017-09-05 run tests/perf/bench_flow.lua [N]
-- Measures loading the admission procedure, advancing cases through steps with and without a
-- Lua guard (a guard re-runs the stored source in a fresh restricted sandbox), and the tick
-- (db:flow_due) over N open cases. Prints wall-clock times; numbers depend on the machine.
local n = tonumber(arg[1]) or 2000
local root = arg[0]:match("^(.*)/tests/perf/[^/]+$") or "."
local clock = os.clock

local function time(label, count, f)
  local t0 = clock()
  f()
  local dt = clock() - t0
  print(string.format("%-46s %8.1f ms  %9.1f µs each", label, dt * 1000, dt * 1e6 / count))
end

db:add_org{kind = "committee", code = "jg", name = "机关党委"}
db:add_org{kind = "branch", code = "gy1", name = "一支部", parent = "jg"}
for i = 1, 6 do
  db:add_member{name = "F" .. i, code = "F" .. i, status = "full", since = "2000-07-01", org = "gy1"}
end
time("flow_load admission.lua (27 steps)", 1, function()
  db:flow_load(root .. "/scripts/workflows/admission.lua")
end)
db:flow_load{name = "plain.lua", source = [[qufa.procedure{code = "plain", title = "无函数",
  subject = "member", steps = {{code = "a", title = "A"}, {code = "b", title = "B",
  deadlines = {{within = "1m", kind = "interrupt"}}}, {code = "c", title = "C"}}}]]}

local ids = {}
time(string.format("add %d members", n), n, function()
  for i = 1, n do
    ids[i] = db:add_member{name = "申请人" .. i, status = "applicant", since = "2015-01-05",
      org = "gy1"}.id
  end
end)
local plain, adm = {}, {}
time(string.format("flow_start plain × %d", n), n, function()
  for i = 1, n do plain[i] = db:flow_start{procedure = "plain", member = ids[i], date = "2015-01-05"} end
end)
time(string.format("advance without Lua functions × %d", n), n, function()
  for i = 1, n do plain[i]:advance{step = "a", date = "2015-01-06"} end
end)
local k = math.min(n, 200)
time(string.format("flow_start admission × %d", k), k, function()
  for i = 1, k do adm[i] = db:flow_start{procedure = "admission", member = ids[i], date = "2015-01-05"} end
end)
local file = os.tmpname()
local f = assert(io.open(file, "w"))
f:write("申请书\n")
f:close()
time(string.format("advance with a guard and on_complete × %d", k), k, function()
  for i = 1, k do
    adm[i]:advance{step = "apply", date = "2015-01-05", files = {"application=" .. file}}
  end
end)
os.remove(file)
local due
time(string.format("flow_due over %d open cases", n + k), 1, function()
  due = db:flow_due{within = "30d"}
end)
print(string.format("%d rules due or overdue", #due))
local count
time(string.format("db:cases{} over %d cases", n + k), n + k, function()
  count = qufa.count(db:cases{})
end)
print(string.format("%d cases", count))
time(string.format("case:deadlines() of %d cases", k), k, function()
  for i = 1, k do qufa.count(adm[i]:deadlines()) end
end)

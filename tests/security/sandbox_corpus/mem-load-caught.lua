-- via: load
-- expect: memory limit exceeded (67108864 bytes)
-- load reports a failure to compile as a value, "not enough memory" included: a pack's top
-- level that keeps compiling after the cap still stops.
local src = ("x = 1\n"):rep(1000000)
local kept = {}
for i = 1, 1000 do kept[i] = load(src) or false end
qufa.standard{code = "ADV", title = "对抗", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "case", require = qufa.cadence{activity = "lecture", per = "quarter"}}}}

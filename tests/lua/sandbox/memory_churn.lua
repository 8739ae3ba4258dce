-- expect: ok
-- collectgarbage is not there, yet the collector runs: the memory cap counts what is live,
-- so code that allocates far more than the cap over time but keeps little succeeds.
assert(collectgarbage == nil)
local total = 0
for i = 1, 100 do
  local t = {}
  for j = 1, 100 do t[j] = ("x"):rep(10240) .. i .. j end -- ~1 MiB live at a time
  total = total + #t[100]
end
assert(total > 100 * 10240) -- 100 MiB allocated in all, against a 64 MiB cap
print("ok")

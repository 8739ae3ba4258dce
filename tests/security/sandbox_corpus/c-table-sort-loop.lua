-- via: run
-- expect: limit exceeded (
-- Sorting a million numbers again and again: each call is C work the hook never sees, but each
-- call is a safe point, so the watchdog's time limit stops the loop.
local t = {}
for i = 1, 1000000 do t[i] = (i * 7919) % 1000003 end
while true do table.sort(t) end

-- via: rule
-- expect: memory limit exceeded (67108864 bytes)
-- A reminder rule that fills memory.
local t = {}
for i = 1, 1e9 do t[i] = i end

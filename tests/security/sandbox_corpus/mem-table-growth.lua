-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- A table growing without end.
local t = {}
for i = 1, 1e9 do t[i] = i end

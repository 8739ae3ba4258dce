-- via: check
-- expect: memory limit exceeded (67108864 bytes)
-- Tables made in C by the API (periods), kept by the million: they are Lua's memory, counted
-- by the allocator like any other.
local t = {}
for i = 1, 1e8 do t[i] = qufa.period("2017-05") end
return true

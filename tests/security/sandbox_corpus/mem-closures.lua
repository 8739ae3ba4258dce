-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- Closures with upvalues, kept.
local t = {}
for i = 1, 1e8 do local v = i t[i] = function() return v end end

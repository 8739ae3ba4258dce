-- via: load
-- expect: memory limit exceeded (67108864 bytes)
-- A pack file that fills memory while it is loaded.
local t = {}
for i = 1, 1e9 do t[i] = {} end

-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- The same 6 MB chunk compiled again and again, every function kept.
local src = ("x = 1\n"):rep(1000000)
local t = {}
for i = 1, 1000 do t[i] = load(src) end

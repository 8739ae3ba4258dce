-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- One string.format whose result is 200 MiB.
local big = ("x"):rep(1 << 20)
local t = {}
for i = 1, 200 do t[i] = big end
return string.format(("%s"):rep(200), table.unpack(t))

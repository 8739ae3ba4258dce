-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- %q of a 16 MiB string of zero bytes, kept ten times.
local s = ("\0"):rep(16 << 20)
local t = {}
for i = 1, 10 do t[i] = string.format("%q", s) end

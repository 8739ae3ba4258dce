-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- Ten million coroutines, each with its own stack.
local t = {}
for i = 1, 1e7 do t[i] = coroutine.create(print) end

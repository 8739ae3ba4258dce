-- via: check
-- expect: memory limit exceeded (67108864 bytes)
-- The memory cap met inside a coroutine, which resume reports as a value: the run still stops.
local co = coroutine.create(function() local s = {} for i = 1, 1e9 do s[i] = ("x"):rep(64) .. i end end)
local ok, err = coroutine.resume(co)
return true, "resume said " .. tostring(ok) .. " " .. tostring(err)

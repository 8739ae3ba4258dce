-- via: run
-- expect: limit exceeded (
-- The stop caught by coroutine.resume, after which the code returns at once: the run still
-- fails with the limit.
local co = coroutine.create(function() while true do end end)
coroutine.resume(co)
return "survived"

-- via: run
-- expect: limit exceeded (
-- Two coroutines handing control to each other for ever.
local a, b
a = coroutine.wrap(function() while true do b() coroutine.yield() end end)
b = coroutine.wrap(function() while true do coroutine.yield() end end)
while true do a() end

-- via: run
-- expect: limit exceeded (
-- Yielding through pcall inside a coroutine, then looping.
coroutine.wrap(function() pcall(coroutine.yield) while true do end end)()
coroutine.wrap(function() pcall(function() while true do end end) end)()

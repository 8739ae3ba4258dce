-- via: run
-- expect: limit exceeded (
-- An endless loop inside a coroutine (the hook is inherited).
coroutine.wrap(function() while true do end end)()

-- expect: fail limit exceeded (
-- (the instruction limit, or under a slow sanitizer build the time limit, stops it)
-- The count hook is inherited by coroutines: a loop inside one is stopped too, and the
-- resume that catches the first error cannot keep the script alive.
local co = coroutine.create(function() while true do end end)
while true do
  local ok = coroutine.resume(co)
  if not ok then co = coroutine.create(function() while true do end end) end
end

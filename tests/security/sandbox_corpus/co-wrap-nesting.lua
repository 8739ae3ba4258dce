-- via: run
-- expect: C stack overflow
-- Coroutines resuming coroutines 100,000 deep.
local function nest(n)
  return coroutine.wrap(function() if n > 0 then return nest(n - 1)() end return n end)
end
return nest(100000)()

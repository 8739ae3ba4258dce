-- via: run
-- expect: more than 100 coroutines closing one inside another
-- 20,000 coroutines closing one another in __close handlers (a Lua 5.4.4 C stack bug).
local co = false
for _ = 1, 20000 do
  local previous = co
  co = coroutine.create(function()
    local _guard <close> = setmetatable({}, {__close = function()
      if previous then assert(coroutine.close(previous)) end
    end})
    coroutine.yield()
  end)
  assert(coroutine.resume(co))
end
assert(coroutine.close(co))

-- 20,000 coroutines, each closing the one before from a __close handler: Lua 5.4.4 crashed
-- on the C stack here; qufa refuses the nesting instead
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

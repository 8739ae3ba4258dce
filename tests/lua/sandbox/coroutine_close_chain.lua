-- expect: ok
-- Lua 5.4.4 bug: a __close handler that closes another suspended coroutine, whose handler
-- closes another, and so on, overflowed the C stack and killed the process (at ~20,000 links
-- here; fixed upstream in 5.4.6). The sandbox refuses nesting beyond 100 with an error.
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
local ok, err = coroutine.close(co)
assert(not ok and tostring(err):find("more than 100 coroutines closing one inside another", 1, true),
  tostring(err))
-- a short chain still closes normally, handlers and all
local closed = 0
co = false
for _ = 1, 50 do
  local previous = co
  co = coroutine.create(function()
    local _guard <close> = setmetatable({}, {__close = function()
      closed = closed + 1
      if previous then assert(coroutine.close(previous)) end
    end})
    coroutine.yield()
  end)
  assert(coroutine.resume(co))
end
assert(coroutine.close(co) == true and closed == 50, closed)
print("ok")

-- expect: ok
-- Coroutines cannot reach outside the sandbox (NSE runs scripts as coroutines and has to stop
-- them from yielding to its scheduler; here the host never resumes anything): yielding from
-- the main chunk or across C fails cleanly, the running main thread cannot be resumed or
-- closed, and yields across pcall and metamethods keep working as Lua defines them.
local function fails(needle, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok and tostring(err):find(needle, 1, true), needle .. ": got " .. tostring(err))
end
fails("attempt to yield from outside a coroutine", coroutine.yield, 1)
assert(not coroutine.isyieldable())
local main, is_main = coroutine.running()
assert(is_main and coroutine.status(main) == "running")
local ok, err = coroutine.resume(main)
assert(not ok and err:find("cannot resume non-suspended coroutine", 1, true), err)
fails("cannot close a running coroutine", coroutine.close, main)
-- a yield across a C function that is not yieldable (table.sort's comparator)
local co = coroutine.create(function()
  table.sort({3, 1, 2}, function(a, b) coroutine.yield(); return a < b end)
end)
ok, err = coroutine.resume(co)
assert(not ok and err:find("attempt to yield across a C-call boundary", 1, true), tostring(err))
-- yields across the sandbox's pcall and through an __index function work
co = coroutine.wrap(function()
  local got = select(2, pcall(function() return coroutine.yield("in pcall") end))
  local t = setmetatable({}, {__index = function(_, k) return coroutine.yield(k) end})
  return got, t.key
end)
assert(co() == "in pcall")
assert(co("resumed") == "key")
local a, b = co("value")
assert(a == "resumed" and b == "value")
-- a coroutine cannot be resumed from itself, nor a dead one
co = coroutine.create(function() return coroutine.resume(coroutine.running()) end)
local _, inner_ok, inner_err = coroutine.resume(co)
assert(inner_ok == false and inner_err:find("non-suspended", 1, true))
ok, err = coroutine.resume(co)
assert(not ok and err:find("dead coroutine", 1, true))
-- wrap of an erroring coroutine closes it and passes the error on
local closed = false
co = coroutine.wrap(function()
  local _c <close> = setmetatable({}, {__close = function() closed = true end})
  error("boom")
end)
fails("boom", co)
assert(closed)
print("ok")

-- expect: ok
-- Recursion through C functions (Lua's own tests, testes/cstack.lua, list these) ends in a
-- "stack overflow" error that pcall catches, never in a crash of the process.
local function fails(needle, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok, needle .. ": the call succeeded")
  assert(tostring(err):find(needle, 1, true), needle .. ": got " .. tostring(err))
end
-- an error handler that itself overflows
local function loop() assert(pcall(loop)) end
local ok, err = xpcall(loop, loop)
assert(not ok and err == "error in error handling", tostring(err))
-- gsub calling back into gsub, directly and through an __index metamethod
local function foo() string.gsub("a", ".", foo) end
fails("stack overflow", foo)
local t = setmetatable({}, {__index = function() return foo() end})
local function bar() string.gsub("a", ".", t) end
fails("stack overflow", bar)
-- __tostring calling tostring on itself
local self_string = setmetatable({}, {})
getmetatable(self_string).__tostring = function(x) return tostring(x) end
fails("stack overflow", tostring, self_string)
-- a coroutine started after a recoverable error, starting another (a 5.4.2 bug)
local function nested()
  pcall(1)
  coroutine.wrap(nested)()
end
fails("C stack overflow", nested)
-- coroutines resuming coroutines
local function nest(n)
  return coroutine.wrap(function() if n > 0 then return nest(n - 1)() end return n end)
end
fails("C stack overflow", nest(100000))
-- table.sort's comparator sorting again
local function sorter(a, b)
  table.sort({3, 2, 1}, sorter)
  return a < b
end
fails("stack overflow", table.sort, {3, 2, 1}, sorter)
-- load's reader loading again
local function reader() return load(reader) end
ok = pcall(load, reader)
assert(ok ~= nil)
print("ok")

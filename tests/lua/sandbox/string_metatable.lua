-- expect: ok
-- Methods on strings go through the string metatable, not the global `string`: it is locked
-- and points at the filtered, size-checked functions (Redis CVE-2025-46818 changed the
-- metatables of basic types; here nothing can reach them).
local function fails(needle, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok and tostring(err):find(needle, 1, true), needle .. ": got " .. tostring(err))
end
assert(getmetatable("") == "string" and getmetatable("x") == "string")
fails("table expected", setmetatable, "", {})
fails("attempt to index a nil value", function() getmetatable("").__index.rep = nil end)
assert(("x").rep == string.rep, "the method is the global's (wrapped) function")
fails("string.rep: the result would exceed", function() return ("x"):rep(1e9) end)
fails("pattern too complex", function() return ("a"):rep(5000):find(("a*"):rep(20) .. "b") end)
fails("restricted code may pass at most", function() return ("x"):rep(300 * 1024):match("x") end)
assert(("").dump == nil and ("").pack == nil and ("").unpack == nil)
assert(("abc"):upper() == "ABC" and ("%d"):format(5) == "5" and ("a,b"):find(",", 1, true) == 2)
-- the library table handed out is a read-only view: rawget sees nothing, writes raise
assert(rawget(string, "rep") == nil and rawlen(string) == 0)
fails("string.upper: it is read-only", function() string.upper = string.lower end)
assert(("x"):upper() == "X")
print("ok")

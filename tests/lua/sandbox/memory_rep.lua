-- expect: ok
-- string.rep refuses results beyond its cap before allocating anything.
local ok, err = pcall(string.rep, "x", 1e9)
assert(not ok and err:find("string.rep: the result would exceed", 1, true), tostring(err))
ok, err = pcall(function() return ("xy"):rep(1 << 30, ",") end)
assert(not ok and err:find("string.rep", 1, true), tostring(err))
assert(#string.rep("ab", 1000) == 2000)
-- (meeting the memory cap itself is a stop that pcall passes on: memory_pcall.lua)
print("ok")

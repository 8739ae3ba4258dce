-- expect: ok
-- string.rep refuses results beyond its cap before allocating anything.
local ok, err = pcall(string.rep, "x", 1e9)
assert(not ok and err:find("string.rep: the result would exceed", 1, true), tostring(err))
ok, err = pcall(function() return ("xy"):rep(1 << 30, ",") end)
assert(not ok and err:find("string.rep", 1, true), tostring(err))
assert(#string.rep("ab", 1000) == 2000)
-- a memory error inside pcall is catchable, and the state stays usable after it
ok, err = pcall(function() local s = "x"; while true do s = s .. s end end)
assert(not ok and err:find("not enough memory", 1, true), tostring(err))
assert(#table.concat({"a", "b"}) == 2)
print("ok")

-- expect: ok
-- Pattern functions stop what would backtrack for minutes (the hook cannot stop C code): their
-- matcher counts its steps and gives up with "pattern too complex"; strings beyond the size
-- cap are refused; ordinary patterns still work.
local s = string.rep("a", 5000)
local ok, err = pcall(string.find, s, string.rep("a*", 20) .. "b")
assert(not ok and err:find("pattern too complex", 1, true), tostring(err))
ok, err = pcall(function() return s:match(string.rep("(.-)", 8) .. "x") end)
assert(not ok and err:find("string.match: pattern too complex", 1, true), tostring(err))
ok, err = pcall(string.gsub, s, "a*a*a*b", "")
assert(not ok and err:find("string.gsub: pattern too complex", 1, true), tostring(err))
ok, err = pcall(function() for _ in string.gmatch(s, "a*a*a*b") do end end)
assert(not ok and err:find("string.gmatch: pattern too complex", 1, true), tostring(err))
ok, err = pcall(string.find, string.rep("x", 300 * 1024), "x", 1, true)
assert(not ok and err:find("restricted code may pass at most", 1, true), tostring(err))
ok, err = pcall(string.find, "abc", string.rep("a", 600))
assert(not ok and err:find("the pattern is 600 bytes", 1, true), tostring(err))
ok, err = pcall(string.format, string.rep("%d", 200000), 1)
assert(not ok and err:find("string.format", 1, true), tostring(err))
-- ordinary use
local y, m, d = ("2017-05-10"):match("^(%d+)-(%d+)-(%d+)$")
assert(y == "2017" and m == "05" and d == "10")
assert(("a b  c"):gsub("%s+", " ") == "a b c")
local words = 0
for _w in ("one two three"):gmatch("%a+") do words = words + 1 end
assert(words == 3)
assert(string.find(string.rep("ab", 10000), "ba", 1, true) == 2)
assert(string.format("%s-%d", "x", 5) == "x-5")
print("ok")

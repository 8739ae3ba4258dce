-- a pattern that would backtrack for minutes inside C
local s = string.rep("a", 5000)
print(s:find(string.rep("a*", 20) .. "b"))

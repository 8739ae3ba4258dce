-- a pack that eats memory
local t = {}
for i = 1, math.maxinteger do t[i] = ("x"):rep(1000) .. i end

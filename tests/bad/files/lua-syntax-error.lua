-- a typo: two equals signs
local x = = 1
print(x)

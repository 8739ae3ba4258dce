-- via: check
-- expect: memory limit exceeded (67108864 bytes)
-- Records of the database kept by the million (Lua tables made in C).
local t = {}
for i = 1, 1e8 do t[i] = ctx.db:org("gy1") end
return true

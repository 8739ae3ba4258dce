-- via: run
-- expect: string.rep: the result would exceed
-- Doubling a string with rep until it passes the cap of one result.
local s = "x"
while true do s = s:rep(2) end

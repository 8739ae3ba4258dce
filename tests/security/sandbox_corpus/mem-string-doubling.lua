-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- Doubling a string by concatenation.
local s = "x"
while true do s = s .. s end

-- via: run
-- expect: limit exceeded (
-- Issue 13, case 2: string.format with the widest conversions, in a loop: charged by the size of
-- what it makes.
while true do local _ = string.format("%99.99f %99.99f", 1e308, -1e308) end

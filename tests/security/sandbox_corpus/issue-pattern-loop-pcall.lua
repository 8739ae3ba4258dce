-- via: run
-- expect: limit exceeded (
-- Issue 13, case 2: the same loop catching each "pattern too complex": the matching steps count
-- against the run, so the loop ends at the instruction limit.
local s = ("a"):rep(14000)
while true do pcall(s.find, s, "a*b") end

-- via: run
-- expect: limit exceeded (
-- Issue 13, case 2: Lua's string.rep copies an empty string n times: ("").rep(1 << 62) never
-- returned. The bounded rep makes it at once; the loop around it is stopped.
while true do local _ = string.rep("", 1 << 62) end

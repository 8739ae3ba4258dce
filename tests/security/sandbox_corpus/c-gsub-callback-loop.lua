-- via: check
-- expect: limit exceeded (
-- A gsub replacement function that never returns (Lua called from the C matcher).
local _ = ("abc"):gsub(".", function() while true do end end)
return true

-- via: run
-- expect: stack overflow
-- A __tostring formatting itself with string.format.
local t = setmetatable({}, {})
getmetatable(t).__tostring = function(self) return string.format("%s", self) end
return tostring(t)

-- via: run
-- expect: stack overflow | memory limit exceeded
-- A __call that calls itself.
local t = setmetatable({}, {})
getmetatable(t).__call = function(self) return (self()) end
return t()

-- via: run
-- expect: stack overflow
-- An __index that indexes itself.
local t = setmetatable({}, {})
getmetatable(t).__index = function(self, k) return self[k] end
return t.x

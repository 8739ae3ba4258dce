-- via: run
-- expect: stack overflow
-- An __eq that compares with itself.
local mt = {}
mt.__eq = function(a, b) return a == b end
return setmetatable({}, mt) == setmetatable({}, mt)

-- via: run
-- expect: stack overflow
-- A __concat that concatenates itself.
local mt = {}
mt.__concat = function(a, b) return a .. b end
return setmetatable({}, mt) .. "y"

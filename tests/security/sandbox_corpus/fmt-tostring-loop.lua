-- via: run
-- expect: limit exceeded (
-- string.format("%s") of a value whose __tostring never returns.
return string.format("%s", setmetatable({}, {__tostring = function() while true do end end}))

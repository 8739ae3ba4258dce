-- expect: fail error object is a table value
-- An error object whose __tostring never returns: the message handler's conversion is
-- stopped by the limit and the host still reports (and exits) cleanly.
error(setmetatable({}, {__tostring = function() while true do end end}))

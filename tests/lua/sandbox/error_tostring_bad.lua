-- expect: fail error object is a table value
-- __tostring that returns a table and errors itself.
error(setmetatable({}, {__tostring = function() return {} end}))

-- expect: fail custom failure text
-- A table error with a sane __tostring is shown through it.
error(setmetatable({}, {__tostring = function() return "custom failure text" end}))

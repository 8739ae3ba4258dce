-- via: run
-- expect: limit exceeded (
-- table.insert at position 1 shifts up every element a __len claims.
table.insert(setmetatable({}, {__len = function() return math.maxinteger - 1 end}), 1, "x")

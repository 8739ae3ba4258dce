-- via: run
-- expect: limit exceeded (
-- Issue 13, case 2: table.remove shifting math.maxinteger elements that a __len claims.
table.remove(setmetatable({}, {__len = function() return math.maxinteger end}), 1)

-- via: run
-- expect: limit exceeded (
-- table.concat over 2^40 positions whose __index (Lua, called from C) answers each.
table.concat(setmetatable({}, {__index = function() return "" end}), "", 1, 1 << 40)

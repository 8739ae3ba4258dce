-- via: run
-- expect: stack overflow
-- A sort comparator that sorts again (C calling Lua calling C).
local function cmp(a, b) table.sort({3, 2, 1}, cmp) return a < b end
table.sort({3, 2, 1}, cmp)

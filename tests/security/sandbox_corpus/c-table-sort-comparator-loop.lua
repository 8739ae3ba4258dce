-- via: check
-- expect: limit exceeded (
-- A sort comparator that never returns, in a check function.
table.sort({3, 1, 2}, function() while true do end end)
return true

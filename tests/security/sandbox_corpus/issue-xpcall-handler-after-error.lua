-- via: run
-- expect: limit exceeded (
-- Issue 13, case 2: the same with an ordinary error first.
xpcall(function() error("x") end, function() while true do end end)

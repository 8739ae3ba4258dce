-- via: rule
-- expect: limit exceeded (
-- A reminder rule whose xpcall handler loops.
xpcall(function() error("x") end, function() while true do end end)

-- via: load
-- expect: limit exceeded (
-- A pack file with a looping message handler.
xpcall(function() while true do end end, function() while true do end end)

-- via: run
-- expect: limit exceeded (
-- Issue 13, case 2: the message handler runs with hooks off after a limit's error, so a handler
-- that loops was never stopped.
xpcall(function() while true do end end, function() while true do end end)

-- via: flow
-- expect: limit exceeded (
-- A procedure's guard that never returns.
while true do end

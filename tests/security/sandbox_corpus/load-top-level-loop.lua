-- via: load
-- expect: limit exceeded (
-- A pack file whose top level never ends.
while true do end

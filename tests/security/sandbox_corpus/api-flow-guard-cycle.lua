-- via: flow
-- expect: time limit exceeded
-- A guard running a check of every branch again and again (each a nested run in a sandbox of
-- its own), until the time of the run is up.
while true do c.db:check{org = "gy1", period = "2017"} end

-- via: run
-- expect: memory limit exceeded (67108864 bytes)
-- A replacement that repeats each match a thousand times: the result outgrows the cap.
local _ = ("x"):rep(200000):gsub(".", ("%0"):rep(1000))

-- via: run
-- expect: restricted code may pass at most
-- A subject over the 256 KiB cap of the pattern functions.
return ("x"):rep(1 << 20):find("y")

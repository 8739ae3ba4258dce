-- via: run
-- expect: string.format: the string is
-- A format string over the subject cap.
return string.format(("%d"):rep(200000), 1)

-- via: run
-- expect: restricted code may use at most 512
-- A pattern over the 512-byte cap.
return ("x"):find(("x?"):rep(300))

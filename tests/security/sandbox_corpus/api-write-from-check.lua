-- via: check
-- expect: read-only here
-- Starting a procedure case (a write) from a check function.
ctx.db:flow_start{procedure = "visit", member = "M1", date = "2017-09-01"}
return true

-- via: remind-check
-- Issue 13, case 1 through `qufa remind`, which crashed the same way (remind does not show
-- check functions' errors: the case asserts the host lives and writes nothing).
ctx.db:check{org = "gy1", period = "2017"}
return true

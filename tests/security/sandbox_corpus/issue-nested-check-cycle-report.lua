-- via: report
-- expect: refused as a cycle
-- Issue 13, case 1 through `qufa report compliance`, which crashed the same way.
ctx.db:check{org = "gy1", period = "2017"}
return true

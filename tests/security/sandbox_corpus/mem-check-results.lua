-- via: check
-- expect: limit exceeded (
-- Check results kept from nested checks: each holds its findings in C memory; they are charged
-- to the cap (this one may meet the time limit first: each check takes a while).
local keep = {}
for i = 1, 1000000 do keep[i] = ctx.db:check{org = "gy1", period = "2017", standard = "NOP"} end
return true

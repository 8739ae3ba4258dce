-- via: check
-- expect: refused as a cycle
-- Issue 13, case 1: a check function running the check it is part of. Each level used to make
-- new sandboxes with 64 MiB of their own: GBs of memory, then SIGSEGV.
ctx.db:check{org = "gy1", period = "2017"}
return true

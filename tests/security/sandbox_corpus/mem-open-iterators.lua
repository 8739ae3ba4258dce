-- via: check
-- expect: memory limit exceeded
-- Iterators opened and kept: each holds a prepared statement in C memory, which the allocator
-- never sees; they are charged to the cap.
local keep = {}
for i = 1, 1000000 do keep[i] = ctx.db:members{org = "gy1"} end
return true

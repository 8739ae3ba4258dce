-- via: run
-- expect: stack overflow | memory limit exceeded
-- Plain recursion without a tail call.
local function f() return 1 + f() end
return f()

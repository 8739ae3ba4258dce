-- expect: fail stack overflow
-- Unbounded recursion ends with Lua's own stack overflow error, not a crash.
local function f(n) return 1 + f(n + 1) end
f(1)

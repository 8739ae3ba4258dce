-- an error value that is not a string
local function check(x) if not x then error({code = 42}) end end
check(false)

-- expect: fail memory limit exceeded (67108864 bytes)
-- Meeting the memory cap inside pcall stops the run, as the other limits do: pcall passes the
-- stop on instead of returning Lua's "not enough memory" for the code to go on at the cap.
local ok = pcall(function() local s = "x"; while true do s = s .. s end end)
print("went on", ok)

-- no io in the sandbox
local f = io.open("/etc/passwd")
print(f:read("a"))

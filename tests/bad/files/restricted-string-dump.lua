-- no bytecode from the sandbox
local code = string.dump(function() end)
print(#code)

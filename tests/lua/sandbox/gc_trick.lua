-- expect: ok
-- A finaliser runs with hooks off (when collecting or closing the state): refused outright,
-- also when __gc is added to the metatable only after setmetatable.
local ok, err = pcall(setmetatable, {}, {__gc = function() while true do end end})
assert(not ok and err:find("__gc metamethods are not allowed", 1, true), tostring(err))
local mt = {}
local obj = setmetatable({}, mt)
mt.__gc = function() while true do end end -- not marked for finalisation: never runs
local _keep = obj
-- an error object that is a table with __gc cannot be made either
ok, err = pcall(function() error(setmetatable({}, {__gc = print})) end)
assert(not ok and tostring(err):find("__gc", 1, true), tostring(err))
print("ok")

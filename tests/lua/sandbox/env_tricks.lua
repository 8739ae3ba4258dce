-- expect: ok
-- Ways to reach the real globals through _ENV, metatables, load and coroutines all lead back
-- to the sandbox.
local function check(cond, what) if not cond then error("escape possible: " .. what, 2) end end
check(getmetatable(_ENV) == "sandbox", "the environment's metatable")
check(load("return _ENV", "x", "t")() == _ENV, "load's default env is the sandbox")
check(load("return _G", "x", "t", {})() == nil, "an explicit env is honoured")
local f = load("local _ENV = ...; return io", "x", "t")
check(f({}) == nil, "a chunk's own _ENV")
check(select(2, pcall(function() local _ENV = nil; return print end)) ~= print, "_ENV = nil")
local co = coroutine.create(function() return _G, _ENV end)
local _, g, e = coroutine.resume(co)
check(g == _G and e == _ENV, "coroutines share the sandbox")
check(getmetatable(string) == "string", "library tables are locked")
check(getmetatable(db) == "qufa.db", "the handle is locked")
local ok = pcall(setmetatable, string, {})
check(not ok, "a library table's metatable replaced")
check(rawget(_ENV, "io") == nil and rawget(_ENV, "string") == nil, "rawget finds only own globals")
check(rawequal(_G, _ENV), "_G")
print("ok")

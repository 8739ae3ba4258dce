-- expect: ok
-- No way to the debug library (it reads and writes locals, upvalues and metatables of
-- anything, including the host's): not as a global, not through a library, a loaded module
-- table, a chunk's environment or an error's traceback.
assert(debug == nil and _G.debug == nil and _ENV.debug == nil)
assert(package == nil and require == nil)
for _, lib in ipairs({string, table, math, utf8, coroutine, qufa}) do
  for k, v in pairs(lib) do
    assert(k ~= "debug" and k ~= "getregistry" and k ~= "setmetatable" or lib == nil,
      "library entry " .. tostring(k))
    assert(type(v) ~= "table" or v ~= debug)
  end
end
assert(load("return debug")() == nil)
assert(load("return ...", "x", "t", {})(1) == 1)
local ok, err = pcall(function() return debug.traceback() end)
assert(not ok and err:find("attempt to index a nil value (global 'debug')", 1, true), err)
assert(getmetatable(print) == nil and getmetatable(1) == nil and getmetatable(true) == nil)
-- error values carry no handle to the host: a traceback is text
ok, err = pcall(error)
assert(not ok and err == nil)
print("ok")

-- expect: ok
-- Bytecode is never loaded (a crafted binary chunk can corrupt the VM; Redis CVE-2015-4335):
-- not from a string, not from a reader function, whatever mode is asked for, and string.dump,
-- which would make one, is not there.
local function refused(...)
  local ok, f, err = pcall(load, ...)
  assert(not ok or (f == nil and err), "a binary chunk was loaded")
  local why = ok and err or f
  assert(tostring(why):find("binary chunk", 1, true) or tostring(why):find("only text chunks", 1, true),
    tostring(why))
end
local binary = "\27Lua\x54\x00\x19\x93\r\n\x1a\n\x04\x08\x08\x78\x56\0\0\0\0\0\0\0\0\0\0\0\x28\x77\x40"
refused(binary)
refused(binary, "x")
refused(binary, "x", "t")
refused(binary, "x", "b")
refused(binary, "x", "bt")
refused(binary, "x", "t", {})
-- through a reader: the first piece decides, however the chunk is cut
local pieces = {"\27", "Lua", "\x54"}
local i = 0
refused(function() i = i + 1; return pieces[i] end)
i = 0
refused(function() i = i + 1; return pieces[i] end, "r", "bt")
assert(string.dump == nil and ("").dump == nil, "string.dump")
-- text is fine, in the sandbox's environment unless another is given
assert(load("return 1 + 1")() == 2)
assert(load("return print", "x", "t", {})() == nil)
print("ok")

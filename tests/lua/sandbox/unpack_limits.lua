-- expect: ok
-- Huge ranges in unpack and the byte functions (Redis: "Script check unpack with huge
-- numbers", CVE-2025-46817 in its Lua 5.1) are refused or empty, never an overflow.
local function fails(needle, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok and tostring(err):find(needle, 1, true), needle .. ": got " .. tostring(err))
end
fails("too many results to unpack", table.unpack, {1, 2, 3}, 0, 2147483647)
fails("too many results to unpack", table.unpack, {1, 2, 3}, -2, 2147483647)
fails("too many results to unpack", table.unpack, {1, 2, 3}, math.mininteger, math.maxinteger)
assert(select("#", table.unpack({1, 2, 3}, 2147483647, -2147483648)) == 0)
assert(select("#", table.unpack({1, 2, 3}, math.maxinteger, math.mininteger)) == 0)
fails("string slice too long", string.byte, string.rep("x", 2000000), 1, -1)
assert(select("#", string.byte(string.rep("x", 100), 1, -1)) == 100)
fails("string slice too long", utf8.codepoint, string.rep("x", 2000000), 1, -1)
fails("too many results", function() return string.char(table.unpack({}, 1, 2000000)) end)
fails("wrong number of arguments to 'insert'", table.insert, {}, 1, 2, 3)
fails("position out of bounds", table.insert, {}, math.maxinteger, 1)
fails("destination wrap around", table.move, {}, 1, math.maxinteger, 2)
fails("string.rep: the result would exceed", string.rep, "x", math.maxinteger)
assert(string.rep("x", -1) == "" and string.rep("x", math.mininteger) == "")
print("ok")

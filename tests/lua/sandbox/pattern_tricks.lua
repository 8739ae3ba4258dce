-- expect: ok
-- More ways to make the C pattern matcher run for minutes, where no hook can stop it: balance
-- items, back references, frontier sets, lazy repetitions, unanchored gmatch and gsub over a
-- long subject, and the method call (s:find) and string.format paths. The matcher counts its
-- steps and stops each with "pattern too complex"; malformed patterns are Lua's ordinary
-- errors; sane patterns on long text still work.
local function fails(needle, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok and tostring(err):find(needle, 1, true), needle .. ": got " .. tostring(err))
end
local long = ("(a)"):rep(60000) -- 180 KB, under the 256 KB subject cap
-- balance items run in linear time on balanced text: no longer refused for what they might do
assert(string.find(long, ("%b()"):rep(3) .. "x") == nil)
fails("pattern too complex", string.match, ("a"):rep(100000), "(a*)%1%1x")
fails("pattern too complex", string.gsub, long, ".-.-.-x", "")
fails("pattern too complex", function() for _ in long:gmatch("a.-a.-a.-b") do end end)
assert(long:find("%f[%w]a*a*a*b") == nil) -- linear here: every run of letters is one long
fails("pattern too complex", function() return ("a"):rep(3000):find("%f[%w]a*a*a*b") end)
fails("pattern too complex", function() return ("x"):rep(200000):match(".*.*.*y") end)
-- in gmatch '^' is an ordinary character (as in Lua 5.4): this one is linear
for _ in ("a"):rep(200000):gmatch("^a*a*a*b") do error("no match expected") end
-- malformed patterns fail as in plain Lua
fails("malformed pattern", string.find, "abc", "[a")
fails("malformed pattern", string.find, "abc", "%")
fails("too many captures", string.find, "abc", ("()"):rep(40))
fails("invalid capture index", string.gsub, "abc", "a", "%2")
fails("invalid capture index %1", string.find, "abc", "%1")
-- the format string counts as a subject
fails("string.format", string.format, ("%s"):rep(100000), "x")
-- sane patterns on long subjects are fine
assert(select(2, long:gsub("%(a%)", "")) == 60000)
assert(long:find("(a)(a)", 1, true) == 1)
assert(("ab"):rep(100000):match("^(a)(b)") == "a" and ("ab"):rep(100000):find("ba", 1, true) == 2)
print("ok")

-- Restricted code gets qufa's own implementation of Lua's pattern functions (lua/sandbox_string.c,
-- whose matcher counts its steps). This compares it with Lua's own, which this trusted script
-- has: a corpus of hand-written cases and a few thousand generated ones (a fixed seed) go
-- through string.find, match, gmatch and gsub here, and again inside a check function, which
-- gets the expected results in its source and reports the first difference. Errors must be
-- errors on both sides (their wording may differ); results must be identical.
local t = require "t"

local cases = {}
local function add(fn, s, p, a, b) cases[#cases + 1] = {fn, s, p, a, b} end

-- hand-written: every item of the syntax, anchors, captures, the odd corners
local hand = {
  {"hello world", "o w"}, {"hello world", "l+"}, {"hello", "^h"}, {"hello", "o$"},
  {"hello", "^hello$"}, {"a.b", "%."}, {"a.b", "."}, {"", ""}, {"", "^$"}, {"abc", ""},
  {"2017-05-10", "^(%d+)-(%d+)-(%d+)$"}, {"key = value", "(%w+)%s*=%s*(%w+)"},
  {"  trim  ", "^%s*(.-)%s*$"}, {"THE (quick) fox", "%((%a+)%)"}, {"f(a(b)c)d", "%b()"},
  {"THE (quick) fox", "%f[%a]%a+"}, {"hello", "()ll()"}, {"aaa", "a-"}, {"aaa", "a-$"},
  {"aaa", "a?a?a?a"}, {"abcabc", "(abc)%1"}, {"x]y", "[]]"}, {"x^y", "[%^]"}, {"a-b", "[a-]"},
  {"a-b", "[%a-]+"}, {"A1_b", "[%w_]+"}, {"tab\there", "%c"}, {"é ü", "[\128-\255]+"},
  {"one two", "%S+"}, {"x$y", "x$y"}, {"a+b", "a%+b"}, {"[x]", "%[(.-)%]"},
  {"aaa", "^a*"}, {"baaa", "a*"}, {"x", "[^%d]"}, {"5", "[^%d]"}, {"abc", "[b-a]"},
  {"hello", "l*"}, {"hello", ".-l"}, {"hello", ".*l"}, {"12ab", "%x+"}, {"AbC", "%u%l%u"},
  {"a,b,,c", "([^,]*)"}, {"a\0b", "%z"}, {"a\0b", "\0"}, {"a\0b", "[%z]"},
}
for _, h in ipairs(hand) do
  for _, fn in ipairs({"find", "match", "gmatch", "gsub"}) do add(fn, h[1], h[2], nil, nil) end
end
-- malformed patterns are errors on both sides
for _, p in ipairs({"%", "[a", "[", "(", "%b", "%ba", "%f", "%fa", "%1", "(()", "a)", "%g%",
  "[%", "[a-", "(a)%2", ("()"):rep(40)}) do
  for _, fn in ipairs({"find", "match", "gmatch", "gsub"}) do add(fn, "abc", p, nil, nil) end
end
-- init positions, plain finds
for _, init in ipairs({-10, -3, -1, 0, 1, 2, 5, 11, 12, 100}) do
  add("find", "hello world", "o", init, nil)
  add("find", "hello world", "o.", init, true)
  add("find", "hello world", "", init, nil)
  add("match", "hello world", "(o)(.)", init, nil)
  add("gmatch", "hello world", "o", init, nil)
end
-- replacements: strings with %0-%9 and %%, tables, functions, counts
local repls = {"<%0>", "%1-%2", "%%", "x", "", "%2", "%", "%a", 7}
for _, r in ipairs(repls) do
  for _, p in ipairs({"(o)(.)", "o", "", "()", "(l+)"}) do
    add("gsub", "hello world", p, r, nil)
    add("gsub", "hello world", p, r, 1)
  end
end
add("gsub", "hello world", "%w+", "TABLE", nil)
add("gsub", "hello world", "(%w+)", "FUNCTION", nil)
add("gsub", "abc", "", "-", nil)
add("gsub", "hello", "^h", "H", nil)
add("gsub", "hello", "l", "L", -1)

-- generated: patterns from pieces over a small alphabet, short subjects (a fixed seed)
math.randomseed(20170905)
local atoms = {"a", "b", ".", "%a", "%d", "%s", "%w", "%p", "[ab]", "[^a]", "[a-c]", "[%d_]",
  "%(", "1", "_", "-", "%b()", "%f[%w]", "%1", "(", ")", "()", "$", "^"}
local reps = {"", "", "", "*", "+", "-", "?"}
local letters = {"a", "b", "a", "b", " ", "1", "_", "(", ")", "-", ".", "c"}
local function pick(list) return list[math.random(#list)] end
for _ = 1, 2500 do
  local p = {}
  for i = 1, math.random(1, 6) do
    local a = pick(atoms)
    if a == "^" and i > 1 then a = "a" end
    p[#p + 1] = a
    if not a:find("^[%(%)%$%^]") and not a:find("%%[bf1]") then p[#p + 1] = pick(reps) end
  end
  local s = {}
  for _ = 1, math.random(0, 12) do s[#s + 1] = pick(letters) end
  add(pick({"find", "match", "gmatch", "gsub"}), table.concat(s), table.concat(p),
    math.random(-3, 4), nil)
end

-- Lua's own results, as the source of a table
local function q(v) -- a Lua literal in ASCII (the pack source must be valid UTF-8)
  if v == nil then return "nil" end
  if type(v) == "string" then
    return '"' .. v:gsub('[%c"\\\128-\255]', function(c) return string.format("\\%03d", c:byte()) end) .. '"'
  end
  return tostring(v)
end
local function call(fn, s, p, a, b)
  if fn == "find" then return string.find(s, p, a, b) end
  if fn == "match" then return string.match(s, p, a) end
  if fn == "gmatch" then
    local all = {}
    for x, y in string.gmatch(s, p, a) do all[#all + 1] = tostring(x) .. "|" .. tostring(y) end
    return table.concat(all, ",")
  end
  local r = a
  if r == "TABLE" then r = {hello = "HI", world = false} elseif r == "FUNCTION" then
    r = function(w) if w == "world" then return nil end return w:upper() end
  end
  return string.gsub(s, p, r or "", b)
end
local lines = {}
for i, c in ipairs(cases) do
  local r = table.pack(pcall(call, c[1], c[2], c[3], c[4], c[5]))
  local expect
  if not r[1] then
    expect = "{err = true}"
  else
    local vals = {}
    for k = 2, r.n do vals[#vals + 1] = q(r[k]) end
    expect = string.format("{n = %d, %s}", r.n - 1, table.concat(vals, ", "))
  end
  lines[i] = string.format("{%s, %s, %s, %s, %s, %s},", q(c[1]), q(c[2]), q(c[3]), q(c[4]),
    q(c[5]), expect)
end

local pack = [[
local CASES = {
]] .. table.concat(lines, "\n") .. [[

}
local function call(fn, s, p, a, b)
  if fn == "find" then return string.find(s, p, a, b) end
  if fn == "match" then return string.match(s, p, a) end
  if fn == "gmatch" then
    local all = {}
    for x, y in string.gmatch(s, p, a) do all[#all + 1] = tostring(x) .. "|" .. tostring(y) end
    return table.concat(all, ",")
  end
  local r = a
  if r == "TABLE" then r = {hello = "HI", world = false} elseif r == "FUNCTION" then
    r = function(w) if w == "world" then return nil end return w:upper() end
  end
  return string.gsub(s, p, r or "", b)
end
qufa.standard{code = "SAME", title = "模式", effective = "2017-01-01", clauses = {{number = "1",
  type = "应", text = "same", require = qufa.check{subject = "org", fn = function()
    local n = 0
    for _, c in ipairs(CASES) do
      local r = table.pack(pcall(call, c[1], c[2], c[3], c[4], c[5]))
      local e = c[6]
      local same = (not r[1]) == (e.err == true)
      if same and r[1] then
        same = r.n - 1 == e.n
        for k = 1, e.n do same = same and r[k + 1] == e[k] end
      end
      if not same then
        local got = {}
        for k = 2, r.n do got[#got + 1] = tostring(r[k]) end
        return false, string.format("%s(%q, %q, %s, %s): got %s", c[1], c[2], c[3],
          tostring(c[4]), tostring(c[5]), (r[1] and "" or "error ") .. table.concat(got, ", "))
      end
      n = n + 1
    end
    return true, n .. " cases"
  end}}}}
]]
db:load_standards{text = pack, name = "pattern_same.lua"}
db:add_org{kind = "branch", code = "b1", name = "一支部"}
local found = 0
for f in db:check{org = "b1", period = "2017", standard = "SAME"}:findings{} do
  found = found + 1
  t.eq(f.status, "pass", f.message)
  t.eq(f.message, #cases .. " cases", "every case compared")
end
t.eq(found, 1, "the finding")

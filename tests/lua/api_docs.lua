-- Every function of the module and every method of the handle and of each record type is
-- documented in docs/lua-api.md and declared in lua/qufa.d.lua (run by stock lua5.4:
-- arg[1] = tests/lua/lib, arg[2] = the source tree).
package.path = arg[1] .. "/?.lua;" .. package.path
local t = require "t"
local qufa = require "qufa"
local root = arg[2]

local function read(path)
  local f = assert(io.open(root .. "/" .. path, "r"))
  local s = f:read("a")
  f:close()
  return s
end
local doc, defs = read("docs/lua-api.md"), read("lua/qufa.d.lua")

local missing = {}
-- `what` followed by "(" or, for a table argument, "{"
local function need(text, where, what)
  if not text:find(what .. "(", 1, true) and not text:find(what .. "{", 1, true) then
    missing[#missing + 1] = where .. ": " .. what
  end
end

for name, v in pairs(qufa) do
  -- _pack_begin, _find_fn …: the loader's internals, not API
  if type(v) == "function" and not name:match("^_%a") then
    need(doc, "docs/lua-api.md", "qufa." .. name)
    need(defs, "lua/qufa.d.lua", "function qufa." .. name)
  end
end

local db <close> = qufa.open(":memory:")
-- the metatables are locked against restricted code; the debug library sees through
local function methods(v) return debug.getmetatable(v).__index end
for name in pairs(methods(db)) do
  need(doc, "docs/lua-api.md", "db:" .. name)
  need(defs, "lua/qufa.d.lua", "function db:" .. name)
end
local c = db:add_org{kind = "committee", code = "c", name = "c"}
local m = db:add_member{name = "m", org = c}
local records = {
  org = c,
  member = m,
  position = db:appoint{member = m, org = c, post = "secretary"},
  transfer = db:add_transfer{member = m, org = c, direction = "in", letter_date = "2017-01-01"},
  case = (function()
    db:flow_load{name = "p.lua", source = 'qufa.procedure{code = "p", title = "P", subject = '
      .. '"org", steps = {{code = "a", title = "A"}}}'}
    return db:flow_start{procedure = "p", org = c}
  end)(),
}
records.activity = db:add_activity{org = c, kind = "lecture", title = "t", starts_at = "2017-01-01"}
records.artifact = records.activity:add_artifact{type = "notice"}
for type_name, rec in pairs(records) do
  for name in pairs(methods(rec)) do
    need(doc, "docs/lua-api.md", type_name .. ":" .. name)
    need(defs, "lua/qufa.d.lua", "function " .. type_name .. ":" .. name)
  end
end
table.sort(missing)
t.eq(#missing, 0, "undocumented functions:\n  " .. table.concat(missing, "\n  "))
print("api_docs: ok")

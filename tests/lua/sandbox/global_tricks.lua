-- expect: ok
-- The tricks of Redis's "Try trick global protection" and "readonly table" tests, on qufa's
-- sandbox: metatables of _G, of the libraries, of `qufa`, of `db` and of records cannot be
-- read or replaced, and neither can what they hold.
local function fails(needle, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok and tostring(err):find(needle, 1, true), needle .. ": got " .. tostring(err))
end
fails("cannot change a protected metatable", setmetatable, _G, {})
fails("attempt to index a string value", function() getmetatable(_G).__index = {} end)
fails("attempt to index a string value", function() getmetatable(_G).__newindex = nil end)
fails("protected global 'qufa'", function() qufa = {} end)
fails("cannot assign to qufa.date", function() qufa.date = function() return "2099-01-01" end end)
fails("cannot assign to qufa", function() table.insert(qufa, 1) end)
fails("cannot assign to math.pi", function() math.pi = 3 end)
fails("cannot assign to coroutine", function() table.move({1}, 1, 1, 1, coroutine) end)
assert(qufa.date("2017-05-10") == "2017-05-10")
-- the database handle: a locked userdata
assert(getmetatable(db) == "qufa.db")
fails("attempt to index a qufa.db value", function() db.add_org = nil end)
fails("table expected, got qufa.db", setmetatable, db, {})
-- records are plain tables with a locked metatable: editing one changes nothing stored
local jg = db:org("jg")
assert(getmetatable(jg) == "qufa.org")
fails("cannot change a protected metatable", setmetatable, jg, {})
jg.name = "改名"
assert(db:org("jg").name == "机关党委")
fails("read-only here", function() jg:update{name = "改名"} end)
-- a chunk's own environment reaches nothing more than the sandbox's
local f = load("local _ENV = {print = print}; return print, string, db")
local p, s, d = f()
assert(p ~= nil and s == nil and d == nil)
-- reading an undeclared global is nil (Redis raises there); assigning one makes it
assert(_ENV["undeclared_" .. "global"] == nil)
print("ok")

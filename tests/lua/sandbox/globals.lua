-- expect: ok
-- The allow-list: nothing that reaches files, processes, bytecode or the real globals.
local function check(cond, what) if not cond then error("escape possible: " .. what, 2) end end
local function fails(needle, f, ...)
  local ok, err = pcall(f, ...)
  check(not ok, needle .. " (call succeeded)")
  check(tostring(err):find(needle, 1, true), needle .. " (got: " .. tostring(err) .. ")")
end

for _, name in ipairs({"io", "os", "require", "dofile", "loadfile", "debug", "collectgarbage",
                       "package", "rawset", "loadstring", "setfenv", "getfenv", "module"}) do
  check(_G[name] == nil, name .. " is reachable")
  check(_ENV[name] == nil, name .. " is reachable through _ENV")
end
check(string.dump == nil, "string.dump")
check(string.pack == nil, "string.pack")
check(_G == _ENV, "_G is the sandbox")

-- write-protected globals and library tables
fails("protected global 'string'", function() string = {} end)
fails("protected global 'pcall'", function() _G.pcall = print end)
fails("protected global 'db'", function() db = nil end)
fails("string.rep: it is read-only", function() string.rep = nil end)
fails("table.insert: it is read-only", function() table.insert = nil end)
fails("cannot change a protected metatable", setmetatable, _G, nil)
check(getmetatable(_G) == "sandbox", "env metatable locked")
my_global = 1 -- a script may create its own globals
check(my_global == 1, "own globals")
-- pairs over a library hands out values, never the underlying table
local n = 0
for k, v in pairs(string) do n = n + 1; check(type(v) == "function", k) end
check(n > 5, "pairs(string) works")

-- the string metatable is locked and points at the filtered table
check(getmetatable("") == "string", "string metatable locked")
check(("x").dump == nil, "(''):dump")
fails("exceed", function() return ("x"):rep(1 << 40) end)
fails("table expected", setmetatable, "", {})

-- load: text only, into the sandbox
fails("only text chunks", load, "return 1", "x", "b")
local bytecode = "\27Lua\84\0\25\147\13\10\26\10\4\8\8\120\86\0\0\0\0\0\0\0\0\0\0\0\40\119\64"
local f, err = load(bytecode)
check(f == nil and tostring(err):find("binary", 1, true), "binary chunk loaded: " .. tostring(err))
check(load("return io")() == nil, "load sees the real globals")
check(load("return string.dump")() == nil, "load sees the real string table")
check(load("x_from_load = 1") ~= nil, "text chunks load")

-- coroutines do not escape either
check(coroutine.wrap(function() return io end)() == nil, "coroutine sees io")

-- records and the handle do not expose their method tables
check(getmetatable(db) == "qufa.db", "db metatable locked")
local jg = db:org("jg")
check(getmetatable(jg) == "qufa.org", "record metatable locked")
check(qufa.open == nil, "qufa.open")
check(qufa.set_language == nil, "qufa.set_language")
fails("qufa.open: it is read-only", function() qufa.open = 1 end)

-- the database is read-only
fails("read-only", db.add_org, db, {kind = "committee", code = "x", name = "x"})
fails("read-only", jg.update, jg, {name = "x"})
fails("read-only", jg.delete, jg)
fails("read-only", db.set_today, db, "2017-01-01")
fails("read-only", db.transaction, db, function() end)
fails("read-only", db.define_kind, db, "post", "x", "x")
fails("belongs to the qufa host", db.close, db)
local count = 0
for _o in db:orgs() do count = count + 1 end
check(count == 1, "reading works")
check(db:audit_verify(), "audit readable")

-- __gc metamethods are refused (they would run where no limit applies)
fails("__gc metamethods are not allowed", setmetatable, {}, {__gc = function() end})
print("ok")

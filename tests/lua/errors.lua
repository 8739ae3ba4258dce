-- Errors raised by qufa are objects with a code a script can act on (docs/lua-api.md, Errors),
-- and still read like their message text.
local t = require "t"

local b = db:add_org{kind = "branch", code = "gy1", name = "支部"}
local ok, err = pcall(function()
  return db:add_org{kind = "branch", code = "gy1", name = "again"} -- line 7
end)
t.ok(not ok, "a second org with the same code is refused")
t.eq(type(err), "table", "the error is an object")
t.eq(err.code, "exists", "its code")
t.ok(err.message:find("errors.lua:7:", 1, true), "its message names the script and line: " .. err.message)
t.eq(tostring(err), err.message, "tostring gives the message")
t.ok(err:find("gy1", 1, true), "string methods work on it")
t.eq(("x: " .. err):sub(1, 3), "x: ", "it concatenates")
t.eq(string.format("%s", err), err.message, "string.format %s")
t.eq(getmetatable(err), "qufa.error", "its metatable is protected and named")

ok, err = pcall(db.add_member, db, {name = "张三", status = "full", since = "2017-02-30", org = b})
t.ok(not ok and err.code == "invalid", "a bad date: " .. tostring(err))

ok, err = pcall(db.add_member, db, {name = "张三", status = "full", since = "2017-01-01", org = 999})
t.ok(not ok and (err.code == "not_found" or err.code == "invalid"),
  "an org that does not exist: " .. tostring(err))

ok, err = pcall(db.add_member, db, {name = "张三", status = "full", since = "2017-01-01", org = b,
  colour = "red"})
t.ok(not ok and err.code == "invalid", "an unknown field")
t.ok(err:find("colour", 1, true), "named in the message")

-- a closed database
local other = qufa.open(":memory:")
other:close()
ok, err = pcall(other.orgs, other)
t.ok(not ok and err.code == "invalid", "a closed database: " .. tostring(err))

-- rethrown, it is the same object
ok, err = pcall(function()
  local ok2, e2 = pcall(db.add_org, db, {kind = "branch", code = "gy1", name = "again"})
  assert(not ok2)
  error(e2, 0)
end)
t.ok(not ok and err.code == "exists", "rethrown with error(e, 0)")

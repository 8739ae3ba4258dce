-- The module loaded by stock lua5.4 (LUA_CPATH points at build/lua/?.so): open, write,
-- iterate, close, and a clear error after close.
package.path = arg[1] .. "/?.lua;" .. package.path
local t = require "t"
local qufa = require "qufa"
local path = os.tmpname()
os.remove(path)
t.fails("does not exist", qufa.open, path)
t.fails("open: unknown field 'craete'", qufa.open, path, {craete = true})
do
  local db <close> = qufa.open(path, {today = "2017-09-05", actor = "张书记", create = true})
  t.eq(db:path(), path, "path")
  t.eq(db:actor(), "张书记", "actor")
  local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
  db:add_org{kind = "branch", code = "gy1", name = "支部", parent = jg}
  local n = 0
  for _o in db:orgs() do n = n + 1 end
  t.eq(n, 2, "orgs")
  local verified, report = db:audit_verify()
  t.eq(verified, true, "audit verifies")
  t.ok(report.entries > 0 and report.seals >= 2, "entries and seals counted")
  -- an iterator left open when the handle closes is closed with it
  local f, s, c = db:orgs()
  f(s, c)
  db:close()
  t.fails("closed while iterating", f, s, c)
  t.fails("the database is closed", db.today, db)
  db:close() -- closing twice is harmless
end
local db = qufa.open(path, {readonly = true})
t.eq(db:org("gy1").name, "支部", "data persisted")
t.fails("read-only", db.add_org, db, {kind = "branch", code = "x", name = "x"})
db:close()
collectgarbage()
os.remove(path)
os.remove(path .. "-wal")
os.remove(path .. "-shm")
print("stock_lua: ok")

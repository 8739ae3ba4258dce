-- Records, methods, iterators, errors and transactions of the qufa module (run by the host
-- with a fresh database, today 2017-09-05).
local t = require "t"

-- orgs: tables in, records out; parent accepts a record, an id or a code
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
t.eq(math.type(jg.id), "integer", "id type")
t.eq(jg.kind, "committee", "kind")
t.eq(jg.parent_id, nil, "root has no parent")
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg,
  attrs = {floor = 3, tags = {"a", "b"}, nested = {ok = true}}}
t.eq(b.parent_id, jg.id, "parent from record")
t.eq(b.attrs.floor, 3, "attrs integer")
t.eq(b.attrs.tags[2], "b", "attrs list")
t.eq(b.attrs.nested.ok, true, "attrs nested")
local g1 = db:add_org{kind = "group", code = "g1", name = "第一党小组", parent = "gy1"}
local g2 = db:add_org{kind = "group", code = "g2", name = "第二党小组", parent = b.id}
t.eq(g1.parent_id, b.id, "parent from code")
t.eq(g2.parent_id, b.id, "parent from id")
t.eq(tostring(b), "org #" .. b.id .. " gy1 工业标准一部党支部", "tostring")
t.eq(getmetatable(b), "qufa.org", "record metatable is locked")

-- lookups: record or nil
t.eq(db:org("gy1").id, b.id, "org by code")
t.eq(db:org(b.id).code, "gy1", "org by id")
t.eq(db:org(b).code, "gy1", "org by record")
t.eq(db:org("nope"), nil, "unknown code is nil")
t.eq(db:org(9999), nil, "unknown id is nil")
t.eq(b:parent().code, "jg", "parent()")

-- iterators stream in tree order; filters by under/parent/kind
local codes = {}
for o in db:orgs() do codes[#codes + 1] = o.code end
t.eq(table.concat(codes, ","), "jg,gy1,g1,g2", "tree order")
local n = 0
for o in db:orgs{under = b, kind = "group"} do n = n + 1; t.eq(o.kind, "group", "kind filter") end
t.eq(n, 2, "groups under the branch")
t.eq(qufa.count(b:children()), 2, "children")
t.eq(#qufa.list(db:orgs{parent = jg}), 1, "parent filter")
-- break closes the iterator at once (the 4th value is a to-be-closed closer)
for o in db:orgs() do if o.code == "jg" then break end end
local f, s, c
do
  local closer
  f, s, c, closer = db:orgs()
  local _closing <close> = closer
  t.eq(type(f), "function", "iterator function")
  t.ok(closer ~= nil, "closing value")
  t.ok(f(s, c) ~= nil, "first row")
end
t.eq(f(s, c), nil, "a closed iterator ends")

-- update changes the given fields and refreshes the record in place
b:update{name = "工业标准一部党支部（新）", attrs = {floor = 4}}
t.eq(b.name, "工业标准一部党支部（新）", "updated name")
t.eq(b.attrs.floor, 4, "updated attrs")
t.eq(b.attrs.tags, nil, "attrs replaced as a whole")
t.eq(db:org("gy1").name, b.name, "update stored")
t.eq(b.code, "gy1", "untouched field kept")

-- errors name the function and field; unknown fields are caught
t.fails("add_org: unknown field 'nmae'", db.add_org, db, {kind = "branch", code = "x", nmae = "y"})
t.fails("add_org: field 'name' must be a string", db.add_org, db, {kind = "branch", code = "x", name = 5})
t.fails("add_org: field 'kind' is required", db.add_org, db, {code = "x", name = "y"})
t.fails("org kind 'brunch' is unknown", db.add_org, db, {kind = "brunch", code = "x", name = "y"})
t.fails("already taken", db.add_org, db, {kind = "branch", code = "gy1", name = "dup", parent = jg})
t.fails("field 'parent': org nope does not exist", db.add_org, db,
  {kind = "branch", code = "x", name = "y", parent = "nope"})
t.fails("parent org 999 does not exist", db.add_org, db,
  {kind = "branch", code = "x", name = "y", parent = 999})
t.fails("must be a org record, id or code", db.add_org, db,
  {kind = "branch", code = "x", name = "y", parent = true})
t.fails("a party group needs a parent branch", db.add_org, db, {kind = "group", code = "x", name = "y"})
t.fails("field 'attrs': numbers must be finite", db.add_org, db,
  {kind = "branch", code = "x", name = "y", parent = jg, attrs = {v = 0 / 0}})
local cyc = {}
cyc.self = cyc
t.fails("nested too deeply", db.add_org, db, {kind = "branch", code = "x", name = "y", parent = jg, attrs = cyc})
t.fails("not a list", db.add_org, db, {kind = "branch", code = "x", name = "y", parent = jg, attrs = {1, 2}})
t.fails("still has", g1.delete, db:org("gy1"))
t.fails("expected a org record", b.update, {}, {name = "x"})

-- delete removes the row and the record loses its id
local tmp = db:add_org{kind = "branch", code = "tmp", name = "临时", parent = jg}
tmp:delete()
t.eq(tmp.id, nil, "deleted record has no id")
t.eq(db:org("tmp"), nil, "deleted")
t.fails("has no id", tmp.update, tmp, {name = "x"})

-- transactions: commit on return, roll back and re-raise on error, nest
local r1, r2 = db:transaction(function(x) return x, "two" end, "one")
t.eq(r1, "one", "transaction passes arguments and results")
t.eq(r2, "two", "second result")
local err = t.fails("boom", db.transaction, db, function()
  db:add_org{kind = "branch", code = "rolled", name = "回滚", parent = jg}
  error("boom")
end)
t.ok(err:find("records.lua:%d+: boom"), "error keeps its position: " .. err)
t.eq(db:org("rolled"), nil, "rolled back")
db:transaction(function()
  db:add_org{kind = "branch", code = "outer", name = "外", parent = jg}
  pcall(db.transaction, db, function()
    db:add_org{kind = "branch", code = "inner", name = "内", parent = jg}
    error("inner fails")
  end)
end)
t.ok(db:org("outer"), "outer kept")
t.eq(db:org("inner"), nil, "inner rolled back alone")

-- vocabulary
db:define_kind("activity_kind", "reading_club", "读书会", "reading club")
local found = false
for term in db:vocab("activity_kind") do
  if term.code == "reading_club" then found = term.label_zh == "读书会" and not term.builtin end
end
t.ok(found, "defined kind listed")
t.fails("built in", db.define_kind, db, "post", "secretary", "x")
t.eq(db:check_term("post", "secretary"), true, "known term")
local ok, msg = db:check_term("activity_kind", "lectrue")
t.eq(ok, false, "typo is not a term")
t.ok(msg:find("lecture", 1, true), "message lists the choices")

-- audit
-- the script is one transaction: its entries are sealed only when it commits
t.fails("cannot verify inside a transaction", db.audit_verify, db)
local actions = {}
for e in db:audit{table = "org", row = b.id} do actions[#actions + 1] = e.action end
t.eq(table.concat(actions, ","), "insert,update", "audit entries for a row")
for e in db:audit{table = "org", row = b.id, limit = 1} do
  t.eq(e.after.code, "gy1", "after image decoded")
  t.eq(e.actor, "tester", "actor recorded")
end

-- the handle
t.eq(db:today(), "2017-09-05", "today from --today")
db:set_today("2018-01-01")
t.eq(db:today(), "2018-01-01", "set_today")
t.fails("no day 30", db.set_today, db, "2017-02-30")
t.eq(db:actor(), "tester", "actor from --as")
t.fails("belongs to the qufa host", db.close, db)
t.eq(getmetatable(db), "qufa.db", "handle metatable is locked")
print("records: ok")

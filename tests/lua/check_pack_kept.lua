-- A pack's text is compiled once per process and later check runs load its bytecode (and
-- every sandbox loads the embedded sources from theirs: lua/l_chunk.c). What a check function
-- says must not depend on which: the same findings, and an error naming the same chunk and
-- line, on the first run and on the runs after it; a pack loaded again with other text under
-- the same name is compiled afresh, never run from the old bytecode, and its standard's new
-- definition is read, never the one parsed before (core/src/base/json_kept.c).
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "b1", name = "一支部", parent = jg}
db:add_activity{org = b, kind = "theme_day", title = "主题党日", starts_at = "2016-03-01 09:00"}

local path = os.tmpname()
local function load_pack(said)
  local f = assert(io.open(path, "w"))
  f:write(([[
qufa.system{code = "s", title = "s"}
qufa.standard{code = "D", title = "日", system = "s", effective = "2015-01-01", clauses = {
  {number = "1", type = "应", text = "%s。",
   require = qufa.check{subject = "activity", activity = "theme_day",
     fn = function(a, ctx) return true, "%s " .. a.title end}},
  {number = "2", type = "应", text = "错。",
   require = qufa.check{subject = "activity", activity = "theme_day",
     fn = function(a, ctx)
       error("on purpose")
     end}}}}
]]):format(said, said))
  f:close()
  db:load_standards(path)
end

local function findings()
  local got = {}
  for x in db:check_each{org = "b1", period = "2016"} do
    got[x.clause] = x.status .. "|" .. x.message
    got[x.clause .. "text"] = x.clause_text
  end
  return got
end

load_pack("said")
local first = findings()
t.eq(first["1"], "pass|said 主题党日", "the first run's finding")
t.eq(first["1text"], "said。", "its clause's text")
t.ok(first["2"]:match("^error|.*:9: on purpose"), "the error names line 9: " .. first["2"])
for run = 2, 3 do
  local again = findings()
  t.eq(again["1"], first["1"], "run " .. run .. ": the same finding")
  t.eq(again["1text"], "said。", "run " .. run .. ": the same clause text")
  t.eq(again["2"], first["2"], "run " .. run .. ": the same error, chunk and line")
end

-- the same name, another text: what the new text says
load_pack("told")
local changed = findings()
t.eq(changed["1"], "pass|told 主题党日", "the changed pack's own finding")
t.eq(changed["1text"], "told。", "the changed definition's clause text")
t.eq(changed["2"], first["2"], "its error still on line 9")

-- a pack the embedded DSL refuses: the message names the pack's line, as it did when the DSL
-- was parsed from its text
local bad = os.tmpname()
local f = assert(io.open(bad, "w"))
f:write([[
qufa.system{code = "s2", title = "s"}
qufa.standard{code = "E", title = "E", system = "s2", effective = "2015-01-01", clauses = {
  {number = "1", type = "应", text = "日。", require = qufa.check{subject = "activity", fn = 3}}}}
]])
f:close()
for _ = 1, 2 do
  local ok, err = pcall(db.load_standards, db, bad)
  t.ok(not ok, "refused")
  t.ok(tostring(err):match(":3: qufa.check: needs fn"), "names line 3: " .. tostring(err))
end
os.remove(bad)
os.remove(path)

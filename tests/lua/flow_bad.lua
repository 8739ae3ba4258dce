-- Bad procedure files are refused with a message naming the procedure, step and field, and
-- nothing of them is stored; procedure code runs restricted.
local t = require "t"

local function load(src) return db:flow_load{source = src, name = "bad.lua"} end
local function refused(needle, src)
  t.fails(needle, load, src)
end
local ok_step = '{code = "a", title = "第一步"}'
local function proc(body) return 'qufa.procedure{code = "p", title = "流程", ' .. body .. '}' end

refused("bad.lua declares no procedure (call qufa.procedure{…} in it)", "local x = 1")
refused('bad.lua:1: ', "qufa.procedure{")                                  -- syntax error
refused("procedure p: field 'title' is required", 'qufa.procedure{code = "p", steps = {'
  .. ok_step .. '}}')
refused("procedure p: steps must be a non-empty list", proc("steps = {}"))
refused("procedure p: subject must be \"member\", \"org\" or \"none\"",
  proc('subject = "people", steps = {' .. ok_step .. '}'))
refused("procedure p: step a: next #1: there is no step b",
  proc('steps = {{code = "a", title = "A", next = "b"}}'))
refused("procedure p: steps a → b → a form a cycle; if the case may really go back, mark the "
  .. "transition b → a with again = true",
  proc('steps = {{code = "a", title = "A"}, {code = "b", title = "B", next = {"a", "c"}}, '
  .. '{code = "c", title = "C"}}'))
refused("procedure p: step a: field 'title' must be a string",
  proc('steps = {{code = "a", title = 42}}'))
refused("procedure p: step a: deadline #1: within: must be a duration such as",
  proc('steps = {{code = "a", title = "A", deadlines = {{within = 30}}}}'))
refused("procedure p: step a: unknown field 'deadline' (expected: code, title, stage",
  proc('steps = {{code = "a", title = "A", deadline = {{within = "1m"}}}}'))
refused("procedure p: step a: guard must be a Lua function",
  proc('steps = {{code = "a", title = "A", guard = "c.ok"}}'))
refused("procedure p: steps.1.doc cannot be a function",
  proc('steps = {{code = "a", title = "A", doc = function() end}}'))
refused("procedure p: step a: field n: type must be one of date, integer",
  proc('steps = {{code = "a", title = "A", fields = {n = "count"}}}'))
refused("bad.lua declares procedure p twice", proc('steps = {' .. ok_step .. '}') .. "\n"
  .. proc('steps = {' .. ok_step .. '}'))
-- restricted: no io, os or require in a procedure file
refused("attempt to index a nil value (global 'io')", 'io.open("/etc/passwd")')
refused("attempt to call a nil value (global 'require')", 'require "os"')
-- all or nothing: the good procedure before a bad one is not stored either
refused("procedure q: field 'title' is required", proc('steps = {' .. ok_step .. '}')
  .. '\nqufa.procedure{code = "q", steps = {' .. ok_step .. '}}')
t.eq(db:procedure("p"), nil, "nothing stored")
-- outside a procedure file qufa.procedure says where it belongs
t.fails("qufa.procedure declares a procedure in a file loaded with 'qufa flow load FILE'",
  qufa.procedure, {code = "x"})

-- a guard that raises refuses the step with its message; the stored source is checked
db:add_org{kind = "branch", code = "b1", name = "一支部"}
load(proc('version = "1", steps = {{code = "a", title = "A", guard = function(c) '
  .. 'return c.fields.n > 1 end, fields = {n = {type = "integer", required = false}}}, '
  .. '{code = "b", title = "B", on_complete = function(c) c.db:add_org{kind = "group", '
  .. 'code = "g" .. c.case.id, name = "组", parent = c.case.org_id} end}}'))
local c = db:flow_start{procedure = "p", org = "b1"}
t.fails("case 1 (p): step a: guard failed: bad.lua:1: attempt to compare number with nil",
  c.advance, c, {step = "a"})
t.fails("step a (A) cannot be completed: (the guard gave no reason)", c.advance, c,
  {step = "a", fields = {n = 0}})
c:advance{step = "a", fields = {n = "2"}}
t.eq(c.step, "b", "advanced with a command-line number")
-- on_complete writes inside the advance; an error there undoes it all
c:advance{step = "b"}
t.eq(db:org("g1").name, "组", "on_complete wrote")
t.eq(c.state, "completed", "completed")

-- an error in on_complete undoes everything of the advance: its own writes, the evidence
-- stored from files, the transition
db:flow_load{name = "undo.lua", source = 'qufa.procedure{code = "undo", title = "撤销测试", '
  .. 'steps = {{code = "a", title = "A", artifacts = "report", on_complete = function(c) '
  .. 'c.db:add_org{kind = "group", code = "tmp", name = "临时", parent = c.case.org_id} '
  .. 'error("上级党委尚未批复") end}, {code = "b", title = "B"}}}'}
c = db:flow_start{procedure = "undo", org = "b1"}
local path = os.tmpname()
local fh = assert(io.open(path, "w"))
fh:write("报告")
fh:close()
local before = qufa.count(db:audit{})
t.fails("case 2 (undo): step a: on_complete failed: undo.lua:1: 上级党委尚未批复", c.advance, c,
  {step = "a", files = {path}})
t.eq(db:org("tmp"), nil, "the org on_complete wrote is gone")
t.eq(qufa.count(db:artifacts{type = "report"}), 0, "the stored evidence is gone")
t.eq(c:refresh().step, "a", "still at the step")
t.eq(qufa.count(db:audit{}), before, "not a row written")
-- an artifact record stored beforehand is evidence as well
local rep = db:add_artifact{org = "b1", type = "report", title = "报告", content = "报告"}
t.fails("上级党委尚未批复", c.advance, c, {step = "a", artifacts = {rep}})
os.remove(path)

-- an on_complete that advances its own case again and again is stopped, not left to recurse
db:flow_load{name = "loop.lua", source = 'qufa.procedure{code = "loop", title = "循环", '
  .. 'steps = {{code = "a", title = "A", on_complete = function(c) c.case:advance{step = "a", '
  .. 'to = "a"} end, next = {{to = "a", again = true}, "b"}}, {code = "b", title = "B"}}}'}
c = db:flow_start{procedure = "loop", org = "b1"}
t.fails("advance: procedures nested 8 deep inside each other's functions; refused", c.advance, c,
  {step = "a", to = "a"})
t.eq(c:refresh().step, "a", "nothing of it kept")
local n_events = qufa.count(c:history())
t.eq(n_events, 1, "only the start")

-- a guard may not write: its database is read-only
load(proc('version = "2", steps = {{code = "a", title = "A", guard = function(c) '
  .. 'c.db:add_org{kind = "branch", code = "x", name = "x"} return true end}}'))
c = db:flow_start{procedure = "p", org = "b1"}
t.eq(c.rev, 2, "the new revision")
t.fails("add_org: the database is read-only here", c.advance, c, {step = "a"})
t.eq(db:org("x"), nil, "nothing written")

-- a declaration that depends on the data no longer reproduces its stored definition: refused
db:flow_load{name = "moving.lua", source = 'qufa.procedure{code = "moving", title = "流程" .. '
  .. 'db:count_members{}, steps = {{code = "a", title = "A", guard = function() return true end}}}'}
c = db:flow_start{procedure = "moving", org = "b1"}
db:add_member{name = "新人", org = "b1"}
t.fails("procedure moving revision 1: its stored source moving.lua now gives a different "
  .. "definition", c.advance, c, {step = "a"})
print("flow_bad: ok")

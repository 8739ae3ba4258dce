-- Helpers for the procedure tests: the source tree, a small branch, evidence files, and a
-- driver that completes steps and checks where the case went.
local t = require "t"
local kit = {}

--- The source tree (tests/lua/NAME.lua is arg[0]).
kit.root = arg[0]:match("^(.*)/tests/lua/[^/]+$") or "."

function kit.workflow(name)
  return kit.root .. "/scripts/workflows/" .. name .. ".lua"
end

--- committee jg > branch gy1 > group gy1-g1, and six full members who vote.
function kit.branch(db)
  db:add_org{kind = "committee", code = "jg", name = "机关党委"}
  db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = "jg"}
  db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = "gy1"}
  local full = {}
  for i, name in ipairs{"赵一", "钱二", "孙三", "李四", "周五", "吴六"} do
    full[i] = db:add_member{name = name, code = "F" .. i, status = "full", since = "2000-07-01",
      org = "gy1"}
  end
  return full
end

local files = {}
--- A file to give as evidence (its content names it).
function kit.file(label)
  if not files[label] then
    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write(label, "\n")
    f:close()
    files[label] = path
  end
  return files[label]
end

function kit.cleanup()
  for _, path in pairs(files) do os.remove(path) end
end

--- Completes each {step, date=, fields=, files=, to=} in turn (today moves on to the date) and
--- checks that the case is then at the next row's step; a last row without a date only says
--- where the case must be (or `expect` = nil: it has ended).
function kit.walk(db, case, rows)
  for i, r in ipairs(rows) do
    if not r.date then break end
    if r.date > db:today() then db:set_today(r.date) end
    local ev = {}
    for _, ty in ipairs(r.files or {}) do ev[#ev + 1] = ty .. "=" .. kit.file(ty) end
    case:advance{step = r[1], date = r.date, fields = r.fields, files = ev, to = r.to}
    local want = rows[i + 1] and rows[i + 1][1] or r.expect
    t.eq(case.step, want, "after " .. r[1] .. " the case is at")
  end
  return case
end

return kit

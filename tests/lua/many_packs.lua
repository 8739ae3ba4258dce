-- A check whose branches each have a pack of their own with a check function: more packs than
-- the sandboxes a run keeps alive (32). Every function still judges (none becomes an error),
-- the least recently used sandbox being closed and made again.
local t = require "t"

local dir = os.getenv("TMPDIR") or "/tmp"
local N = 40
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local files = {}
for i = 1, N do
  local code = string.format("b%02d", i)
  local b = db:add_org{kind = "branch", code = code, name = "支部" .. i, parent = jg}
  db:add_activity{org = b, kind = "theme_day", title = "主题党日" .. i,
    starts_at = "2017-03-10 09:00", topic = i % 2 == 0 and "主题" .. i or nil}
  local path = string.format("%s/qufa-many-packs-%d-%s.lua", dir, i, tostring(os.time()))
  local f = assert(io.open(path, "w"))
  f:write(string.format([[
qufa.standard{code = "OWN-%s", title = "支部%d的主题党日", origin = "branch", org = "%s",
  effective = "2017-01-01", clauses = {
    {number = "1", type = "应", text = "主题党日应确定主题。",
     require = qufa.check{subject = "activity", activity = "theme_day",
       fn = function(a) return a.topic ~= nil, a.topic or "未确定主题" end}}}}
]], code, i, code))
  f:close()
  files[#files + 1] = path
end
for _i, path in ipairs(files) do db:load_standards(path) end
for _i, path in ipairs(files) do os.remove(path) end

local r = db:check{period = "2017-03"}
local s = r:summary()
t.eq(s.error, 0, "no check function became an error")
t.eq(s.pass, N // 2, "the branches whose theme day has a topic pass")
t.eq(s.fail, N // 2, "the others fail")
-- judged twice in one run (a branch's pack used again after others): still no error
local again = db:check{period = "2017-03"}
t.eq(again:summary().error, 0, "a second run")

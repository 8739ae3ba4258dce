-- A check function's message is text from a shared pack: it is cut at a character (never
-- inside one), invalid UTF-8 becomes U+FFFD and control characters their escapes, so it can
-- neither break the JSON nor drive a terminal.
local t = require "t"

local b = db:add_org{kind = "branch", code = "gy1", name = "支部"}
db:add_activity{org = b, kind = "theme_day", title = "主题党日", starts_at = "2017-03-10 09:00"}
local dir = os.getenv("TMPDIR") or "/tmp"
local path = dir .. "/qufa-check-messages-" .. tostring(os.time()) .. ".lua"
local f = assert(io.open(path, "w"))
f:write([[
qufa.standard{code = "MSG", title = "消息", origin = "branch", org = "gy1",
  effective = "2017-01-01", clauses = {
    {number = "1", type = "应", text = "控制字符。",
     require = qufa.check{subject = "activity", activity = "theme_day",
       fn = function() return false, "\27[2J\27[31m红\7" .. "\255\254" .. "x" end}},
    {number = "2", type = "应", text = "很长的消息。",
     require = qufa.check{subject = "activity", activity = "theme_day",
       fn = function() return false, "a" .. string.rep("汉", 300) end}}}}
]])
f:close()
db:load_standards(path)
os.remove(path)

local r = db:check{period = "2017-03"}
local msgs = {}
for x in r:findings() do msgs[x.clause] = x.message end
local m1, m2 = msgs["1"], msgs["2"]
t.ok(not m1:find("\27", 1, true), "no escape character left: " .. m1)
t.ok(not m1:find("\7", 1, true), "no bell")
t.ok(m1:find("\\x1b[2J", 1, true), "the escape shown as text: " .. m1)
t.ok(m1:find("红", 1, true), "the text around it kept")
t.ok(m1:find("\239\191\189", 1, true), "invalid bytes shown as U+FFFD")
t.ok(utf8.len(m1) ~= nil, "valid UTF-8")
t.ok(utf8.len(m2) ~= nil, "a long message cut at a character is valid UTF-8")
t.ok(#m2 <= 511 and #m2 >= 500, "cut near the limit, not dropped: " .. #m2)
t.ok(m2:sub(-3) == "汉", "the last character is whole")
-- and the JSON carries both messages
local json = r:json()
t.ok(json:find("\\\\x1b[2J", 1, true), "JSON has the escaped message")
t.ok(json:find(string.rep("汉", 20), 1, true), "JSON has the long message")

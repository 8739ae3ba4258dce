-- artifacts.lua: the notices and minutes of the reading sessions (qufa run artifacts.lua)
local function session(title)
  for a in db:activities{org = "zb1", kind = "reading_session"} do
    if a.title == title then return a end
  end
  error("no reading session " .. title)
end
local function add(title, type, issued_at)
  session(title):add_artifact{type = type, title = title .. (type == "notice" and "通知" or "记录"),
    issued_at = issued_at, content = title .. " " .. type, mime = "text/plain"}
end
add("第一期读书班", "notice", "2025-03-08 09:00")   -- 4 days before
add("第一期读书班", "minutes", "2025-03-13 10:00")  -- 1 day after
add("第二期读书班", "notice", "2025-05-14 09:00")   -- 6 days before
add("第二期读书班", "minutes", "2025-05-23 10:00")  -- 3 days after: late
add("第三期读书班", "notice", "2025-11-03 09:00")   -- 2 days before: late
add("第三期读书班", "minutes", "2025-11-06 10:00")  -- 1 day after
-- 第四期: no notice
add("第四期读书班", "minutes", "2025-12-11 10:00")  -- 1 day after

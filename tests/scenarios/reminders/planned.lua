-- planned.lua: as of 2025-12-05 the fourth reading session (2025-12-10) is only planned:
-- no attendance and no minutes yet.
for a in db:activities{org = "zb1", kind = "reading_session", from = "2025-12-10", to = "2025-12-10"} do
  for r in a:attendance() do a:remove_attendance(r.member) end
  for x in a:artifacts{type = "minutes"} do x:delete() end
end

-- The `qufa run` operation of the crash test: one script writing many records (a branch, its
-- members with personal fields, meetings with attendance, agenda and minutes), so that a kill
-- lands while pages spill into the WAL, during the commit or during the checkpoint after it.
-- `qufa run` makes the whole script one transaction: after a kill it must be all or nothing.
-- arg[1]: how many members (default 300); each tenth member adds a meeting.
local n = math.tointeger(tonumber(arg[1] or "300")) or error("arg 1: a number of members")
local jg = db:org("jg") or db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "crash", name = "压力测试党支部", parent = jg}
local g = db:add_org{kind = "group", code = "crash-g1", name = "第一党小组", parent = b}
local members = {}
for i = 1, n do
  members[i] = db:add_member{name = string.format("成员%04d", i), code = string.format("C%04d", i),
    gender = i % 2 == 0 and "female" or "male", birth_date = string.format("19%02d-03-%02d",
    60 + i % 30, 1 + i % 28), phone = string.format("139%08d", i), id_number =
    string.format("11010119%02d0301%04d", 60 + i % 30, i), status = "full", since = "2010-07-01",
    org = b, group = g, joined = "2009-07-01", attrs = {note = string.rep("记", 40)}}
end
for k = 1, n // 10 do
  local day = string.format("2017-%02d-%02d", 1 + k % 12, 1 + k % 28)
  local attendance = {}
  for i = 1, math.min(n, 40) do
    attendance[i] = {member = members[(k + i) % n + 1], state = i % 7 == 0 and "leave" or "present",
      reason = i % 7 == 0 and "出差" or nil}
  end
  local a = db:add_activity{org = b, kind = "group_meeting", title = "党小组会" .. k,
    starts_at = day .. " 14:30", ends_at = day .. " 16:00", place = "会议室",
    attendance = attendance, agenda = {{segment = "study", title = "学习文件"}}}
  a:add_artifact{type = "minutes", title = "记录" .. k, issued_at = day .. " 16:00",
    content = string.rep("会议记录内容。", 200), mime = "text/plain"}
end
print(string.format("wrote %d members and %d meetings", n, n // 10))

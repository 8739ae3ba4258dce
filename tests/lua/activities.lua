-- Activities with attendance, guests, agenda and artifacts through the Lua API.
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
local m1 = db:add_member{name = "张三", code = "D1", status = "full", since = "2010-01-01", org = b}
local m2 = db:add_member{name = "李四", code = "D2", status = "full", since = "2010-01-01", org = b}
local m3 = db:add_member{name = "王五", code = "D3", status = "full", since = "2010-01-01", org = b}

local a = db:add_activity{org = b, kind = "semimonthly_talk", title = "半月谈：绿色制造",
  topic = "绿色制造", starts_at = "2017-03-01 14:30", ends_at = "2017-03-01 17:00",
  place = "会议室", host = m1, recorder = "D2", lecturer = m3.id,
  attendance = {{member = m1, state = "present"}, {member = m2, state = "leave", reason = "出差"}},
  guests = {{name = "赵专家", affiliation = "标准院", role = "expert"}},
  agenda = {{segment = "study", title = "学习文件"}, {segment = "expert_briefing", title = "专家讲解"}},
  attrs = {minutes_pages = 3}}
t.eq(a.kind, "semimonthly_talk", "kind")
t.eq(a.starts_at, "2017-03-01 14:30", "starts_at")
t.eq(a.host_id, m1.id, "host from record")
t.eq(a.recorder_id, m2.id, "recorder from code")
t.eq(a.lecturer_id, m3.id, "lecturer from id")
t.eq(a.attrs.minutes_pages, 3, "attrs")
t.eq(tostring(a), "activity #" .. a.id .. " 半月谈：绿色制造 2017-03-01 14:30", "tostring")

local states = {}
for r in a:attendance() do states[#states + 1] = r.member.name .. "=" .. r.state .. (r.reason or "") end
table.sort(states)
t.eq(table.concat(states, ","), "张三=present,李四=leave出差", "attendance")
a:set_attendance(m3, "absent", "病假")
a:set_attendance("D2", "present")
t.eq(qufa.count(a:attendance()), 3, "attendance set")
a:remove_attendance(m3)
t.eq(qufa.count(a:attendance()), 2, "attendance removed")
t.fails("attendance state 'here' is unknown", a.set_attendance, a, m3, "here")

local guests = qufa.list(a:guests())
t.eq(#guests, 1, "guests")
t.eq(guests[1].role, "expert", "guest role")
local g = a:add_guest{name = "钱代表", role = "representative"}
t.eq(qufa.count(a:guests()), 2, "guest added")
a:remove_guest(g)
t.eq(qufa.count(a:guests()), 1, "guest removed")
t.fails("add_guest: unknown field 'rol'", a.add_guest, a, {name = "x", rol = "expert"})

local segs = {}
for item in a:agenda() do segs[#segs + 1] = item.seq .. ":" .. item.segment end
t.eq(table.concat(segs, ","), "1:study,2:expert_briefing", "agenda")
a:set_agenda{{segment = "study", title = "学习"}}
t.eq(qufa.count(a:agenda()), 1, "agenda replaced")

-- errors name the field and the list item
t.fails("add_activity: attendance[2]: field 'state' is required", db.add_activity, db,
  {org = b, kind = "lecture", title = "x", starts_at = "2017-04-01 09:00",
   attendance = {{member = m1, state = "present"}, {member = m2}}})
t.fails("add_activity: attendance[1]: unknown field 'stat'", db.add_activity, db,
  {org = b, kind = "lecture", title = "x", starts_at = "2017-04-01 09:00",
   attendance = {{member = m1, stat = "present"}}})
t.fails("activity_kind 'lectrue' is unknown", db.add_activity, db,
  {org = b, kind = "lectrue", title = "x", starts_at = "2017-04-01 09:00"})
t.fails("add_activity: field 'starts_at'", db.add_activity, db,
  {org = b, kind = "lecture", title = "x", starts_at = "2017-04-31 09:00"})
t.fails("add_activity: field 'starts_at' is required", db.add_activity, db,
  {org = b, kind = "lecture", title = "x"})
t.eq(qufa.count(db:activities()), 1, "failed creates wrote nothing")

-- lists
db:add_activity{org = b, kind = "lecture", title = "党课", starts_at = "2017-05-10 09:00"}
db:add_activity{org = b, kind = "lecture", title = "党课二", starts_at = "2018-01-10 09:00"}
t.eq(qufa.count(db:activities{under = jg}), 3, "under")
t.eq(qufa.count(db:activities{org = b, kind = "lecture"}), 2, "kind")
t.eq(qufa.count(db:activities{from = "2017-01-01", to = "2017-12-31"}), 2, "date range")
t.eq(qufa.count(b:activities{kind = "lecture", to = "2017-12-31"}), 1, "org:activities")
t.eq(db:activity(a.id).title, a.title, "by id")
-- the iterator reuses the previous row's start and end strings: repeated, changed and absent
db:add_activity{org = b, kind = "theme_day", title = "甲", starts_at = "2017-05-10 09:00",
  ends_at = "2017-05-10 11:00"}
db:add_activity{org = b, kind = "theme_day", title = "乙", starts_at = "2017-05-10 09:00"}
local times = {}
for x in db:activities{from = "2017-05-01", to = "2017-05-31"} do
  times[#times + 1] = x.title .. " " .. x.starts_at .. " " .. (x.ends_at or "-")
end
t.eq(table.concat(times, "; "), "党课 2017-05-10 09:00 -; 甲 2017-05-10 09:00 2017-05-10 11:00; "
  .. "乙 2017-05-10 09:00 -", "times in a listing")
t.eq(db:activity(999), nil, "unknown id")
t.eq(a:org().code, "gy1", "activity:org")

a:update{title = "半月谈（改）", ends_at = "2017-03-01 17:30"}
t.eq(a.title, "半月谈（改）", "updated")
t.eq(a.ends_at, "2017-03-01 17:30", "updated ends_at")
t.eq(a.topic, "绿色制造", "kept")
t.fails("changes through", a.update, a, {agenda = {}})

-- artifacts
local notice = a:add_artifact{type = "notice", title = "会议通知", issued_at = "2017-02-25 10:00",
  content = "请各位党员准时参加。", mime = "text/plain"}
t.eq(notice.activity_id, a.id, "owned by the activity")
t.eq(notice.size, #"请各位党员准时参加。", "size")
t.eq(#notice.sha256, 64, "sha256")
t.eq(notice:content(), "请各位党员准时参加。", "content")
local binary = string.char(0, 1, 2, 255)
local photo = db:add_artifact{activity = a, type = "photo", content = binary}
t.eq(db:artifact(photo.id):content(), binary, "binary content")
local rec = a:add_artifact{type = "minutes", title = "记录（纸质）"}
t.eq(rec:content(), nil, "no content stored")
t.eq(rec.size, nil, "no size")
t.eq(qufa.count(a:artifacts()), 3, "artifacts of the activity")
t.eq(qufa.count(db:artifacts{activity = a, type = "minutes"}), 1, "by type")
rec:update{title = "会议记录"}
t.eq(rec.title, "会议记录", "artifact updated")
t.fails("give only one of content, file and path", a.add_artifact, a,
  {type = "minutes", content = "x", path = "/tmp/x"})
t.fails("artifact_type 'minute' is unknown", a.add_artifact, a, {type = "minute"})
t.fails("do not name another owner", a.add_artifact, a, {type = "notice", org = b})
local path = os.tmpname()
local f = assert(io.open(path, "wb"))
f:write("file bytes")
f:close()
local fromfile = a:add_artifact{type = "courseware", file = path}
os.remove(path)
t.eq(fromfile:content(), "file bytes", "file stored")
rec:delete()
t.eq(qufa.count(a:artifacts()), 3, "artifact deleted")

local aid = a.id
a:delete()
t.eq(a.id, nil, "deleted record has no id")
t.eq(db:activity(aid), nil, "activity deleted")
t.eq(qufa.count(db:artifacts{activity = notice.activity_id}), 0, "artifacts went with it")
print("activities: ok")

-- db:activity_kinds: what db:activities lists, counted by kind in one aggregate
for _i, filter in ipairs{{}, {under = "jg"}, {org = b, from = "2017-03-01", to = "2017-03-31"},
  {under = jg, kind = "semimonthly_talk"}, {from = "2030-01-01"}} do
  local want, got_total, want_total = {}, 0, 0
  for x in db:activities(filter) do
    want[x.kind] = (want[x.kind] or 0) + 1
    want_total = want_total + 1
  end
  local kinds = db:activity_kinds(filter)
  for kind, n in pairs(kinds) do
    t.eq(n, want[kind], "activity_kinds " .. _i .. ": " .. kind)
    got_total = got_total + n
  end
  t.eq(got_total, want_total, "activity_kinds " .. _i .. ": every activity counted")
end
t.ok(next(db:activity_kinds{}) ~= nil, "activity_kinds: some kinds")
t.fails("unknown field 'orgg'", db.activity_kinds, db, {orgg = "gy1"})
t.fails("activity_kinds: field 'from'", db.activity_kinds, db, {from = "2017-02-30"})

-- Demo, part 5: the party lecture the secretary gave in the organ's discipline education month
-- (纪律教育月, May here), done by the organ's standard 《党课讲授规范》: a notice before, the
-- organ's party committee invited, courseware as written text and as slides, minutes with who
-- attended, what was taught and what the members said, photos, and a news brief promptly after.
local branch = db:org("gy1")

local attendance = {}
for m in db:members{org = branch, on = "2017-05-10"} do
  local away = ({["GY1-011"] = "病假", ["GY1-013"] = "外派"})[m.code]
  attendance[#attendance + 1] = {member = m, state = away and "leave" or "present", reason = away}
end

local lecture = db:add_activity{
  org = branch, kind = "lecture", title = "党课：严明党的纪律，做合格党员",
  topic = "纪律教育月", starts_at = "2017-05-10 09:00", ends_at = "2017-05-10 11:00",
  place = "三楼会议室", host = db:member("GY1-002"), recorder = db:member("GY1-009"),
  lecturer = db:member("GY1-001"), attendance = attendance,
  -- the representative of the organ's party committee is a guest of role "representative"
  guests = {{name = "邵明", affiliation = "机关党委", role = "representative"}},
  agenda = {{segment = "lecture", title = "书记讲党课：严明党的纪律"},
    {segment = "discussion", title = "党员讨论发言"}},
  attrs = {class_hours = 2},
}
lecture:add_artifact{type = "notice", title = "关于纪律教育月党课的通知",
  issued_at = "2017-05-05 09:00", mime = "text/plain",
  content = "定于5月10日9:00在三楼会议室由支部书记讲党课，请全体党员参加，机关党委派员指导。"}
-- two forms of courseware: attrs.form tells them apart (or the MIME type does)
lecture:add_artifact{type = "courseware", title = "党课讲稿（书面材料）", issued_at = "2017-05-08 17:00",
  mime = "text/plain", attrs = {form = "text"},
  content = "严明党的纪律，做合格党员。一、纪律是党的生命……"}
lecture:add_artifact{type = "courseware", title = "党课课件（PPT）", issued_at = "2017-05-08 17:00",
  mime = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  attrs = {form = "slides"}}
lecture:add_artifact{type = "minutes", title = "党课记录", issued_at = "2017-05-10 11:30",
  mime = "text/plain",
  content = "参加人员：见考勤。讲课内容：严明党的纪律。讨论发言：6名党员结合工作谈体会。"}
lecture:add_artifact{type = "photo", title = "党课现场照片", issued_at = "2017-05-10 10:00"}
lecture:add_artifact{type = "news", title = "工业标准一部党支部开展纪律教育月党课",
  issued_at = "2017-05-11 10:00"}

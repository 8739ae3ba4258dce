-- Demo, part 8: the branch's own working system from the day its standards took effect
-- (16 April 2017; scripts/packs/branch-gy1.lua):
--   * the committee members take turns on duty, a month each from the 16th, one after another
--     (《一二三四支部工作制度和方法》 4.2, the 支部委员轮值制度 the source article mentions): the
--     post `on_duty` (轮值委员) held for the turn;
--   * each party group leader reports the group's work to the committee once a quarter
--     (《党小组工作规范》 7): a report kept with the group.
-- Still open on 5 September: the second group has not reported for the third quarter.
-- And one member stopped coming: 杨静 missed the first group's July and August meetings
-- without asking for leave (scripts/examples/remind-absent-members.lua reminds her group
-- leader to talk with her; leave, like 马超's posting away, is not missing a meeting).
local branch = db:org("gy1")

-- 张建国 (secretary), 李秀英 (organization), 王志强 (discipline), 周明 (publicity), then the
-- second round (cut short by the re-election of August: 10_reelection.lua)
local turns = {
  {"GY1-001", "2017-04-16", "2017-05-15"},
  {"GY1-002", "2017-05-16", "2017-06-15"},
  {"GY1-003", "2017-06-16", "2017-07-15"},
  {"GY1-009", "2017-07-16", "2017-08-15"},
  {"GY1-001", "2017-08-16", "2017-09-15"},
}
for _i, turn in ipairs(turns) do
  db:appoint{member = turn[1], org = branch, post = "on_duty", start = turn[2], finish = turn[3],
    note = "支部委员轮值"}
end

-- the group leaders' quarterly reports, kept with each group (an artifact of an org)
local reports = {
  {"gy1-g1", "2017-06-16 17:30", "第一党小组第二季度工作汇报", "刘芳"},
  {"gy1-g2", "2017-06-19 10:00", "第二党小组第二季度工作汇报", "吴婷"},
  {"gy1-g1", "2017-08-18 17:30", "第一党小组第三季度工作汇报", "刘芳"},
}
for _i, r in ipairs(reports) do
  db:add_artifact{org = r[1], type = "report", title = r[3], issued_at = r[2], mime = "text/plain",
    content = r[4] .. "同志向支部委员会汇报本组学习、活动和党员思想动态。"}
end

-- the group leader marks 杨静 absent at the first group's meetings of July and August
for a in db:activities{org = "gy1-g1", kind = "group_meeting", from = "2017-07-01",
    to = "2017-08-31"} do
  a:set_attendance("GY1-006", "absent")
end

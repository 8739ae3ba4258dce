-- Demo, part 9: the branch's 2017 organizational life meeting (a 专题组织生活会 of the
-- “两学一做” education) with the democratic appraisal of members, done by its own
-- 《支部组织生活会程序》 (GY1-ZZSHH): before it, each committee member talks with every other
-- party member (谈心谈话) and the branch collects opinions, each committee member writes a
-- self-review; the meeting follows its order with the organ's party committee represented;
-- after it, the rectification list and a report go to the 机关党委 within 15 days. The same
-- afternoon every party member is given a grade (优秀 at most a third).
--
-- Planted lapse, for the check to find: 王志强, the discipline member, never talked with the
-- seconded cadre 郑凯.
local branch = db:org("gy1")
local DAY = "2017-07-21"

local party = qufa.list(db:members{org = branch, on = DAY, status = {"full", "probationary"},
  order = "strokes"})
local committee = {"GY1-001", "GY1-002", "GY1-009", "GY1-003"} -- 书记、组织、宣传、纪检委员

-- 谈心谈话: one record per committee member, listing everyone they talked with
local talk_days = {["GY1-001"] = "2017-07-03", ["GY1-002"] = "2017-07-05",
  ["GY1-009"] = "2017-07-07", ["GY1-003"] = "2017-07-10"}
for _i, code in ipairs(committee) do
  local c = db:member(code)
  local list = {}
  for _j, m in ipairs(party) do
    if m.id ~= c.id and not (code == "GY1-003" and m.code == "GY1-017") then -- PLANTED LAPSE
      list[#list + 1] = {member = m, state = "present"}
    end
  end
  db:add_activity{org = branch, kind = "heart_talk", title = c.name .. "同志会前谈心谈话",
    topic = "专题组织生活会会前谈心谈话", starts_at = talk_days[code] .. " 09:00",
    ends_at = qufa.add(talk_days[code], "4d") .. " 17:00", host = c, attendance = list}
end

local attendance = {}
for _i, m in ipairs(party) do
  local away = m.code == "GY1-013" -- the mobile member (马超) is away
  attendance[#attendance + 1] = {member = m, state = away and "leave" or "present",
    reason = away and "外派" or nil}
end

local life = db:add_activity{org = branch, kind = "life_meeting",
  title = "2017年“两学一做”学习教育专题组织生活会", topic = "对照党章党规找差距",
  starts_at = DAY .. " 09:00", ends_at = DAY .. " 11:30", place = "三楼会议室",
  host = db:member("GY1-001"), recorder = db:member("GY1-002"), attendance = attendance,
  guests = {{name = "邵明", affiliation = "机关党委", role = "representative"}},
  agenda = {
    {segment = "report", title = "通报上次组织生活会整改落实情况和本次会议准备情况"},
    {segment = "self_review", title = "支部书记代表支部委员会对照检查"},
    {segment = "criticism", title = "支部委员和党员逐一对照检查，开展批评和自我批评"},
    {segment = "rectification", title = "明确整改方向"},
  }}
life:add_artifact{type = "opinions", title = "专题组织生活会征求意见汇总",
  issued_at = "2017-07-12 17:00", mime = "text/plain",
  content = "征求党员和群众意见12条，归纳为学习、作风、业务融合三个方面。"}
for _i, code in ipairs(committee) do
  local c = db:member(code)
  life:add_artifact{type = "self_review", title = c.name .. "同志对照检查材料",
    issued_at = "2017-07-18 17:00", attrs = {author = code}}
end
life:add_artifact{type = "minutes", title = "专题组织生活会记录", issued_at = DAY .. " 12:00",
  mime = "text/plain", content = "支部书记代表支部委员会对照检查；15名党员逐一发言。"}
life:add_artifact{type = "rectification", title = "专题组织生活会整改清单",
  issued_at = "2017-07-28 10:00", mime = "text/plain",
  content = "问题6项，逐项明确整改措施、责任人和完成时限。"}
life:add_artifact{type = "report", title = "关于召开专题组织生活会情况的报告（报机关党委）",
  issued_at = "2017-07-28 10:00"}

-- 民主评议党员, the same afternoon: a grade for every party member (5 of 16 excellent)
local appraisal = db:add_activity{org = branch, kind = "appraisal", title = "2017年度民主评议党员",
  starts_at = DAY .. " 14:30", ends_at = DAY .. " 16:30", place = "三楼会议室",
  host = db:member("GY1-001"), recorder = db:member("GY1-002"), attendance = attendance,
  agenda = {{segment = "report", title = "党员个人总结"},
    {segment = "vote", title = "民主测评，确定评议等次"}}}
local excellent = {["GY1-002"] = true, ["GY1-004"] = true, ["GY1-005"] = true,
  ["GY1-011"] = true, ["GY1-012"] = true}
for _i, m in ipairs(party) do
  db:set_appraisal{member = m, year = 2017, activity = appraisal,
    result = excellent[m.code] and "excellent" or "qualified"}
end
appraisal:add_artifact{type = "minutes", title = "民主评议党员记录", issued_at = DAY .. " 17:00",
  mime = "text/plain", content = "参评党员16人，评为优秀5人，其余为合格。"}

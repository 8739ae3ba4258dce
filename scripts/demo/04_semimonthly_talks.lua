-- Demo, part 4: the branch's own brand, the semimonthly talk (半月谈), as its standard
-- 《半月谈活动规范》 prescribes: every half month one key field of the department's work; an
-- expert of that field invited; three segments (study — the expert's briefing — discussion);
-- a notice and an invitation letter before, the expert's materials, attendance, and a news
-- brief and the archive after. The branch started in the second half of April; eight sessions
-- were held by 5 September, and the supervising commission leader (钱立群) attended them all.
--
-- Planted lapses, for the check to find:
--   * no session in the first half of August;
--   * the 5th session (21 June) got no news brief;
--   * the notice of the 6th session (5 July) went out only the day before.
-- And one thing still open on 5 September: the 8th session (30 August) is not archived yet.
local branch = db:org("gy1")

local function attendance(on, away)
  local list = {}
  for m in db:members{org = branch, on = on} do
    local reason = away[m.code]
    list[#list + 1] = {member = m, state = reason and "leave" or "present", reason = reason}
  end
  return list
end

-- day: the session's date; notice/invitation/news/archive: the day each was issued
-- (false: not issued); away: members on leave (code -> reason)
local sessions = {
  {day = "2017-04-19", topic = "生态文明", expert = "林志远", from = "生态文明标准化研究中心",
   study = "学习党章中关于生态文明建设的表述，学习十八大以来习近平总书记关于生态文明建设的重要论述",
   briefing = "生态文明建设标准化的形势和《生态文明建设标准化发展行动指南》编制思路",
   discussion = "讨论讲话精神对编制行动指南的指导意义",
   notice = "2017-04-14", invitation = "2017-04-12", news = "2017-04-20", archive = "2017-04-25",
   away = {["GY1-006"] = "出差"}},
  {day = "2017-05-03", topic = "绿色制造", expert = "高宏", from = "再制造标准化技术委员会",
   study = "学习习近平总书记关于绿色发展的重要论述",
   briefing = "绿色制造国家标准化工作进展、与国外标准化机构合作及申请ISO技术委员会的经历",
   discussion = "介绍申请成立ISO稀土技术委员会的经验，提出共同申请ISO绿色制造技术委员会的思路",
   notice = "2017-04-27", invitation = "2017-04-25", news = "2017-05-04", archive = "2017-05-08",
   away = {}},
  {day = "2017-05-24", topic = "新材料", expert = "许文博", from = "新材料标准化技术委员会",
   study = "学习党中央国务院关于深化标准化工作改革的文件",
   briefing = "新材料产业和标准化最新动态；专家提出标准立项难的问题",
   discussion = "研究把部分高端产品标准纳入新材料专项，把淘汰落后产能的标准纳入化解产能过剩专项",
   notice = "2017-05-19", invitation = "2017-05-17", news = "2017-05-25", archive = "2017-05-31",
   away = {["GY1-012"] = "病假"}},
  {day = "2017-06-07", topic = "气候变化", expert = "唐睿", from = "碳排放管理标准化技术委员会",
   study = "学习习近平总书记关于应对气候变化的重要论述",
   briefing = "《巴黎协定》《国家应对气候变化规划》《“十三五”控制温室气体排放工作方案》"
     .. "及国际组织、发达国家应对气候变化标准化的趋势",
   discussion = "讨论加快碳排放管理标准研制、支撑全国碳排放交易市场建设",
   notice = "2017-06-02", invitation = "2017-05-31", news = "2017-06-08", archive = "2017-06-13",
   away = {}},
  -- PLANTED LAPSE: no news brief for this session
  {day = "2017-06-21", topic = "工业节能", expert = "宋嘉", from = "能源基础与管理标准化技术委员会",
   study = "学习党中央国务院关于推进节能减排的文件",
   briefing = "工业节能标准体系建设情况、存在问题和工作建议",
   discussion = "讨论重点行业能耗限额标准的制修订安排",
   notice = "2017-06-16", invitation = "2017-06-14", news = false, archive = "2017-06-27",
   away = {["GY1-005"] = "出差"}},
  -- PLANTED LAPSE: the notice went out the day before (the standard asks for 3 days)
  {day = "2017-07-05", topic = "稀土", expert = "韩立", from = "稀土标准化技术委员会",
   study = "学习习近平总书记关于实体经济和制造业的重要论述",
   briefing = "稀土产业形势和国际标准化动态",
   discussion = "讨论稀土国际标准提案的推进",
   notice = "2017-07-04", invitation = "2017-06-28", news = "2017-07-06", archive = "2017-07-11",
   away = {}},
  {day = "2017-07-19", topic = "钢铁", expert = "罗成", from = "钢铁标准化技术委员会",
   study = "学习党中央国务院关于化解过剩产能的文件",
   briefing = "钢铁行业去产能形势和标准化工作建议",
   discussion = "讨论以标准提升钢材质量水平",
   notice = "2017-07-14", invitation = "2017-07-12", news = "2017-07-20", archive = "2017-07-25",
   away = {["GY1-007"] = "年休假"}},
  -- (no session in the first half of August: PLANTED LAPSE)
  -- still open on 5 September: archiving is due within 7 days, by 6 September
  {day = "2017-08-30", topic = "消费品安全", expert = "方敏", from = "消费品安全标准化技术委员会",
   study = "学习习近平总书记关于质量工作的重要论述",
   briefing = "消费品质量安全标准化的最新动态和问题",
   discussion = "讨论消费品标准与国际标准接轨",
   notice = "2017-08-25", invitation = "2017-08-23", news = "2017-08-31", archive = false,
   away = {["GY1-011"] = "出差"}},
}

local host, recorder = db:member("GY1-001"), db:member("GY1-009")
for n, s in ipairs(sessions) do
  local away = s.away
  if s.day >= "2017-03-01" then away["GY1-013"] = "外派" end -- the mobile member is away
  local talk = db:add_activity{
    org = branch, kind = "semimonthly_talk",
    title = string.format("半月谈第%d期：%s", n, s.topic), topic = s.topic,
    starts_at = s.day .. " 14:30", ends_at = s.day .. " 17:00", place = "三楼会议室",
    host = host, recorder = recorder,
    attendance = attendance(s.day, away),
    guests = {{name = s.expert, affiliation = s.from, role = "expert"}},
    -- the three segments, in order; the segment codes are what 《半月谈活动规范》 checks
    agenda = {
      {segment = "study", title = s.study},
      {segment = "expert_briefing", title = s.briefing},
      {segment = "discussion", title = s.discussion},
    },
    attrs = {class_hours = 2.5},
  }
  talk:add_artifact{type = "notice", title = "关于召开半月谈第" .. n .. "期的通知",
    issued_at = s.notice .. " 09:00", mime = "text/plain",
    content = string.format("定于%s 14:30在三楼会议室召开半月谈，主题：%s。请全体同志参加。",
      s.day, s.topic)}
  talk:add_artifact{type = "invitation", title = "致" .. s.expert .. "的邀请函",
    issued_at = s.invitation .. " 10:00"}
  talk:add_artifact{type = "courseware", title = s.expert .. "授课材料：" .. s.briefing,
    issued_at = s.day .. " 14:30"}
  talk:add_artifact{type = "minutes", title = "半月谈第" .. n .. "期记录",
    issued_at = s.day .. " 17:30", mime = "text/plain",
    content = "一、" .. s.study .. "。二、" .. s.briefing .. "。三、" .. s.discussion .. "。"}
  if s.news then
    talk:add_artifact{type = "news", title = "半月谈第" .. n .. "期简讯",
      issued_at = s.news .. " 11:00"}
  end
  if s.archive then
    talk:add_artifact{type = "archive", title = "半月谈第" .. n .. "期归档",
      issued_at = s.archive .. " 16:00"}
  end
end

-- branch-gy1.lua: the five standards 工业标准一部党支部 wrote for itself, and its tailoring
-- profile (gy1-profile) over the organ's system and the regulations.
--
-- Source: 《用“标准化”治党严细实》, 紫光阁网, 2017-09-05. It names five branch standards and
-- describes only one, 《半月谈活动规范》, in detail; that one is encoded in full below. Of the
-- other four the seed gives nothing but the title, so each is a statement that it exists —
-- no rule is invented for them. Enter their clauses once the branch's texts are at hand.
--
-- Load it into a database that has the org gy1 (the branch): branch standards name their org.
--
-- Effective date: the seed does not say when the branch adopted its standards. This pack takes
-- 2017-04-16, when the semimonthly talks begin in the demo: eight sessions had been held by
-- 5 September 2017, so the branch cannot have started in January (sixteen half months).

local EFFECTIVE = "2017-04-16"
local SOURCE = "工业标准一部党支部自行编制；据《用“标准化”治党严细实》（紫光阁网2017-09-05）"

local function title_only(code, title)
  return qufa.standard {
    code = code, title = title, origin = "branch", org = "gy1", issuer = "工业标准一部党支部",
    effective = EFFECTIVE, source_doc = SOURCE,
    clauses = {
      { number = "1", type = "陈述",
        text = "《" .. title .. "》是工业标准一部党支部在贯彻落实《国家标准委机关全面从严治党"
          .. "标准体系》基础上编制的支部标准之一。条文未公开，待支部录入。" },
    },
  }
end

title_only("GY1-YESS", "一二三四支部工作制度和方法")
title_only("GY1-WYGX", "支部委员改选规范")
title_only("GY1-ZZSHH", "支部组织生活会程序")
title_only("GY1-DXZ", "党小组工作规范")

---------------------------------------------------------------------------------------------
-- 《半月谈活动规范》: "“半月谈”活动每半个月开展一次，聚焦工业标准一部职责范围内的某一个重点
-- 领域，邀请业务对口领域专家授课…… 每次活动都分成三段…… 规定了活动前会议通知的格式要求、
-- 专家邀请函的格式要求、专家授课材料的要求、活动纪律要求、活动后新闻宣传和整理存档的要求".
-- The formats themselves are not public, so only the presence and timing of the material is
-- checked; the days (notice 3 days before, news 3 days and archive 7 days after) are our
-- defaults, named in each clause and changeable by tailoring.
local SEGMENTS = { "study", "expert_briefing", "discussion" }
local SEGMENT_LABELS = {
  study = "学习总书记重要讲话和党中央国务院文件",
  expert_briefing = "专家讲解产业形势、标准化动态、问题和建议",
  discussion = "共同交流讨论",
}

qufa.standard {
  code = "GY1-BYT",
  title = "半月谈活动规范",
  origin = "branch", org = "gy1", issuer = "工业标准一部党支部",
  effective = EFFECTIVE, source_doc = SOURCE,
  scope = "工业标准一部党支部的“半月谈”活动。",
  -- the 格式要求 for the notice and the expert's invitation: `qufa doc notice|invitation` of a
  -- 半月谈 uses these (scripts/templates/); the notice quotes the days of 7.1 and 7.2
  templates = { notice = "semimonthly-notice.md", invitation = "semimonthly-invitation.md" },
  clauses = {
    { number = "1", type = "陈述",
      text = "“半月谈”活动是工业标准一部党支部“两学一做”学习教育制度化、常态化的具体措施，"
        .. "共同学习党章和习近平总书记重要讲话精神，并进行交流探讨。" },
    { number = "2", type = "陈述",
      text = "参加人员：工业标准一部全体同志和标准化技术委员会的专家。" },

    { number = "3.1", type = "应", responsible = "secretary",
      text = "“半月谈”活动每半个月开展一次。",
      require = qufa.cadence { activity = "semimonthly_talk", per = "half_month", min = 1 } },
    { number = "3.2", type = "应",
      text = "每次活动聚焦工业标准一部职责范围内的某一个重点领域（记为活动主题）。",
      require = qufa.check {
        subject = "activity", activity = "semimonthly_talk",
        fn = function(a)
          if a.topic and a.topic ~= "" then return true, "领域：" .. a.topic end
          return false, "未记录聚焦的领域（活动主题）"
        end } },
    -- Not in the seed's words: "one field per session" read as a rotation over the fields.
    { number = "3.3", type = "宜",
      text = "各期宜轮换领域，不重复本年度此前各期的领域（由“每次聚焦某一个重点领域”引申）。",
      require = qufa.check {
        subject = "activity", activity = "semimonthly_talk",
        fn = function(a, ctx)
          if not a.topic or a.topic == "" then return "n/a", "未记录领域（见3.2）" end
          local year = a.starts_at:sub(1, 4)
          for b in ctx.db:activities{org = a.org_id, kind = "semimonthly_talk",
              from = year .. "-01-01", to = a.starts_at:sub(1, 10)} do
            if b.id ~= a.id and b.starts_at < a.starts_at and b.topic == a.topic then
              return false, string.format("领域“%s”与%s一期重复", a.topic, b.starts_at:sub(1, 10))
            end
          end
          return true, "领域“" .. a.topic .. "”本年度首次"
        end } },

    { number = "4", type = "应",
      text = "邀请业务对口领域的专家授课。",
      require = qufa.guest { activity = "semimonthly_talk", role = "expert", min = 1 } },

    { number = "5", type = "应",
      text = "每次活动分成三段，依次为：（一）工业标准一部全体同志和标准化技术委员会专家围绕"
        .. "主题学习习近平总书记重要讲话、指示和批示精神，学习党中央国务院文件要求；"
        .. "（二）专家讲解该领域产业发展最新形势、国际国内标准化最新动态、存在问题和工作建议；"
        .. "（三）双方共同交流，讨论如何落实讲话精神、推动该领域标准化工作。",
      require = qufa.agenda { activity = "semimonthly_talk", segments = SEGMENTS,
        ordered = true, labels = SEGMENT_LABELS } },

    { number = "6.1", type = "应",
      text = "活动前按规定格式发出会议通知（规范的提前天数未公开：参数 before 默认3日）。",
      require = qufa.artifact { activity = "semimonthly_talk", type = "notice", before = 3 } },
    { number = "6.2", type = "应",
      text = "活动前按规定格式向专家发出邀请函。",
      require = qufa.artifact { activity = "semimonthly_talk", type = "invitation", before = 0 } },
    { number = "6.3", type = "应",
      text = "专家授课材料符合要求并留存。",
      require = qufa.artifact { activity = "semimonthly_talk", type = "courseware" } },
    -- What the discipline rules say is not public; what can be checked is that attendance is kept.
    { number = "6.4", type = "应",
      text = "遵守活动纪律要求，记录考勤（纪律的具体要求未公开，本条只核查考勤记录）。",
      require = qufa.attendance { activity = "semimonthly_talk" } },

    { number = "7.1", type = "应",
      text = "活动后做好新闻宣传，撰写简讯（规范的时限未公开：参数 within 默认3日）。",
      require = qufa.artifact { activity = "semimonthly_talk", type = "news", within = 3 } },
    { number = "7.2", type = "应",
      text = "活动后整理存档（规范的时限未公开：参数 within 默认7日）。",
      require = qufa.artifact { activity = "semimonthly_talk", type = "archive", within = 7 } },
  },
}

---------------------------------------------------------------------------------------------
-- The branch's profile: it works under the organ's system and the regulations, adds its five
-- standards, and fixes the number of party groups the organ's meeting procedure led it to form.
qufa.tailor {
  code = "gy1-profile",
  org = "gy1",
  title = "工业标准一部党支部党建标准体系",
  import = { "organ", "regulations" },
  adds = { "GY1-YESS", "GY1-WYGX", "GY1-ZZSHH", "GY1-DXZ", "GY1-BYT" },
  set = {
    ["SAC-ZBHYCX/2#1"] = { args = { groups = 2 },
      reason = "支部根据《党支部会议程序》专门成立了两个党小组" },
  },
  -- The 2018 regulation was not yet binding in 2017; the branch measures its organisational
  -- life against the frequencies it sets (general meeting quarterly, committee and party
  -- groups monthly, a monthly theme day), which also drive its reminders (qufa remind).
  adopt = {
    { standard = "ZBGZTL", from = "2017-01-01",
      reason = "支部以《中国共产党支部工作条例（试行）》所列频次自查2017年组织生活并据此提醒；"
        .. "该条例2018年10月28日起施行，2017年尚不具约束力" },
  },
}

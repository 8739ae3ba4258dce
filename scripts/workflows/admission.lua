-- 发展党员: admitting a member in 5 stages and 25 steps (DOMAIN.md, appendix A), with the time
-- rules of the 2014 rules as named parameters. A revised version was issued in May 2026: a
-- branch that follows it corrects the numbers (qufa flow params admission NAME=VALUE) or loads
-- a revised copy of this file; cases already running keep the rules they started with.
--
-- The member must exist (as an applicant) before the case starts:
--   qufa flow start admission --member GY1-018 --date 2017-08-21   (the demo's 何晓)
-- Each step updates the member's record where the rules say so: applicant → activist →
-- candidate → probationary (from the general meeting's vote) → full member.

local SOURCE = "《中国共产党发展党员工作细则》（中办发〔2014〕29号）"

-- Guards see the case through `c` (see docs/writing-procedures.md); these are plain helpers.
local function all_full(c, ids, what)
  for _, id in ipairs(ids) do
    local m = c.db:member(id, {on = c.date})
    if not m or m.status ~= "full" then
      return false, string.format("%s %s 不是正式党员", what, m and m.name or tostring(id))
    end
  end
  return true
end

-- How many whole periods of `every` lie between two dates.
local function periods(from, to, every)
  local n, d = 0, qufa.add(from, every)
  while d <= to do
    n = n + 1
    d = qufa.add(d, every)
  end
  return n
end

-- A vote of the general meeting: members with voting rights that day are those due.
local function vote_ok(c)
  local due = c.db:count_members{org = c.case.org_id, voting = true, on = c.date}
  local present, yes = c.fields.present, c.fields.in_favour
  local quorum, pass = c:param("vote_quorum"), c:param("vote_pass")
  if present > due then
    return false, string.format("到会 %d 人，超过应到会有表决权的党员 %d 人", present, due)
  end
  if present <= due * quorum then
    return false, string.format("到会 %d 人，未超过应到会有表决权党员 %d 人的 %g", present, due,
      quorum)
  end
  if yes <= due * pass then
    return false, string.format("赞成 %d 票，未超过应到会有表决权党员 %d 人的 %g", yes, due, pass)
  end
  return true
end

-- The day probation ends: a year from the vote, or the end of an extension.
local function probation_end(c)
  local ext = c:completed("extend")
  if ext then return ext.fields["until"] end
  return qufa.add(c:completed("vote").date, c:param("probation"))
end

local function set_status(c, status, since, note)
  local m = c.db:member(c.case.member_id)
  m:set_status(status, since, note)
end

local VOTE_FIELDS = {
  present = {type = "integer", doc = "到会有表决权的党员人数", min = 0},
  in_favour = {type = "integer", doc = "赞成票数", min = 0},
}

-- Every step is the organization member's (组织委员) to see through unless it says otherwise:
-- reminders of its deadlines go to whoever holds that post.
local function owned_by(post, steps)
  for _, s in ipairs(steps) do s.responsible = s.responsible or post end
  return steps
end

qufa.procedure{
  code = "admission",
  title = "发展党员",
  version = "2014",
  subject = "member",
  source = SOURCE,
  doc = "入党申请人经入党积极分子、发展对象、预备党员至正式党员的全过程（5个阶段25个步骤）。",
  params = {
    min_age = {default = 18, doc = "申请人年满多少周岁", source = "党章第一条", min = 14},
    talk_within = {default = "1m", doc = "收到入党申请书后派人谈话的期限", source = "细则第七条"},
    activist_min = {default = "1y", doc = "确定为发展对象前作为积极分子培养考察的最短时间",
      source = "细则第十三条"},
    review_every = {default = "6m", doc = "党支部对入党积极分子考察的间隔", source = "细则第十二条"},
    report_every = {default = "3m", doc = "入党积极分子递交思想汇报的间隔（各地做法）",
      source = "各地常见做法"},
    contacts_min = {default = 1, doc = "培养联系人最少人数", source = "细则第十一条", min = 1},
    contacts_max = {default = 2, doc = "培养联系人最多人数", source = "细则第十一条", min = 1},
    notice = {default = "5wd", doc = "发展对象公示的最短时间（工作日）", source = "各地做法；细则要求公示"},
    sponsors = {default = 2, doc = "入党介绍人人数", source = "细则第十四条", min = 1},
    training_days = {default = 3, doc = "集中培训最少天数", source = "细则第十七条", min = 1},
    training_hours = {default = 24, doc = "或集中培训最少学时", source = "细则第十七条", min = 1},
    vote_quorum = {default = 0.5, doc = "支部大会到会人数须超过应到会有表决权党员的比例",
      source = "细则第二十四条"},
    vote_pass = {default = 0.5, doc = "赞成人数须超过应到会有表决权党员的比例",
      source = "细则第二十四条"},
    approval_within = {default = "3m", doc = "上级党委审批的期限", source = "细则第二十七条"},
    approval_max = {default = "6m", doc = "特殊情况下审批的最长期限", source = "细则第二十七条"},
    probation = {default = "1y", doc = "预备期（自支部大会通过之日起）", source = "细则第二十九条"},
    extension_min = {default = "6m", doc = "延长预备期的最短时间", source = "细则第三十二条"},
    extension_max = {default = "12m", doc = "延长预备期的最长时间", source = "细则第三十二条"},
    extensions = {default = 1, doc = "预备期可以延长的次数", source = "细则第三十二条", min = 0},
  },
  artifact_types = {
    talk_record = {"谈话记录", "talk record"},
    political_review = {"政治审查结论", "political review conclusion"},
    volunteer_form = {"入党志愿书", "application form for membership"},
    training_certificate = {"培训结业证明", "training certificate"},
  },
  stages = {
    {code = "application", title = "申请入党"},
    {code = "activist", title = "入党积极分子的确定和培养教育"},
    {code = "candidate", title = "发展对象的确定和考察"},
    {code = "probationary", title = "预备党员的接收"},
    {code = "full", title = "预备党员的教育考察和转正"},
  },
  steps = owned_by("organization", {
    -- I 申请入党
    {code = "apply", stage = "application", title = "递交入党申请书",
     artifacts = {"application"},
     guard = function(c)
       -- (the birth date itself is masked here, as for all shared code: age is computed)
       local age = c.member:age(c.date)
       if age and age < c:param("min_age") then
         return false, string.format("申请人 %s 申请时 %d 周岁，未满 %d 周岁", c.member.name, age,
           c:param("min_age"))
       end
       return true
     end,
     guard_doc = "申请人年满十八周岁",
     on_complete = function(c)
       if not c.db:member(c.case.member_id):status_on(c.date) then
         set_status(c, "applicant", c.date, "递交入党申请书")
       end
     end},
    {code = "talk", stage = "application", title = "党组织派人谈话",
     artifacts = {"talk_record"},
     deadlines = {{within = "$talk_within", kind = "interrupt",
       label = "收到入党申请书后一个月内派人谈话"}}},
    -- II 入党积极分子的确定和教育培养
    {code = "activist", stage = "activist", title = "推荐和确定入党积极分子",
     artifacts = {"minutes"},
     on_complete = function(c) set_status(c, "activist", c.date, "确定为入党积极分子") end},
    {code = "activist_filed", stage = "activist", title = "上级党委备案"},
    {code = "contacts", stage = "activist", title = "指定培养联系人",
     fields = {contacts = {type = "members", min = "$contacts_min", max = "$contacts_max",
       doc = "一至两名正式党员"}},
     guard = function(c) return all_full(c, c.fields.contacts, "培养联系人") end,
     guard_doc = "培养联系人须为正式党员"},
    {code = "observation", stage = "activist", title = "培养教育考察",
     fields = {reviews = {type = "integer", min = 0, doc = "党支部考察次数"},
               reports = {type = "integer", min = 0, doc = "思想汇报份数"}},
     guard = function(c)
       local since = c:completed("activist").date
       local need = periods(since, c.date, c:param("review_every"))
       if c.fields.reviews < need then
         return false, string.format("自 %s 起应每 %s 考察一次，应有 %d 次，记录 %d 次", since,
           c:param("review_every"), need, c.fields.reviews)
       end
       local reports = periods(since, c.date, c:param("report_every"))
       if c.fields.reports < reports then
         return false, string.format("自 %s 起应每 %s 递交思想汇报，应有 %d 份，记录 %d 份", since,
           c:param("report_every"), reports, c.fields.reports)
       end
       return true
     end,
     guard_doc = "每半年考察一次，按时递交思想汇报"},
    -- III 发展对象的确定和考察
    {code = "candidate", stage = "candidate", title = "确定发展对象",
     artifacts = {"minutes"},
     fields = {notice_from = {type = "date", doc = "公示开始日期"}},
     deadlines = {
       {not_before = "$activist_min", from = "activist", label = "经过一年以上培养教育和考察"},
       {not_before = "$notice", from = "candidate.notice_from", label = "公示不少于5个工作日"},
     },
     on_complete = function(c) set_status(c, "candidate", c.date, "确定为发展对象") end},
    {code = "candidate_filed", stage = "candidate", title = "报上级党委备案"},
    {code = "sponsors", stage = "candidate", title = "确定入党介绍人",
     fields = {sponsors = {type = "members", min = "$sponsors", max = "$sponsors",
       doc = "两名正式党员"}},
     guard = function(c) return all_full(c, c.fields.sponsors, "入党介绍人") end,
     guard_doc = "入党介绍人须为正式党员"},
    {code = "political_review", stage = "candidate", title = "进行政治审查",
     artifacts = {"political_review"}},
    {code = "training", stage = "candidate", title = "开展集中培训",
     artifacts = {"training_certificate"},
     fields = {days = {type = "number", required = false, min = 0, doc = "培训天数"},
               hours = {type = "number", required = false, min = 0, doc = "培训学时"}},
     guard = function(c)
       local days, hours = c.fields.days or 0, c.fields.hours or 0
       if days >= c:param("training_days") or hours >= c:param("training_hours") then
         return true
       end
       return false, string.format("集中培训 %g 天、%g 学时，应不少于 %d 天或 %d 学时", days, hours,
         c:param("training_days"), c:param("training_hours"))
     end,
     guard_doc = "集中培训不少于三天或二十四学时"},
    -- IV 预备党员的接收
    {code = "committee_review", stage = "probationary", title = "支部委员会审查",
     artifacts = {"minutes"}},
    {code = "pre_review", stage = "probationary", title = "上级党委预审"},
    {code = "volunteer_form", stage = "probationary", title = "填写入党志愿书",
     artifacts = {"volunteer_form"}},
    {code = "vote", stage = "probationary", title = "支部党员大会讨论",
     artifacts = {"minutes"}, fields = VOTE_FIELDS,
     guard = vote_ok, guard_doc = "到会和赞成人数均超过应到会有表决权党员的半数"},
    {code = "upper_talk", stage = "probationary", title = "上级党委派人谈话",
     artifacts = {"talk_record"}},
    {code = "approval", stage = "probationary", title = "上级党委审批",
     artifacts = {"approval"},
     deadlines = {
       {within = "$approval_within", from = "vote", label = "支部大会通过后三个月内审批"},
       {within = "$approval_max", from = "vote", kind = "interrupt",
        label = "审批最长不超过六个月"},
     },
     on_complete = function(c)
       local vote = c:completed("vote").date
       set_status(c, "probationary", vote, "支部大会通过，上级党委批准")
       c.db:member(c.case.member_id):update{joined = vote}
     end},
    {code = "approval_filed", stage = "probationary", title = "再上级党委组织部门备案"},
    -- V 预备党员的教育考察和转正
    {code = "placement", stage = "full", title = "编入党支部和党小组",
     fields = {group = {type = "org", required = false, doc = "编入的党小组"}},
     on_complete = function(c)
       if c.fields.group then c.db:member(c.case.member_id):join(c.fields.group, c.date) end
     end},
    {code = "oath", stage = "full", title = "入党宣誓"},
    {code = "education", stage = "full", title = "继续教育考察"},
    {code = "full_application", stage = "full", title = "提出转正申请",
     artifacts = {"application"},
     deadlines = {
       {not_before = "$probation", from = "vote", label = "预备期满一年"},
       {not_before = "0d", from = "extend.until", label = "延长的预备期期满"},
     }},
    {code = "full_vote", stage = "full", title = "支部党员大会讨论转正",
     artifacts = {"minutes"}, fields = VOTE_FIELDS,
     guard = vote_ok, guard_doc = "到会和赞成人数均超过应到会有表决权党员的半数",
     next = {
       {to = "full_approval", label = "按期转正"},
       {to = "extend", label = "延长预备期",
        when = function(c)
          if c:times("extend") >= c:param("extensions") then
            return false, string.format("预备期只能延长 %d 次", c:param("extensions"))
          end
          return true
        end},
       {to = "disqualify", label = "取消预备党员资格"},
     }},
    {code = "extend", stage = "full", title = "延长预备期",
     fields = {["until"] = {type = "date", doc = "延长后的预备期期满日"}},
     guard = function(c)
       local base = qufa.add(c:completed("vote").date, c:param("probation"))
       local lo, hi = qufa.add(base, c:param("extension_min")), qufa.add(base, c:param("extension_max"))
       local u = c.fields["until"]
       if u < lo or u > hi then
         return false, string.format("预备期原定 %s 期满，延长后应在 %s 至 %s 之间，而不是 %s", base,
           lo, hi, u)
       end
       return true
     end,
     guard_doc = "延长时间不少于半年、最长不超过一年",
     next = {to = "full_application", again = true}},
    {code = "full_approval", stage = "full", title = "上级党委审批转正",
     artifacts = {"approval"},
     on_complete = function(c)
       set_status(c, "full", probation_end(c), "按期转为正式党员")
     end},
    {code = "archive", stage = "full", title = "材料归档",
     artifacts = {"archive"}, final = true},
    {code = "disqualify", stage = "full", title = "取消预备党员资格", final = true,
     doc = "支部大会决定取消预备党员资格，报上级党委审批；此后的处理请另行记录。"},
  }),
}

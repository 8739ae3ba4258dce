-- branch-gy1.lua: the five standards 工业标准一部党支部 wrote for itself, and its tailoring
-- profile (gy1-profile) over the organ's system and the regulations.
--
-- Source: 《用“标准化”治党严细实》, 紫光阁网, 2017-09-05. It names five branch standards and
-- describes only one, 《半月谈活动规范》, in detail (GY1-BYT below). Of the other four it gives
-- the titles; they are written out here as the branch would, from what the seed reports of the
-- branch's practice and the public rules it follows (DOMAIN.md), each clause with its basis in
-- `article` or `note`: GY1-YESS 《一二三四支部工作制度和方法》 (with the committee members' duty
-- rotation), GY1-WYGX 《支部委员改选规范》 (tied to the election procedure), GY1-ZZSHH
-- 《支部组织生活会程序》 (with the democratic appraisal of members), GY1-DXZ 《党小组工作规范》.
-- A clause that records can show is judged; one that only another standard of the profile
-- judges says so in its note, so that a rule gives one finding and one reminder; one that no
-- record can show says "不核查" and why. docs/packs.md lists every clause and what it judges.
--
-- Load it into a database that has the org gy1 (the branch): branch standards name their org.
--
-- Effective date: the seed does not say when the branch adopted its standards. This pack takes
-- 2017-04-16, when the semimonthly talks begin in the demo: eight sessions had been held by
-- 5 September 2017, so the branch cannot have started in January (sixteen half months).

local EFFECTIVE = "2017-04-16"
local SOURCE = "工业标准一部党支部自行编制；据《用“标准化”治党严细实》（紫光阁网2017-09-05）"

---------------------------------------------------------------------------------------------
-- Helpers for the check functions below (they run in the sandbox with a read-only ctx.db).

-- the day a period is judged on: its end, or today while it runs
local function judged_day(ctx)
  local finish = ctx.period.finish
  return finish < ctx.today and finish or ctx.today
end

-- the posts of the branch committee (not the duty rotation, not the group leaders)
local COMMITTEE_POSTS = { secretary = true, deputy_secretary = true, organization = true,
  publicity = true, discipline = true, committee_member = true }

-- the committee of `org` on `day`: a set of member ids and the list of them, in stroke order
local function committee_on(ctx, org, day)
  local set, list = {}, {}
  for p in ctx.db:positions{org = org, on = day} do
    if COMMITTEE_POSTS[p.post] and not set[p.member_id] then
      set[p.member_id] = true
      list[#list + 1] = ctx.db:member(p.member_id, {on = day})
    end
  end
  return set, qufa.sort_names(list)
end

-- the party members (full and probationary) of `org` on `day`, in stroke order
local function party_members(ctx, org, day)
  return qufa.list(ctx.db:members{org = org, on = day, status = { "full", "probationary" },
    order = "strokes"})
end

-- "a, b, c and 4 more": long lists stay readable in one finding
local function some(list, max)
  max = max or 8
  if #list <= max then return table.concat(list, "、") end
  local head = {}
  for i = 1, max do head[i] = list[i] end
  return string.format("%s等%d项", table.concat(head, "、"), #list)
end

local function day_of(datetime) return datetime:sub(1, 10) end

-- a duration parameter as qufa.add takes it
local function duration(d) return tostring(d) end

-- "6m" -> "6个月", as the findings say it
local function duration_text(d)
  local n, unit = tostring(d):match("^(%d+)([dwmy])$")
  if not n then return tostring(d) end
  return n .. ({d = "日", w = "周", m = "个月", y = "年"})[unit]
end

-- Every election case of the org and what its completed steps recorded: {case, done =
-- {step = {date, fields}}}; the latest completion of a step wins.
local function election_cases(ctx)
  local out = {}
  for c in ctx.db:cases{procedure = "election", org = ctx.org} do
    local done = {}
    for e in c:history() do
      if e.action == "complete" then done[e.step] = {date = e.date, fields = e.fields or {}} end
    end
    out[#out + 1] = {case = c, done = done}
  end
  return out
end

-- Judges each election whose step `step` was completed within the period (up to the judged
-- day) with `judge(e, done)` -> true | false | "open", text; the worst verdict wins; n/a when
-- there was none.
local function each_election(ctx, p, step, judge)
  local day = judged_day(ctx)
  local found = {[true] = {}, [false] = {}, open = {}}
  for _i, e in ipairs(election_cases(ctx)) do
    local done = e.done[step]
    if done and done.date >= p.start and done.date <= day then
      local ok, text = judge(e, done)
      local list = found[ok == "open" and "open" or ok and true or false]
      list[#list + 1] = string.format("%s（事项%d）%s", done.date, e.case.id, text)
    end
  end
  for _i, verdict in ipairs({false, "open", true}) do
    if #found[verdict] > 0 then return verdict, table.concat(found[verdict], "；") end
  end
  return "n/a", p.code .. "：期间没有完成这一步的换届"
end

local function member_name(ctx, id)
  local m = ctx.db:member(id)
  return m and m.name or tostring(id)
end

-- The last election of the org up to `day`: the later of its attribute last_election and
-- its latest election meeting, as the election procedure and the `term` requirement count it.
local function last_election(ctx, org, day)
  local last = (org.attrs or {}).last_election
  for a in ctx.db:activities{org = org, kind = "election", to = day} do
    local d = day_of(a.starts_at)
    if not last or d > last then last = d end
  end
  for _i, e in ipairs(election_cases(ctx)) do
    local m = e.done.meeting
    if m and m.date <= day and (not last or m.date > last) then last = m.date end
  end
  return last
end

---------------------------------------------------------------------------------------------
-- 《一二三四支部工作制度和方法》: the seed gives only the title. Its “一二三四” is read here as the
-- branch's basic working system in four parts, each built from what the seed reports and the
-- rules it follows: 一个目标 (党建和业务融合), 两个责任 (主体责任, 监督责任), 三会一课, 四项制度
-- (主题党日, 支部委员轮值, 谈心谈话, 流动党员管理). Where a rule of it is judged by another
-- standard the profile applies, the clause says which and is not judged twice (one rule, one
-- finding, one reminder).
qufa.standard {
  code = "GY1-YESS",
  title = "一二三四支部工作制度和方法",
  origin = "branch", org = "gy1", issuer = "工业标准一部党支部",
  effective = EFFECTIVE, source_doc = SOURCE,
  scope = "工业标准一部党支部的基本工作制度：一个目标、两个责任、三会一课、四项制度。",
  note = "原文未公开。本标准按标题“一二三四”的结构编写，各条依据报道所述做法、《关于新形势下"
    .. "党内政治生活的若干准则》（2016）和《国家标准委机关全面从严治党标准体系》，依据写在各条。",
  clauses = {
    { number = "1", type = "陈述",
      text = "一个目标：紧紧围绕业务工作开展党建工作，把党建工作和业务工作紧密结合，解决“两张皮”"
        .. "问题。以“半月谈”为主要载体（见GY1-BYT）。",
      article = "报道：将党建工作和业务工作紧密结合；“半月谈”成为解决“两张皮”的有效方式",
      note = "不核查：目标本身没有可核查的记录；其载体“半月谈”由GY1-BYT核查" },

    -- 二、两个责任
    { number = "2.1", type = "应", responsible = "secretary",
      text = "支部书记履行全面从严治党主体责任，是支部党建工作第一责任人；书记不得空缺。",
      article = "报道：确保“两个责任”落实到位；《关于新形势下党内政治生活的若干准则》（2016）",
      require = qufa.position { post = "secretary" } },
    { number = "2.2", type = "宜", responsible = "discipline",
      text = "纪检委员履行监督责任，宜参加每次支部委员会会议。",
      article = "报道：为加强纪律检查工作，确保“两个责任”落实到位，专门选举纪检委员",
      require = qufa.check {
        subject = "activity", activity = "committee_meeting",
        fn = function(a, ctx)
          local day = day_of(a.starts_at)
          local holder = ctx.db:holder(a.org_id, "discipline", day)
          if not holder then return "n/a", "当日未设纪检委员" end
          for r in a:attendance() do
            if r.member_id == holder.id then
              if r.state == "present" or r.state == "late" then
                return true, "纪检委员" .. holder.name .. "参加"
              end
              local why = r.state == "leave" and "请假" or "缺席"
              return false, string.format("纪检委员%s未参加（%s%s）", holder.name, why,
                r.reason and "：" .. r.reason or "")
            end
          end
          return false, "考勤中没有纪检委员" .. holder.name
        end } },

    -- 三、三会一课
    { number = "3.1", type = "应", text = "支部党员大会一般每季度召开1次。",
      note = "核查见ZBGZTL/3.1（支部剪裁gy1-profile自2017-01-01采用该条例），此处不重复核查" },
    { number = "3.2", type = "应", text = "支部委员会会议一般每月召开1次。",
      note = "核查见ZBGZTL/4.1，此处不重复核查" },
    { number = "3.3", type = "应", text = "党小组会一般每月召开1次（见《党小组工作规范》）。",
      note = "核查见ZBGZTL/5，此处不重复核查" },
    { number = "3.4", type = "应", responsible = "secretary",
      text = "党课每季度至少1次；支部书记每年至少讲1次党课。",
      article = "报道：纪律教育月支部书记讲一次党课；“三会一课”制度（许多机关要求每季度1次党课）",
      note = "书记每年讲党课由TXGD/2核查，此处只核查每季度1次",
      require = qufa.cadence { activity = "lecture", per = "quarter", min = 1 } },
    { number = "3.5", type = "应", responsible = "organization",
      text = "支部党员大会和支部委员会会议做好会议记录（参加人员、议题、发言和决定），会后3日内"
        .. "整理（党小组会见GY1-DXZ/5，党课见SAC-DKJS/2.4）。",
      require = qufa.artifact { activity = { "general_meeting", "committee_meeting" },
        type = "minutes", within = 3 } },

    -- 四、四项制度
    { number = "4.1", type = "应", text = "主题党日：每月相对固定1天开展主题党日。",
      note = "核查见ZBGZTL/6.1，此处不重复核查" },
    -- "尝试开展了支部委员轮值制度": how the branch rotates is not public. Recorded here as the
    -- post on_duty (轮值委员), one committee member at a time, held over its turn.
    { number = "4.2.1", type = "应", responsible = "secretary",
      text = "支部委员轮值：支部委员轮流值班（职务“轮值委员”），负责当期支部日常工作的督促落实；"
        .. "每天都有轮值委员。",
      article = "报道：根据《党支部及委员职责》尝试开展了支部委员轮值制度",
      require = qufa.position { post = "on_duty" } },
    { number = "4.2.2", type = "应",
      text = "轮值委员由当时在任的支部委员担任。",
      require = qufa.check {
        subject = "period", per = "month",
        fn = function(p, ctx)
          local day = judged_day(ctx)
          local bad, n = {}, 0
          for pos in ctx.db:positions{org = ctx.org, post = "on_duty"} do
            local from = pos.start > p.start and pos.start or p.start
            if from <= day and (not pos.end_date or pos.end_date >= p.start) then
              n = n + 1
              local committee = committee_on(ctx, ctx.org, from)
              if not committee[pos.member_id] then
                bad[#bad + 1] = string.format("%s（%s起）不是支部委员", member_name(ctx, pos.member_id),
                  from)
              end
            end
          end
          if n == 0 then return "n/a", p.code .. "：没有轮值安排（见4.2.1）" end
          if #bad > 0 then return false, table.concat(bad, "；") end
          return true, string.format("%s：%d段轮值均由支部委员担任", p.code, n)
        end } },
    { number = "4.2.3", type = "宜",
      text = "委员依次轮值：一轮之中每名委员各轮值一次，再开始下一轮。",
      require = qufa.check {
        -- judged quarter by quarter (see 2.2 of GY1-WYGX on why not by the year); a round runs
        -- across quarters, so the turns are followed from the first, and the turns that start
        -- in the quarter are judged
        subject = "period", per = "quarter",
        fn = function(p, ctx)
          local day = judged_day(ctx)
          local turns, in_period = {}, 0
          for pos in ctx.db:positions{org = ctx.org, post = "on_duty"} do
            if pos.start <= day then
              turns[#turns + 1] = pos
              if pos.start >= p.start then in_period = in_period + 1 end
            end
          end
          if in_period == 0 then return "n/a", p.code .. "：没有轮值安排" end
          table.sort(turns, function(a, b) return a.start < b.start end)
          local served, bad, members_before = {}, {}, nil
          for _i, pos in ipairs(turns) do
            local committee, list = committee_on(ctx, ctx.org, pos.start)
            -- a new committee (a re-election, a by-election) starts a new round
            local ids = {}
            for _j, x in ipairs(list) do ids[#ids + 1] = x.id end
            table.sort(ids)
            local members_now = table.concat(ids, ",")
            if members_now ~= members_before then served = {} end
            members_before = members_now
            if served[pos.member_id] then
              local waiting = {}
              for _j, m in ipairs(list) do
                if not served[m.id] then waiting[#waiting + 1] = m.name end
              end
              if #waiting > 0 and pos.start >= p.start then
                bad[#bad + 1] = string.format("%s %s再次轮值，%s本轮尚未轮值", pos.start,
                  member_name(ctx, pos.member_id), table.concat(waiting, "、"))
              end
              served = {}
            end
            served[pos.member_id] = true
            -- a round ends once every member of the committee that day has served
            local all = true
            for id in pairs(committee) do all = all and served[id] end
            if all then served = {} end
          end
          if #bad > 0 then return false, table.concat(bad, "；") end
          return true, string.format("%s：%d次轮值依次进行", p.code, in_period)
        end } },
    { number = "4.3", type = "应",
      text = "谈心谈话：支部委员之间、支部委员和党员之间每年至少谈心谈话1次，结合组织生活会进行。",
      note = "核查见GY1-ZZSHH/3.1，此处不重复核查" },
    -- 流动党员: DOMAIN.md ("transfers: needed ... or 6+ months away"); public summaries of the
    -- rules on relationship management say a member away six months or more, at a fixed
    -- place, transfers the relationship there. The reminder gy1_mobile_transfer (below) says
    -- so ahead of the day.
    { number = "4.4", type = "应", responsible = "organization",
      text = "流动党员管理：党员外出（记为流动党员）时间达到6个月（参数 after）的，应转移组织关系"
        .. "（开具介绍信）；不满6个月的，与支部保持联系，按时请假、交纳党费。",
      article = "公开资料转述的党员组织关系管理规定（出处待核）；DOMAIN.md：外出6个月以上应转移"
        .. "组织关系",
      require = qufa.check {
        -- judged month by month: a yearly period would be n/a in the year the standard takes
        -- effect (it is not in force for the whole of it), hiding a member past the limit
        subject = "period", per = "month", args = { after = "6m" },
        fn = function(_p, ctx)
          local day = judged_day(ctx)
          local due_now, waiting, moved = {}, {}, {}
          for m in ctx.db:members{org = ctx.org, on = day, flag = "mobile"} do
            local since
            for e in m:history() do
              if e.what == "flag" and e.value == "mobile" and e.start <= day
                  and (not e.finish or e.finish >= day) then since = e.start end
            end
            local due = qufa.add(since, ctx.args.after)
            local letter
            -- a letter counts from its day: in July, a letter of 15 August is not issued yet
            for t in ctx.db:transfers{member = m, org = ctx.org} do
              if t.direction == "out" and t.status ~= "cancelled" and t.letter_date >= since
                  and t.letter_date <= day then
                letter = t.letter_date
              end
            end
            if letter then
              moved[#moved + 1] = string.format("%s（%s起外出，%s开具介绍信）", m.name, since, letter)
            elseif day >= due then
              due_now[#due_now + 1] = string.format("%s自%s外出（流动党员），%s已满%s，未转移组织关系",
                m.name, since, due, duration_text(ctx.args.after))
            else
              waiting[#waiting + 1] = string.format("%s自%s外出，%s满%s", m.name, since, due,
                duration_text(ctx.args.after))
            end
          end
          if #due_now > 0 then return false, table.concat(due_now, "；") end
          if #moved > 0 then return true, table.concat(moved, "；") end
          if #waiting > 0 then return "n/a", "外出未满期限：" .. table.concat(waiting, "；") end
          return "n/a", "没有流动党员"
        end } },
  },
}

-- The day a mobile member's six months are up: reminded to the organization member ahead of
-- it, and every run after it until the relationship is transferred (GY1-YESS/4.4).
qufa.reminder {
  code = "gy1_mobile_transfer", title = "流动党员外出满6个月，应转移组织关系", org = "gy1",
  subject = "member", responsible = "organization", lead = { "-30d", "-7d", "0d" },
  doc = "GY1-YESS 4.4",
  fn = function(m, ctx)
    if not m:has_flag("mobile", ctx.today) then return false end
    local since
    for e in m:history() do
      if e.what == "flag" and e.value == "mobile" and e.start <= ctx.today
          and (not e.finish or e.finish >= ctx.today) then since = e.start end
    end
    for t in ctx.db:transfers{member = m} do
      if t.direction == "out" and t.status ~= "cancelled" and t.letter_date >= since
          and t.letter_date <= ctx.today then
        return false
      end
    end
    local due = qufa.add(since, "6m")
    return {due = due, title = m.name .. "外出满6个月，应转移组织关系",
      message = string.format("%s自%s外出（流动党员），%s满6个月：请办理组织关系转移"
        .. "（GY1-YESS 4.4）", m.name, since, due)}
  end,
}

---------------------------------------------------------------------------------------------
-- 《支部委员改选规范》: the seed gives only the title. Written from the public election rules
-- (DOMAIN.md appendix B) as the branch would apply them, and tied to the shipped procedure
-- `election` (scripts/workflows/election.lua): its steps cite these clauses, and the clauses
-- judge what the cases leave on record.
qufa.standard {
  code = "GY1-WYGX",
  title = "支部委员改选规范",
  origin = "branch", org = "gy1", issuer = "工业标准一部党支部",
  effective = EFFECTIVE, source_doc = SOURCE,
  scope = "工业标准一部党支部委员会的届满改选（换届）和委员出缺补选。换届按 qufa 程序 election "
    .. "办理：qufa flow start election --org gy1。",
  note = "原文未公开。本标准依据《中国共产党章程》（2012）第三十条、《中国共产党基层组织选举工作"
    .. "暂行条例》（1990）和DOMAIN.md附录B编写，数字均为参数。",
  clauses = {
    { number = "1", type = "陈述",
      text = "换届按以下顺序进行：支部委员会研究决定→向机关党委书面请示→机关党委批复→提出委员候选人"
        .. "→机关党委审批候选人→召开党员大会选举→报告选举结果、委员会分工→机关党委批复书记、副书记。"
        .. "qufa 的程序 election 依次记录这些步骤，每一步注明所依条款。" },

    -- 2 任期和启动
    { number = "2.1", type = "应", text = "支部委员会每届任期3年，任期届满按期换届。",
      article = "《中国共产党章程》（2012）第三十条：支部委员会每届任期两年或三年",
      note = "核查见ZBGZTL/7（term，届满前90天起提醒），此处不重复核查" },
    { number = "2.2", type = "应", responsible = "secretary",
      text = "任期届满前3个月（参数 lead）内，支部委员会研究决定换届，并向机关党委书面请示"
        .. "（程序 election 的步骤 decision、request）。",
      article = "《中国共产党基层组织选举工作暂行条例》（1990）（据公开资料，条号待核）",
      require = qufa.check {
        -- judged quarter by quarter, as are the election clauses below: a standard is judged
        -- only for the periods it is in force throughout (docs/check-output.md), and the
        -- branch's standards take effect on 2017-04-16, so a yearly period would say nothing
        -- about the re-election of August 2017
        subject = "period", per = "quarter", args = { lead = "3m", term = "3y" },
        fn = function(p, ctx)
          local day = judged_day(ctx)
          -- a re-election decided in the period: judged against the term it ended (as its case
          -- computed it when it started)
          for _i, e in ipairs(election_cases(ctx)) do
            local d, r = e.done.decision, e.done.request
            local term_end = e.case.fields and e.case.fields.term_end
            if d and term_end and d.date >= p.start and d.date <= day then
              local deadline = qufa.add(term_end, "-" .. duration(ctx.args.lead))
              if d.date > deadline then
                return false, string.format("%s才研究决定换届，应不晚于%s（任期%s届满）", d.date,
                  deadline, term_end)
              end
              if r and r.date <= deadline then
                return true, string.format("%s研究决定换届、%s书面请示（任期%s届满，不晚于%s）",
                  d.date, r.date, term_end, deadline)
              end
              if r or day > deadline then
                return false, string.format("%s研究决定换届，书面请示应不晚于%s", d.date, deadline)
              end
              return "open", string.format("%s已研究决定换届，书面请示应不晚于%s", d.date, deadline)
            end
          end
          -- none: the term running now
          local last = last_election(ctx, ctx.org, day)
          if not last then return "n/a", "没有上次换届的日期（org 属性 last_election）" end
          local term_end = qufa.add(last, ctx.args.term)
          local deadline = qufa.add(term_end, "-" .. duration(ctx.args.lead))
          if day > deadline then
            return false, string.format("任期%s届满，应于%s前研究决定换届，尚未决定", term_end,
              deadline)
          end
          return "n/a", string.format("任期%s届满，应于%s前研究决定换届（尚未到期）", term_end,
            deadline)
        end } },
    { number = "2.3", type = "应", responsible = "secretary",
      text = "换届在任期届满时进行；提前或延期换届须经机关党委批准，期限一般不超过1年（程序 "
        .. "election 的期限）。",
      article = "《中国共产党基层组织选举工作暂行条例》（1990）；DOMAIN.md附录B",
      require = qufa.deadline { procedure = "election" } },

    -- 3 候选人
    { number = "3.1", type = "应",
      text = "委员候选人由支部委员会根据多数党员的意见提出，实行差额选举，候选人数多于应选人数的"
        .. "20%（参数 margin）；候选人为正式党员。",
      article = "《中国共产党基层组织选举工作暂行条例》（1990）（据公开资料，条号待核）",
      require = qufa.check {
        subject = "period", per = "quarter", args = { margin = 0.2 },
        fn = function(p, ctx)
          return each_election(ctx, p, "candidates", function(_e, done)
            local seats, n = done.fields.seats or 0, #(done.fields.candidates or {})
            local need = math.ceil(seats * (1 + ctx.args.margin) - 1e-9)
            return n >= need, string.format("应选%d名，候选人%d名（至少%d名）", seats, n, need)
          end)
        end } },
    { number = "3.2", type = "陈述",
      text = "候选人名单报机关党委审批（步骤 candidates_approval，留存批复）。",
      note = "不另核查：程序 election 要求批复材料，否则该步不能完成" },

    -- 4 选举大会
    { number = "4.1", type = "应",
      text = "选举大会有选举权的到会人数超过应到会有选举权人数的4/5（参数 quorum），会议有效。",
      article = "《中国共产党基层组织选举工作暂行条例》（1990）（据公开资料，条号待核）",
      require = qufa.check {
        subject = "period", per = "quarter", args = { quorum = 0.8 },
        fn = function(p, ctx)
          return each_election(ctx, p, "meeting", function(_e, done)
            local due = ctx.db:count_members{org = ctx.org, voting = true, on = done.date}
            local present = done.fields.present or 0
            return present <= due and present > due * ctx.args.quorum,
              string.format("应到会有选举权党员%d人，到会%d人（须超过%g）", due, present,
                ctx.args.quorum)
          end)
        end } },
    { number = "4.2", type = "应", text = "收回的选票不多于发出的选票，选举有效。",
      require = qufa.check {
        subject = "period", per = "quarter",
        fn = function(p, ctx)
          return each_election(ctx, p, "meeting", function(_e, done)
            local f = done.fields
            return (f.ballots_returned or 0) <= (f.ballots_issued or 0),
              string.format("发出选票%d张，收回%d张", f.ballots_issued or 0, f.ballots_returned or 0)
          end)
        end } },
    { number = "4.3", type = "应",
      text = "被选举人获得的赞成票超过实到会有选举权人数的一半，始得当选。",
      require = qufa.check {
        subject = "period", per = "quarter", args = { share = 0.5 },
        fn = function(p, ctx)
          return each_election(ctx, p, "meeting", function(_e, done)
            local f = done.fields
            return (f.lowest_votes or 0) > (f.present or 0) * ctx.args.share,
              string.format("到会%d人，当选人最少得%d票", f.present or 0, f.lowest_votes or 0)
          end)
        end } },
    { number = "4.4", type = "应",
      text = "当选人数等于应选人数；支部委员会由3至5人组成，一般不超过7人（参数 min、max）。",
      article = "《中国共产党支部工作条例（试行）》（2018）第九条",
      require = qufa.check {
        subject = "period", per = "quarter", args = { min = 3, max = 7 },
        fn = function(p, ctx)
          return each_election(ctx, p, "meeting", function(e, done)
            local n = #(done.fields.elected or {})
            local seats = e.done.candidates and e.done.candidates.fields.seats or n
            return n == seats and n >= ctx.args.min and n <= ctx.args.max,
              string.format("应选%d名，当选%d名（委员会%d至%d人）", seats, n, ctx.args.min,
                ctx.args.max)
          end)
        end } },

    -- 5 结果和接任
    { number = "5.1", type = "应", responsible = "secretary",
      text = "选举后1个月内（参数 within）将选举结果和委员会分工报机关党委；书记、副书记报机关党委"
        .. "批准（步骤 report、confirm）。",
      require = qufa.check {
        subject = "period", per = "quarter", args = { within = "1m" },
        fn = function(p, ctx)
          return each_election(ctx, p, "meeting", function(e, done)
            local due = qufa.add(done.date, ctx.args.within)
            local r = e.done.report
            if r and r.date <= due then
              return true, string.format("%s报告选举结果（不晚于%s）", r.date, due)
            end
            if r then return false, string.format("%s才报告选举结果，应不晚于%s", r.date, due) end
            if judged_day(ctx) > due then
              return false, string.format("选举结果应于%s前报机关党委，尚未报告", due)
            end
            return "open", string.format("选举结果应于%s前报机关党委", due)
          end)
        end } },
    { number = "5.2", type = "应",
      text = "机关党委批复后新一届委员会接任：书记、副书记和组织、宣传、纪检委员由当选委员分工担任，"
        .. "未分工的当选人任支部委员；上届委员会的职务（含轮值）同时终止。",
      require = qufa.check {
        subject = "period", per = "quarter",
        fn = function(p, ctx)
          return each_election(ctx, p, "confirm", function(e, done)
            local elected = {}
            for _i, id in ipairs(e.done.meeting and e.done.meeting.fields.elected or {}) do
              elected[id] = true
            end
            local bad, holders = {}, {}
            for pos in ctx.db:positions{org = ctx.org, on = done.date} do
              if COMMITTEE_POSTS[pos.post] or pos.post == "on_duty" then
                holders[pos.member_id] = true
                if not elected[pos.member_id] then
                  bad[#bad + 1] = string.format("%s仍任%s", member_name(ctx, pos.member_id),
                    ctx.db:label("post", pos.post))
                end
              end
            end
            for id in pairs(elected) do
              if not holders[id] then bad[#bad + 1] = member_name(ctx, id) .. "当选但没有职务" end
            end
            local secretary = e.done.report and e.done.report.fields.secretary
            local holder = ctx.db:holder(ctx.org, "secretary", done.date)
            if secretary and (not holder or holder.id ~= secretary) then
              bad[#bad + 1] = "书记不是委员会选出的" .. member_name(ctx, secretary)
            end
            table.sort(bad)
            if #bad > 0 then return false, "新一届委员会：" .. table.concat(bad, "；") end
            return true, "新一届委员会接任，上届职务已终止"
          end)
        end } },

    -- 6 补选
    { number = "6.1", type = "应", responsible = "secretary",
      text = "支部委员会设书记、组织委员、宣传委员（纪检委员见SAC-ZBWYZZ/2）；委员出缺时及时补选，"
        .. "职务不空缺。",
      require = {
        qufa.position { post = "organization" },
        qufa.position { post = "publicity" },
      },
      note = "书记是否空缺由GY1-YESS/2.1核查" },
    { number = "6.2", type = "陈述",
      text = "补选、增选委员由支部党员大会选举产生，报机关党委审批（报道：专门选举一名部门副主任担任"
        .. "纪检委员）。",
      note = "不核查：补选的请示和批复没有记录类型" },
  },
}

-- Starting the re-election on time (GY1-WYGX/2.2): reminded to the secretary ahead of the
-- last day, until the committee has decided.
qufa.reminder {
  code = "gy1_reelection_start", title = "支部委员会任期将满，研究决定换届并书面请示", org = "gy1",
  subject = "branch", responsible = "secretary", lead = { "-30d", "-7d", "0d" },
  doc = "GY1-WYGX 2.2",
  fn = function(b, ctx)
    local last = (b.attrs or {}).last_election
    for a in ctx.db:activities{org = b, kind = "election", to = ctx.today} do
      local d = a.starts_at:sub(1, 10)
      if not last or d > last then last = d end
    end
    if not last or last > ctx.today then return false end
    for c in ctx.db:cases{procedure = "election", org = b} do
      for e in c:history() do
        if e.action == "complete" and e.step == "decision" and e.date > last then return false end
      end
    end
    local term_end = qufa.add(last, "3y")
    return {due = qufa.add(term_end, "-3m"), message = string.format("本届支部委员会%s届满："
      .. "支部委员会应研究决定换届并向机关党委书面请示（GY1-WYGX 2.2）", term_end)}
  end,
}

---------------------------------------------------------------------------------------------
-- 《支部组织生活会程序》: the seed gives only the title. Written from the rules on
-- organizational life meetings and the democratic appraisal of members that go with them:
-- talks before, opinions collected, a self-review by each committee member, the meeting, its
-- minutes, and the rectification list reported to the organ's party committee after.
qufa.standard {
  code = "GY1-ZZSHH",
  title = "支部组织生活会程序",
  origin = "branch", org = "gy1", issuer = "工业标准一部党支部",
  effective = EFFECTIVE, source_doc = SOURCE,
  scope = "工业标准一部党支部的组织生活会（含专题组织生活会）和与之结合开展的民主评议党员。",
  note = "原文未公开。本标准依据《关于新形势下党内政治生活的若干准则》（2016）、《关于建立民主评议"
    .. "党员制度的意见》（中组部1988，据公开资料）和DOMAIN.md编写，数字均为参数。",
  clauses = {
    { number = "1", type = "应", text = "每年至少召开1次组织生活会。",
      note = "核查见ZBGZTL/6.2，此处不重复核查" },

    -- 2 (reserved for the subject: 会前支部委员会研究确定主题，报机关党委同意)
    { number = "2", type = "陈述",
      text = "会前，支部委员会研究确定会议主题，报机关党委同意。",
      note = "不核查：机关党委的同意没有记录类型" },

    -- 3 会前准备
    { number = "3.1", type = "应", responsible = "secretary",
      text = "会前开展谈心谈话：支部委员之间、支部委员和每名党员之间逐一谈话，在会前60日（参数 "
        .. "window）内完成。谈话记为“谈心谈话”活动，主持人和到场人员为谈话双方（一条记录可登记"
        .. "同一委员的多次谈话）。",
      article = "《关于新形势下党内政治生活的若干准则》（2016）：召开组织生活会前，党组织负责人"
        .. "要同班子成员和党员逐一谈心谈话（据公开资料）",
      require = qufa.check {
        subject = "activity", activity = "life_meeting", args = { window = 60 },
        fn = function(a, ctx)
          local day = day_of(a.starts_at)
          local committee, list = committee_on(ctx, a.org_id, day)
          if #list == 0 then return "n/a", "当日没有支部委员" end
          -- who talked with whom: the pairs of participants of each talk in the window
          local talked = {}
          local from = qufa.add(day, "-" .. ctx.args.window .. "d")
          for t in ctx.db:activities{org = a.org_id, kind = "heart_talk", from = from,
              to = qufa.add(day, "-1d")} do
            -- the host talked with each one there; without a host, those there with each other
            local there = {}
            for r in t:attendance() do
              if r.state == "present" or r.state == "late" then there[#there + 1] = r.member_id end
            end
            local hosts = t.host_id and {t.host_id} or there
            for _i, x in ipairs(hosts) do
              for _j, y in ipairs(there) do
                talked[x .. ":" .. y], talked[y .. ":" .. x] = true, true
              end
            end
          end
          local missing, pairs_n = {}, 0
          for _i, c in ipairs(list) do
            for _j, m in ipairs(party_members(ctx, a.org_id, day)) do
              -- each pair once: between two committee members, from the first one listed
              if m.id ~= c.id and not (committee[m.id] and m.id < c.id) then
                pairs_n = pairs_n + 1
                if not talked[c.id .. ":" .. m.id] then
                  missing[#missing + 1] = c.name .. "—" .. m.name
                end
              end
            end
          end
          if #missing > 0 then
            return false, string.format("会前%d日内应谈%d对，缺%d对：%s", ctx.args.window, pairs_n,
              #missing, some(missing))
          end
          return true, string.format("支部委员%d人与党员逐一谈心谈话，共%d对", #list, pairs_n)
        end } },
    { number = "3.2", type = "应", responsible = "organization",
      text = "会前广泛征求党员和群众的意见，形成征求意见汇总（材料“征求意见汇总”），至少提前1日"
        .. "（参数 before）。",
      require = qufa.artifact { activity = "life_meeting", type = "opinions", before = 1 } },
    { number = "3.3", type = "应",
      text = "每名支部委员在会前撰写对照检查材料（材料“对照检查材料”，attrs.author 记委员的党员"
        .. "编号或姓名）。",
      require = qufa.check {
        subject = "activity", activity = "life_meeting",
        fn = function(a, ctx)
          local day = day_of(a.starts_at)
          local _set, list = committee_on(ctx, a.org_id, day)
          if #list == 0 then return "n/a", "当日没有支部委员" end
          local by = {}
          for x in a:artifacts{type = "self_review"} do
            local who = x.attrs and x.attrs.author
            if who and x.issued_at <= a.starts_at then by[who] = true end
          end
          local missing = {}
          for _i, m in ipairs(list) do
            if not (by[m.name] or (m.code and by[m.code])) then missing[#missing + 1] = m.name end
          end
          if #missing > 0 then return false, "会前缺对照检查材料：" .. table.concat(missing, "、") end
          return true, string.format("支部委员%d人均在会前提交对照检查材料", #list)
        end } },

    -- 4 会议
    { number = "4.1", type = "应", responsible = "secretary",
      text = "会议由支部书记主持，依次：通报整改落实情况和会议准备情况；支部书记代表支部委员会对照"
        .. "检查；支部委员和党员逐一对照检查，开展批评和自我批评；明确整改方向。",
      require = qufa.agenda { activity = "life_meeting",
        segments = { "report", "self_review", "criticism", "rectification" }, ordered = true,
        labels = { report = "通报整改和准备情况", self_review = "支部委员会对照检查",
          criticism = "批评和自我批评", rectification = "明确整改方向" } } },
    { number = "4.2", type = "宜", text = "机关党委宜派人列席指导。",
      require = qufa.guest { activity = "life_meeting", role = "representative", min = 1 } },
    { number = "4.3", type = "应", responsible = "organization",
      text = "记录考勤，做好会议记录，会后3日内整理。",
      require = {
        qufa.attendance { activity = "life_meeting" },
        qufa.artifact { activity = "life_meeting", type = "minutes", within = 3 },
      } },

    -- 5 会后
    { number = "5.1", type = "应", responsible = "secretary",
      text = "会后15日内（参数 within）形成整改清单（问题、措施、责任人、时限），连同会议情况报告"
        .. "机关党委。",
      require = {
        qufa.artifact { activity = "life_meeting", type = "rectification", within = 15 },
        qufa.artifact { activity = "life_meeting", type = "report", within = 15 },
      } },
    { number = "5.2", type = "陈述",
      text = "整改落实情况在下一次组织生活会上通报（见4.1）。",
      note = "不另核查：由下一次会议的议程（4.1）体现" },

    -- 6 民主评议党员
    { number = "6.1", type = "应", text = "每年开展1次民主评议党员，与组织生活会结合进行。",
      note = "核查见ZBGZTL/6.3，此处不重复核查" },
    { number = "6.2", type = "应", responsible = "organization",
      text = "评议会上确定每名正式党员和预备党员的评议等次（优秀、合格、基本合格、不合格），并登记"
        .. "（qufa appraisal set）。",
      article = "《关于建立民主评议党员制度的意见》（中组部1988，据公开资料）",
      require = qufa.check {
        subject = "activity", activity = "appraisal",
        fn = function(a, ctx)
          local day = day_of(a.starts_at)
          local graded, n = {}, 0
          for r in ctx.db:appraisals{activity = a} do graded[r.member_id] = true end
          local missing = {}
          for _i, m in ipairs(party_members(ctx, a.org_id, day)) do
            n = n + 1
            if not graded[m.id] then missing[#missing + 1] = m.name end
          end
          if n == 0 then return "n/a", "当日没有党员" end
          if #missing == n then return false, "没有登记评议等次（qufa appraisal set）" end
          if #missing > 0 then return false, "没有评议等次：" .. table.concat(missing, "、") end
          return true, string.format("党员%d人均有评议等次", n)
        end } },
    { number = "6.3", type = "应",
      text = "评为优秀的党员一般不超过参评党员的1/3（参数 share）。",
      article = "《中国共产党支部工作条例（试行）》（2018）等（据二手资料，请核对原文）",
      require = qufa.check {
        subject = "activity", activity = "appraisal", args = { share = 1 / 3 },
        fn = function(a, ctx)
          local total, excellent = 0, 0
          for r in ctx.db:appraisals{activity = a} do
            total = total + 1
            if r.result == "excellent" then excellent = excellent + 1 end
          end
          if total == 0 then return "n/a", "没有登记评议等次（见6.2）" end
          return excellent <= total * ctx.args.share,
            string.format("评为优秀%d人，参评%d人（不超过%d人）", excellent, total,
              math.floor(total * ctx.args.share + 1e-9))
        end } },
    { number = "6.4", type = "陈述",
      text = "评为不合格的党员，按规定限期改正、劝其退党或予以除名。",
      note = "不核查：组织处置没有记录类型" },
  },
}

---------------------------------------------------------------------------------------------
-- 《党小组工作规范》: the seed gives only the title, and says the branch formed two party
-- groups under 《党支部会议程序》 in which the leaders take part as ordinary members.
qufa.standard {
  code = "GY1-DXZ",
  title = "党小组工作规范",
  origin = "branch", org = "gy1", issuer = "工业标准一部党支部",
  effective = EFFECTIVE, source_doc = SOURCE,
  scope = "工业标准一部党支部的党小组。",
  note = "原文未公开。本标准依据报道所述做法（按《党支部会议程序》成立两个党小组，领导干部以普通"
    .. "党员身份参加）、《中国共产党支部工作条例（试行）》（2018）第十三条和DOMAIN.md编写。",
  clauses = {
    { number = "1", type = "应", text = "支部按党员人数和工作需要划分党小组；本支部设两个党小组。",
      note = "核查见SAC-ZBHYCX/2（gy1-profile 设 groups = 2），此处不重复核查" },
    { number = "2", type = "陈述",
      text = "党小组由本支部的正式党员和预备党员组成；入党申请人、入党积极分子和发展对象不编入党"
        .. "小组，可列席党小组会。",
      note = "不另核查：qufa 拒绝把正式党员、预备党员以外的人编入党小组" },
    { number = "3", type = "应", responsible = "secretary",
      text = "每个党小组设党小组长1名，由支部委员会指定；党小组长不得空缺。",
      require = qufa.position { post = "group_leader", each = "group" } },
    { number = "4", type = "应", responsible = "group_leader", text = "党小组会一般每月召开1次。",
      article = "《中国共产党支部工作条例（试行）》（2018）第十三条",
      note = "核查见ZBGZTL/5（各党小组分别核查），此处不重复核查" },
    { number = "5", type = "应", responsible = "group_leader",
      text = "党小组会记录考勤，会后3日内整理会议记录。",
      require = {
        qufa.attendance { activity = "group_meeting" },
        qufa.artifact { activity = "group_meeting", type = "minutes", within = 3 },
      } },
    { number = "6", type = "宜",
      text = "党小组会以学习和交流为主：学习党章党规和总书记重要讲话，交流体会，反映思想动态。",
      require = qufa.agenda { activity = "group_meeting", segments = { "study", "discussion" },
        ordered = false, labels = { study = "学习", discussion = "交流、反映思想动态" } } },
    { number = "7", type = "应", responsible = "organization",
      text = "党小组长每季度向支部委员会汇报1次党小组工作（学习、活动和党员思想动态），汇报材料"
        .. "存档（登记为该党小组的“报告”材料）。",
      require = qufa.check {
        subject = "period", per = "quarter",
        fn = function(p, ctx)
          local day = judged_day(ctx)
          local done, missing = {}, {}
          for g in ctx.db:orgs{parent = ctx.org, kind = "group"} do
            local when
            for x in ctx.db:artifacts{org = g, type = "report"} do
              local d = day_of(x.issued_at)
              if d >= p.start and d <= day and (not when or d > when) then when = d end
            end
            if when then done[#done + 1] = g.name .. when else missing[#missing + 1] = g.name end
          end
          if #done + #missing == 0 then return "n/a", "没有党小组" end
          if #missing == 0 then return true, p.code .. "：" .. table.concat(done, "、") .. "汇报" end
          local text = string.format("%s：%s尚未汇报", p.code, table.concat(missing, "、"))
          if p.finish >= ctx.today then return "open", text end
          return false, text
        end } },
    { number = "8", type = "应",
      text = "领导干部和支部书记以普通党员身份编入党小组，参加党小组活动。",
      note = "核查见SAC-ZBHYCX/3，此处不重复核查" },
  },
}

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

-- organ-system.lua: 《国家标准委机关全面从严治党标准体系》, the standards system of the national
-- standards body's organ (the "organ" system), as far as it is public.
--
-- Source: 《用“标准化”治党严细实》, 紫光阁网, 2017-09-05 (the seed document). It says the system
-- was adopted in January 2017, has 6 categories and 45 standards, and names four standards
-- that 工业标准一部党支部 applies. Nothing more of the system is public:
--
--   * the 6 categories are 党组, 机关党委, 机关纪委, 党支部, 党员, 党建工作考核;
--   * how the 45 standards divide among them is not given. Placed here: 党支部 3 (会议程序,
--     党课讲授规范, 党支部及委员职责) and 党员 1 (组织关系转移接收) — that placement is ours;
--   * the other 41 standards are empty slots: their titles, categories and clauses are
--     unknown, and this pack invents none of them. Add each with qufa.standard{system =
--     "organ", category = …} once its text is at hand.
--
-- Of the four named standards only what the seed reports is encoded: the practices the branch
-- adopted "according to" each standard. Their full texts are not public either; each standard
-- says so in its first clause. Numbers the seed does not give are parameters with a default
-- that the clause text names.
--
-- Effective date: the seed says "January 2017" without a day. The standards take effect here
-- on 2017-02-01, the first day they were certainly adopted, so no day is judged before it.

qufa.system {
  code = "organ",
  title = "国家标准委机关全面从严治党标准体系",
  issuer = "国家标准委",
  description = "2017年1月国家标准委审议通过，由有关党务和标准化专家历时一年编制，6类45项党建标准。"
    .. "公开资料（紫光阁网2017-09-05）只点名了工业标准一部党支部实施的4项："
    .. "党支部类3项、党员类1项（归类为本包所作）。其余41项的名称、归类和条文均未公开，"
    .. "各类项数不详，本包不编造，留空待补。",
  categories = {
    { code = "party_group", title = "党组", description = "项数未公开；本包未收录标准。" },
    { code = "organ_committee", title = "机关党委", description = "项数未公开；本包未收录标准。" },
    { code = "organ_discipline", title = "机关纪委", description = "项数未公开；本包未收录标准。" },
    { code = "party_branch", title = "党支部",
      description = "项数未公开；本包收录3项（党支部会议程序、党课讲授规范、党支部及委员职责）。" },
    { code = "member", title = "党员",
      description = "项数未公开；本包收录1项（党员组织关系转移接收管理规范）。" },
    { code = "assessment", title = "党建工作考核", description = "项数未公开；本包未收录标准。" },
  },
}

local SOURCE = "《国家标准委机关全面从严治党标准体系》（2017年1月审议通过）；"
  .. "所收条款据《用“标准化”治党严细实》（紫光阁网2017-09-05）所述该支部的做法"
local EFFECTIVE = "2017-02-01"

local function not_public(title)
  return { number = "1", type = "陈述",
    text = "《" .. title .. "》全文未公开。以下条款只收录公开报道所述工业标准一部党支部"
      .. "据此采取的做法，其余要求待补。" }
end

-- the members of `org` on `day` (a list of member records)
local function members_on(ctx, org, day)
  return qufa.list(ctx.db:members{org = org, on = day})
end

local function judged_day(ctx)
  local finish = ctx.period.finish
  return finish < ctx.today and finish or ctx.today
end

---------------------------------------------------------------------------------------------
qufa.standard {
  code = "SAC-ZBHYCX",
  title = "党支部会议程序",
  system = "organ", category = "party_branch", origin = "issued", issuer = "国家标准委",
  effective = EFFECTIVE, source_doc = SOURCE,
  clauses = {
    not_public("党支部会议程序"),
    -- The seed: the branch "根据此项标准的要求，专门成立了两个党小组". How many groups the
    -- standard asks for is not said; the default is one, and gy1's tailoring sets two.
    { number = "2", type = "应",
      text = "党支部应按本标准要求划分党小组（组数为参数 groups，默认至少1个）。",
      require = qufa.check {
        subject = "org", args = { groups = 1 },
        fn = function(org, ctx)
          local n = qufa.count(ctx.db:orgs{parent = org, kind = "group"})
          return n >= ctx.args.groups,
            string.format("党小组%d个（要求至少%d个）", n, ctx.args.groups)
        end } },
    -- "分管委领导和支部书记都以普通党员的身份参加到党小组中". A leading cadre is marked on the
    -- member record with attrs.leading_cadre = true; the secretary is found by post.
    { number = "3", type = "应",
      text = "领导干部（分管委领导）和支部书记以普通党员身份编入党小组，参加党小组活动。",
      require = qufa.check {
        subject = "org", args = { posts = { "secretary" }, attr = "leading_cadre" },
        fn = function(org, ctx)
          local day = judged_day(ctx)
          local posts = {}
          for _i, post in ipairs(ctx.args.posts) do
            local h = ctx.db:holder(org, post, day)
            if h then posts[h.id] = true end
          end
          local outside, n = {}, 0
          for _i, m in ipairs(members_on(ctx, org.id, day)) do
            if posts[m.id] or (m.attrs and m.attrs[ctx.args.attr]) then
              n = n + 1
              if not m.group_id then outside[#outside + 1] = m.name end
            end
          end
          if n == 0 then return "n/a", "无应编入党小组的领导干部或书记" end
          if #outside > 0 then return false, "未编入党小组：" .. table.concat(outside, "、") end
          return true, string.format("%d人均已编入党小组", n)
        end } },
  },
}

---------------------------------------------------------------------------------------------
-- The seed on the lecture the secretary gave in the discipline education month: notice before,
-- the organ's party committee invited, courseware as written text and PPT, minutes with
-- attendees, content and the members' discussion, photos, and a news brief promptly after.
qufa.standard {
  code = "SAC-DKJS",
  title = "党课讲授规范",
  system = "organ", category = "party_branch", origin = "issued", issuer = "国家标准委",
  effective = EFFECTIVE, source_doc = SOURCE,
  clauses = {
    not_public("党课讲授规范"),
    { number = "2.1", type = "应",
      text = "课前下发通知（报道未说提前几天：参数 before 默认0，即不晚于党课当日）。",
      require = qufa.artifact { activity = "lecture", type = "notice", before = 0 } },
    { number = "2.2", type = "应",
      text = "邀请机关党委代表参加。",
      require = qufa.guest { activity = "lecture", role = "representative", min = 1 } },
    -- Courseware is told apart by attrs.form ("text" or "slides") or by its MIME type.
    { number = "2.3", type = "应",
      text = "讲课人准备党课课件，形成书面材料和PPT。",
      require = qufa.check {
        subject = "activity", activity = "lecture",
        args = { forms = { text = "书面材料", slides = "PPT" } },
        fn = function(a, ctx)
          local found = {}
          for x in a:artifacts{type = "courseware"} do
            local form = x.attrs and x.attrs.form
            local mime = x.mime or ""
            if not form then
              if mime:find("presentation", 1, true) or mime:find("powerpoint", 1, true) then
                form = "slides"
              elseif mime ~= "" then
                form = "text"
              end
            end
            if form then found[form] = true end
          end
          local missing = {}
          for form, label in pairs(ctx.args.forms) do
            if not found[form] then missing[#missing + 1] = label end
          end
          table.sort(missing)
          if #missing > 0 then return false, "课件缺少" .. table.concat(missing, "、") end
          return true, "课件齐全"
        end } },
    { number = "2.4", type = "应",
      text = "课中做好会议记录，包括参加人员、讲课内容、党员讨论发言情况。",
      require = {
        qufa.artifact { activity = "lecture", type = "minutes" },
        qufa.attendance { activity = "lecture" },
        qufa.agenda { activity = "lecture", segments = { "lecture", "discussion" },
          labels = { lecture = "讲课", discussion = "党员讨论发言" } },
      } },
    { number = "2.5", type = "应",
      text = "拍照留底。",
      require = qufa.artifact { activity = "lecture", type = "photo" } },
    { number = "2.6", type = "应",
      text = "课后及时撰写活动简讯（报道只说“及时”：参数 within 默认3日）。",
      require = qufa.artifact { activity = "lecture", type = "news", within = 3 } },
  },
}

---------------------------------------------------------------------------------------------
qufa.standard {
  code = "SAC-ZBWYZZ",
  title = "党支部及委员职责",
  system = "organ", category = "party_branch", origin = "issued", issuer = "国家标准委",
  effective = EFFECTIVE, source_doc = SOURCE,
  clauses = {
    not_public("党支部及委员职责"),
    -- "为加强纪律检查工作……专门选举一名部门副主任担任纪检委员"
    { number = "2", type = "应",
      text = "支部委员会设纪检委员，加强纪律检查工作，落实“两个责任”。",
      require = qufa.position { post = "discipline" } },
    -- "尝试开展了支部委员轮值制度": a trial; how the organ's standard wants it done is not public.
    -- The branch wrote its own rules for it: GY1-YESS/4.2 (scripts/packs/branch-gy1.lua).
    { number = "3", type = "陈述",
      text = "支部委员轮值：工业标准一部党支部据本标准尝试开展（本标准的轮值办法未公开，不核查；"
        .. "该支部的轮值制度见GY1-YESS/4.2）。" },
  },
}

---------------------------------------------------------------------------------------------
-- "按程序接收挂职干部的党组织关系". A seconded cadre is marked on the member record with
-- attrs.seconded = true; the procedure is done when the incoming transfer is completed (its
-- receipt recorded). The one-month limit for the receipt is in regulations.lua (TXGD/3).
qufa.standard {
  code = "SAC-ZZGXZJ",
  title = "党员组织关系转移接收管理规范",
  system = "organ", category = "member", origin = "issued", issuer = "国家标准委",
  effective = EFFECTIVE, source_doc = SOURCE,
  clauses = {
    not_public("党员组织关系转移接收管理规范"),
    { number = "2", type = "应",
      text = "按程序接收挂职干部的党组织关系（转入手续完成、回执已寄回），"
        .. "保障党员正当行使权利和履行义务。",
      require = qufa.check {
        subject = "org", args = { attr = "seconded" },
        fn = function(org, ctx)
          local day = judged_day(ctx)
          local missing, pending, n = {}, {}, 0
          for _i, m in ipairs(members_on(ctx, org.id, day)) do
            if m.attrs and m.attrs[ctx.args.attr] then
              n = n + 1
              local state
              for t in ctx.db:transfers{member = m, org = org} do
                if t.direction == "in" and t.status ~= "cancelled" then
                  state = (state == "completed" or t.status == "completed") and "completed"
                    or "pending"
                end
              end
              if not state then
                missing[#missing + 1] = m.name
              elseif state == "pending" then
                pending[#pending + 1] = m.name
              end
            end
          end
          if n == 0 then return "n/a", "无挂职党员" end
          if #missing > 0 then
            return false, "未办理组织关系转入：" .. table.concat(missing, "、")
          end
          if #pending > 0 then return "open", "转入待完成：" .. table.concat(pending, "、") end
          return true, string.format("%d名挂职党员的组织关系均已按程序接收", n)
        end } },
  },
}

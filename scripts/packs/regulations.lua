-- regulations.lua: public Party rules as checkable clauses (the "regulations" system).
--
-- Load it with `qufa standards load scripts/packs/regulations.lua`. Every standard names its
-- source document (source_doc), its version and the date it took effect; clauses carry the
-- article (`article`) where it is known. Every number is a parameter, so a branch corrects
-- one by tailoring (qufa.tailor{set = {["ZBGZTL/3.1#1"] = {per = "month"}}}) instead of
-- editing this file; a revised regulation is loaded as a new standard with `replaces`.
--
-- Dates matter: a standard judges only the days it is in force. The 2018 branch regulation and
-- the 2020 election regulation therefore do not judge 2017 (the year of the demo), and the
-- rules below whose document is not known carry no date at all: they take effect on the day
-- the pack is loaded (see TXGD).
--
-- Where a rule is stated but the engine has nothing to check it with, the clause is a
-- statement (陈述) and the comment says why.

qufa.system {
  code = "regulations",
  title = "党内法规和公开规定",
  issuer = "中共中央、中共中央办公厅等",
  description = "党内法规和有关公开规定中可核查的要求。条文以原文为准；数字均为参数，"
    .. "可通过剪裁更正。",
  categories = {
    { code = "branch_work", title = "支部工作" },
    { code = "election", title = "选举" },
    { code = "membership", title = "党员发展和管理" },
  },
}

---------------------------------------------------------------------------------------------
-- Helpers for the check functions (they run in the sandbox with a read-only ctx.db).

-- the day a check judges: the end of the period, or today if the period has not ended
local function judged_day(ctx)
  local finish = ctx.period.finish
  return finish < ctx.today and finish or ctx.today
end

-- members of the activity's org with voting rights that day, and how many of them were present:
-- the counting model every output uses (docs/counting.md), so a vote is judged on the numbers
-- the attendance requirement (3.2) and the minutes show
local function voting_present(_ctx, a)
  local c = a:counts()
  return c.voting, c.present_voting
end

-- the distinct members holding any of `posts` in `org` on `day`
local function post_holders(ctx, org, day, posts)
  local wanted, holders, n = {}, {}, 0
  for _i, p in ipairs(posts) do wanted[p] = true end
  for p in ctx.db:positions{org = org, on = day} do
    if wanted[p.post] and not holders[p.member_id] then
      holders[p.member_id] = true
      n = n + 1
    end
  end
  return holders, n
end

-- "more than num/den": the comparison party rules use for quorums and majorities
local function more_than(count, total, num, den)
  return count * den > total * num
end

-- the votes recorded on a general meeting: attrs.votes = {{item =, kind =, yes =, no =,
-- abstain =}, …}; `kinds` limits them to some kinds (nil: all)
local function votes_of(a, kinds)
  local list = {}
  local wanted
  if kinds then
    wanted = {}
    for _i, k in ipairs(kinds) do wanted[k] = true end
  end
  for _i, v in ipairs((a.attrs and a.attrs.votes) or {}) do
    if not wanted or wanted[v.kind] then list[#list + 1] = v end
  end
  return list
end

local COMMITTEE_POSTS = { "secretary", "deputy_secretary", "organization", "publicity",
  "discipline", "committee_member" }

---------------------------------------------------------------------------------------------
-- 《中国共产党支部工作条例（试行）》(2018). Articles 4, 11, 12 and 13 are quoted as published;
-- for the other clauses the article number is left out rather than guessed.
qufa.standard {
  code = "ZBGZTL",
  title = "中国共产党支部工作条例（试行）",
  version = "2018",
  system = "regulations",
  category = "branch_work",
  origin = "issued",
  issuer = "中共中央",
  published = "2018-10-28",
  effective = "2018-10-28",
  source_doc = "《中国共产党支部工作条例（试行）》，中共中央2018年10月28日发布，自发布之日起施行",
  scope = "党的支部。村、社区党支部委员会任期为5年，剪裁 ZBGZTL/7#1 的 years 即可。",
  clauses = {
    { number = "1", type = "陈述",
      text = "本标准摘录条例中可核查的要求，条文以原文为准。" },

    { number = "2", type = "应", article = "第四条",
      text = "凡是有正式党员3人以上的，都应当成立党支部（核查：支部正式党员不少于3人）。",
      require = qufa.members { status = { "full" }, min = 3 } },

    { number = "3.1", type = "应", article = "第十一条", responsible = "secretary",
      text = "党支部党员大会由全体党员参加，一般每季度召开1次。",
      require = qufa.cadence { activity = "general_meeting", per = "quarter", min = 1 } },
    -- The article requires the quorum for votes; a general meeting without a vote is checked
    -- too, because the records do not say whether a vote was planned.
    { number = "3.2", type = "应", article = "第十一条",
      text = "党员大会表决必须有半数以上有表决权的党员到会方可进行"
        .. "（核查：到会人数超过有表决权党员的1/2）。",
      require = qufa.attendance { activity = "general_meeting", base = "voting",
        quorum = ">1/2" } },
    { number = "3.3", type = "应", article = "第十一条",
      text = "赞成人数超过应到会有表决权的党员的半数为通过"
        .. "（核查会议记录的表决 attrs.votes：赞成票 yes 超过有表决权党员的1/2）。",
      require = qufa.check {
        subject = "activity", activity = "general_meeting", args = { num = 1, den = 2 },
        fn = function(a, ctx)
          local votes = votes_of(a)
          if #votes == 0 then return "n/a", "本次会议未记录表决" end
          local due = voting_present(ctx, a)
          local bad = {}
          for _i, v in ipairs(votes) do
            if not more_than(v.yes or 0, due, ctx.args.num, ctx.args.den) then
              bad[#bad + 1] = string.format("%s（赞成%d，应到会有表决权党员%d）",
                v.item or "?", v.yes or 0, due)
            end
          end
          if #bad > 0 then
            return false, "未获通过却按通过记录：" .. table.concat(bad, "；"), {cause = "vote/majority"}
          end
          return true, string.format("%d项表决均获通过", #votes)
        end } },

    { number = "4.1", type = "应", article = "第十二条", responsible = "secretary",
      text = "党支部委员会会议一般每月召开1次。",
      require = qufa.cadence { activity = "committee_meeting", per = "month", min = 1 } },
    { number = "4.2", type = "应", article = "第十二条",
      text = "党支部委员会会议须有半数以上委员到会方可进行。",
      require = qufa.attendance { activity = "committee_meeting", quorum = ">1/2",
        base = "posts", posts = COMMITTEE_POSTS } },

    { number = "5", type = "应", article = "第十三条",
      text = "党小组会一般每月召开1次。",
      require = qufa.cadence { activity = "group_meeting", per = "month", min = 1,
        each = "group" } },

    { number = "6.1", type = "应",
      text = "党支部每月相对固定1天开展主题党日。",
      require = qufa.cadence { activity = "theme_day", per = "month", min = 1 } },
    { number = "6.2", type = "应",
      text = "党支部每年至少召开1次组织生活会。",
      require = qufa.cadence { activity = "life_meeting", per = "year", min = 1 } },
    { number = "6.3", type = "应",
      text = "党支部一般每年开展1次民主评议党员。",
      require = qufa.cadence { activity = "appraisal", per = "year", min = 1 } },
    -- The one-third ceiling is listed with this regulation by secondary sources; the article
    -- is not known. The results are the grades recorded per member (db:set_appraisal, `qufa
    -- appraisal set`) for the appraisal meeting; a meeting without them may carry the totals
    -- as attrs.results = {total =, excellent =}.
    { number = "6.4", type = "应",
      text = "民主评议党员评为优秀的比例不超过1/3（据二手资料，请核对原文）。",
      require = qufa.check {
        subject = "period", per = "year", args = { share = 1 / 3 },
        fn = function(p, ctx)
          local total, excellent, held = 0, 0, 0
          for a in ctx.db:activities{org = ctx.org, kind = "appraisal", from = p.start,
              to = p.finish} do
            held = held + 1
            local graded = 0
            for r in ctx.db:appraisals{activity = a} do
              graded, total = graded + 1, total + 1
              if r.result == "excellent" then excellent = excellent + 1 end
            end
            if graded == 0 then
              local r = (a.attrs and a.attrs.results) or {}
              total, excellent = total + (r.total or 0), excellent + (r.excellent or 0)
            end
          end
          if held == 0 then
            if p.finish >= ctx.today then return "open", p.code .. "：尚未开展民主评议" end
            return "n/a", p.code .. "：未开展民主评议（见6.3）"
          end
          if total == 0 then
            return false, p.code .. "：民主评议未记录评议结果（qufa appraisal set）"
          end
          return excellent <= total * ctx.args.share,
            string.format("%s：评为优秀%d人，参评%d人", p.code, excellent, total)
        end } },

    -- 第六章 (committee and term); the article numbers are not quoted here.
    { number = "7", type = "应",
      text = "党支部委员会每届任期一般为3年（村、社区为5年）。",
      require = qufa.term { years = 3 } },
    { number = "8", type = "应",
      text = "有正式党员7人以上的党支部，应当设立党支部委员会，由3至5人组成，一般不超过7人。",
      require = qufa.check {
        subject = "org", args = { threshold = 7, min = 3, max = 7, posts = COMMITTEE_POSTS },
        fn = function(org, ctx)
          local day = judged_day(ctx)
          local full = ctx.db:count_members{org = org.id, status = "full", on = day}
          if full < ctx.args.threshold then
            return "n/a", string.format("正式党员%d人，不足%d人，可不设委员会", full,
              ctx.args.threshold)
          end
          local _h, n = post_holders(ctx, org.id, day, ctx.args.posts)
          return n >= ctx.args.min and n <= ctx.args.max,
            string.format("正式党员%d人；支部委员%d人（要求%d至%d人）", full, n, ctx.args.min,
              ctx.args.max)
        end } },
  },
}

---------------------------------------------------------------------------------------------
-- 《中国共产党基层组织选举工作条例》(2020); it replaced the 1990 provisional regulation, which is
-- not in this pack. An election records attrs.seats, attrs.candidates and attrs.elected =
-- {{name =, votes =}, …}.
qufa.standard {
  code = "JCXJTL",
  title = "中国共产党基层组织选举工作条例",
  version = "2020",
  system = "regulations",
  category = "election",
  origin = "issued",
  issuer = "中共中央",
  published = "2020-07-13",
  effective = "2020-07-13",
  source_doc = "《中国共产党基层组织选举工作条例》，2020年6月29日中共中央政治局会议审议批准，"
    .. "2020年7月13日中共中央发布",
  clauses = {
    { number = "1", type = "陈述",
      text = "本标准摘录条例中可核查的要求，条文以原文为准。" },
    -- Needs the upper organisation's approval on record: no such record type exists yet.
    { number = "2", type = "陈述", article = "第三条",
      text = "委员会任期届满应当按期进行换届选举；如需延期或者提前进行换届选举，应当报上级党组织"
        .. "批准，延长或者提前期限一般不超过1年（任期核查见 ZBGZTL/7；上级批准无记录，不核查）。" },
    { number = "3", type = "陈述", article = "第五条",
      text = "正式党员有表决权、选举权、被选举权；受留党察看处分的党员在留党察看期间和预备党员"
        .. "没有表决权、选举权和被选举权（到会人数按有表决权的党员计，见4）。" },
    { number = "4", type = "应",
      text = "进行选举时，有选举权的到会人数超过应到会人数的4/5，会议有效。",
      require = qufa.attendance { activity = "election", base = "voting", quorum = ">4/5" } },
    { number = "5", type = "应",
      text = "委员候选人数应多于应选人数的20%（核查选举记录的 attrs.seats 和 attrs.candidates；"
        .. "书记、副书记实行等额选举，不在此列）。",
      require = qufa.check {
        subject = "activity", activity = "election", args = { margin = 0.2 },
        fn = function(a, ctx)
          local at = a.attrs or {}
          if not at.seats or not at.candidates then
            return false, "选举记录缺少应选人数（seats）或候选人数（candidates）"
          end
          local need = math.ceil(at.seats * (1 + ctx.args.margin) - 1e-9)
          return at.candidates >= need,
            string.format("应选%d人，候选人%d人（至少%d人）", at.seats, at.candidates, need)
        end } },
    { number = "6", type = "应",
      text = "被选举人获得的赞成票超过实到会有选举权人数的一半，始得当选"
        .. "（核查选举记录的 attrs.elected）。",
      require = qufa.check {
        subject = "activity", activity = "election", args = { num = 1, den = 2 },
        fn = function(a, ctx)
          local elected = (a.attrs and a.attrs.elected) or {}
          if #elected == 0 then return false, "选举记录缺少当选人及得票（attrs.elected）" end
          local _due, came = voting_present(ctx, a)
          local bad = {}
          for _i, e in ipairs(elected) do
            if not more_than(e.votes or 0, came, ctx.args.num, ctx.args.den) then
              bad[#bad + 1] = string.format("%s %d票", e.name or "?", e.votes or 0)
            end
          end
          if #bad > 0 then
            return false, string.format("实到会有选举权%d人，得票未过半：%s", came,
              table.concat(bad, "、"))
          end
          return true, string.format("实到会有选举权%d人，%d人当选均过半", came, #elected)
        end } },
  },
}

---------------------------------------------------------------------------------------------
-- 《中国共产党发展党员工作细则》(2014), only the general meeting's vote: the time limits of the
-- 25 steps belong to the admission procedure. The vote is recorded on the general meeting as
-- attrs.votes = {{item =, kind = "admission" | "full_membership", yes =, no =, abstain =}}.
-- A revision was issued in 2026: load it as a new standard with replaces = "FZDYXZ".
local ADMISSION_VOTES = { "admission", "full_membership" }
qufa.standard {
  code = "FZDYXZ",
  title = "中国共产党发展党员工作细则",
  version = "2014",
  system = "regulations",
  category = "membership",
  origin = "issued",
  issuer = "中共中央办公厅",
  -- the publication day (Xinhua, 10 June 2014); the day of issue is not quoted here
  published = "2014-06-10",
  source_doc = "《中国共产党发展党员工作细则》，中共中央办公厅2014年印发（新华社2014年6月10日播发）",
  clauses = {
    { number = "1", type = "陈述",
      text = "本标准只收录支部党员大会讨论接收预备党员和预备党员转正时的表决要求；"
        .. "发展党员各步骤的时限由发展党员程序管理。" },
    { number = "2", type = "应",
      text = "支部党员大会讨论接收预备党员、预备党员转正，有表决权的到会人数必须超过应到会"
        .. "有表决权人数的半数。",
      require = qufa.check {
        subject = "activity", activity = "general_meeting",
        args = { num = 1, den = 2, kinds = ADMISSION_VOTES },
        fn = function(a, ctx)
          if #votes_of(a, ctx.args.kinds) == 0 then return "n/a", "本次会议未讨论发展党员" end
          local due, came = voting_present(ctx, a)
          -- the same lapse as an attendance quorum of the same meeting (ZBGZTL 3.2): one cause
          return more_than(came, due, ctx.args.num, ctx.args.den),
            string.format("应到会有表决权党员%d人，实到%d人（要求超过%d/%d）", due, came,
              ctx.args.num, ctx.args.den), {cause = "attendance/turnout"}
        end } },
    { number = "3", type = "应",
      text = "赞成人数超过应到会有表决权的正式党员的半数，才能通过。",
      require = qufa.check {
        subject = "activity", activity = "general_meeting",
        args = { num = 1, den = 2, kinds = ADMISSION_VOTES },
        fn = function(a, ctx)
          local votes = votes_of(a, ctx.args.kinds)
          if #votes == 0 then return "n/a", "本次会议未讨论发展党员" end
          local due = voting_present(ctx, a)
          local bad = {}
          for _i, v in ipairs(votes) do
            if not more_than(v.yes or 0, due, ctx.args.num, ctx.args.den) then
              bad[#bad + 1] = string.format("%s（赞成%d）", v.item or "?", v.yes or 0)
            end
          end
          if #bad > 0 then
            return false, string.format("应到会有表决权党员%d人，赞成未过半：%s", due,
              table.concat(bad, "；")), {cause = "vote/majority"}
          end
          return true, string.format("应到会有表决权党员%d人，%d项表决赞成均过半", due, #votes)
        end } },
  },
}

---------------------------------------------------------------------------------------------
-- Rules that secondary sources state without naming the document. They carry no date: they
-- take effect on the day the pack is loaded, and never judge the past. Correct and date them
-- once the document is known.
qufa.standard {
  code = "TXGD",
  title = "党支部工作常见要求（出处待核）",
  version = "公开资料",
  system = "regulations",
  category = "membership",
  origin = "issued",
  source_doc = "公开资料的二手转述；原始文件名称及条款待核实",
  clauses = {
    { number = "1", type = "陈述",
      text = "以下要求见于公开资料的转述，尚未核对原始文件；使用前请核对并通过剪裁更正。" },

    -- The 2018 branch regulation says "党委（党组）书记每年至少讲1次党课"; many organs ask the
    -- branch secretary for one a year, some for one a quarter (set per = "quarter").
    { number = "2", type = "应", responsible = "secretary",
      text = "党支部书记每年至少为党员讲1次党课（不少机关要求每季度1次，可剪裁）。",
      require = qufa.cadence { activity = "lecture", per = "year", min = 1,
        lecturer = "secretary" } },

    -- Transfers are not a subject the engine iterates, so the branch is the subject and the
    -- message lists each transfer. An incoming transfer's receipt is the one this branch sends
    -- back; an outgoing one's is the one it waits for (the sender stays responsible).
    { number = "3", type = "应",
      text = "组织关系转接的回执应在1个月内寄回（按介绍信日期起算）。",
      require = qufa.check {
        subject = "org", args = { within = "1m" },
        fn = function(org, ctx)
          local day = judged_day(ctx)
          local late, waiting, ok = {}, {}, 0
          for t in ctx.db:transfers{org = org.id} do
            if t.letter_date >= ctx.period.start and t.letter_date <= day
                and t.status ~= "cancelled" then
              local due = qufa.add(t.letter_date, ctx.args.within)
              local who = ctx.db:member(t.member_id)
              local label = string.format("%s（%s，介绍信%s）", who and who.name or "?",
                t.direction == "in" and "转入" or "转出", t.letter_date)
              if t.receipt_date and t.receipt_date <= due then
                ok = ok + 1
              elseif t.receipt_date or day > due then
                late[#late + 1] = label .. "，回执应于" .. due .. "前"
              else
                waiting[#waiting + 1] = label .. "，回执应于" .. due .. "前"
              end
            end
          end
          if #late > 0 then return false, "回执逾期：" .. table.concat(late, "；") end
          if #waiting > 0 then return "open", "待回执：" .. table.concat(waiting, "；") end
          if ok == 0 then return "n/a", "期间无组织关系转接" end
          return true, string.format("%d笔转接回执均按期", ok)
        end } },
    { number = "4", type = "应",
      text = "组织关系介绍信有效期最长不超过3个月。",
      require = qufa.check {
        subject = "org", args = { max = "3m" },
        fn = function(org, ctx)
          local day = judged_day(ctx)
          local bad, n = {}, 0
          for t in ctx.db:transfers{org = org.id} do
            if t.letter_date >= ctx.period.start and t.letter_date <= day and t.valid_days then
              n = n + 1
              local expires = qufa.add(t.letter_date, t.valid_days .. "d")
              if expires > qufa.add(t.letter_date, ctx.args.max) then
                bad[#bad + 1] = string.format("%s 有效期%d天", t.letter_no or t.letter_date,
                  t.valid_days)
              end
            end
          end
          if n == 0 then return "n/a", "期间无记录有效期的介绍信" end
          if #bad > 0 then return false, "有效期过长：" .. table.concat(bad, "；") end
          return true, string.format("%d封介绍信有效期均不超过%s", n, ctx.args.max)
        end } },
    -- "Out of contact for 6 months" has no record in qufa (there is no contact log).
    { number = "5", type = "陈述",
      text = "党员与党组织失去联系6个月以上的，按规定停止党籍（无联系记录，不核查）。" },

    -- Class hours are read from the activities a member attended: attrs.class_hours on each
    -- activity that counts as training (学时). Training outside the branch is not recorded.
    { number = "6", type = "应",
      text = "党员每年集中学习培训一般不少于32学时，党支部书记不少于56学时"
        .. "（按出席活动的 attrs.class_hours 累计）。",
      require = qufa.hours { attr = "class_hours", min = 32, per = "year",
        posts = { secretary = 56 } } },
  },
}

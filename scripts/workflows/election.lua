-- 支委改选: re-electing a branch committee (DOMAIN.md appendix B). The case starts from the term
-- computed from the org's last election (its latest election meeting, or its attribute
-- last_election, or --set last_election=YYYY-MM-DD); the election meeting is due when the term
-- ends, and may be delayed or advanced by at most a year with approval.
--
--   qufa flow start election --org gy1

--
-- The demo branch's own 《支部委员改选规范》 (GY1-WYGX in scripts/packs/branch-gy1.lua) follows
-- this procedure: each step's doc names the clause it carries out, and the standard judges what
-- the cases leave (the start in time, the margin of candidates, the quorum, the votes, the new
-- committee in office).

local SOURCE = "《中国共产党基层组织选举工作条例》（2020）；《中国共产党支部工作条例（试行）》（2018）；"
  .. "工业标准一部党支部《支部委员改选规范》（GY1-WYGX）"

local function completed_field(c, step, name)
  local done = c:completed(step)
  return done and done.fields[name]
end

-- The posts of a branch committee, in the order the committee divides its work. Every elected
-- member holds one of them; an elected member given none is a 支部委员 (committee_member).
local DIVIDED = {"secretary", "deputy_secretary", "organization", "publicity", "discipline"}
local COMMITTEE = {"secretary", "deputy_secretary", "organization", "publicity", "discipline",
  "committee_member", "on_duty"}

qufa.procedure{
  code = "election",
  title = "支部委员会换届选举",
  version = "2020",
  subject = "org",
  source = SOURCE,
  doc = "支委会决定、书面请示、上级批复、提出候选人、审批候选人、党员大会选举、报告结果、"
    .. "上级批复书记副书记。",
  params = {
    term = {default = "3y", doc = "支部委员会每届任期", source = "支部工作条例第十条"},
    max_delay = {default = "1y", doc = "经批准延期换届的最长时间", source = "选举工作条例第五条"},
    max_advance = {default = "-1y", doc = "经批准提前换届的最长时间（向前计）",
      source = "选举工作条例第五条"},
    candidate_margin = {default = 0.2, doc = "委员候选人多于应选人数的比例（差额）",
      source = "选举工作条例第十二条"},
    quorum = {default = 0.8, doc = "到会人数须超过应到会有选举权党员的比例",
      source = "选举工作条例第十九条"},
    elected_share = {default = 0.5, doc = "当选须超过到会人数的比例", source = "选举工作条例第二十一条"},
    seats_max = {default = 7, doc = "支部委员会委员人数上限", source = "支部工作条例第九条", min = 1},
  },
  fields = {
    last_election = {type = "date", required = false, doc = "上次换届选举的日期"},
    term_end = {type = "date", required = false, doc = "本届任期届满日"},
  },
  -- the last election: given, else the later of the org's attribute last_election and its
  -- latest election meeting on record (as the `term` requirement of qufa check counts it)
  on_start = function(c)
    local last = c.fields.last_election
    if not last then
      last = (c.org.attrs or {}).last_election
      for a in c.db:activities{org = c.org.id, kind = "election", to = c.date} do
        local day = a.starts_at:sub(1, 10)
        if not last or day > last then last = day end
      end
    end
    if not last then
      error(string.format("%s 没有上次换届的日期：请用 --set last_election=YYYY-MM-DD 给出，"
        .. "或设置其属性 last_election", c.org.name), 0)
    end
    return {last_election = last, term_end = qufa.add(last, c:param("term"))}
  end,
  steps = {
    {code = "decision", title = "支部委员会研究决定换届", artifacts = {"minutes"},
     doc = "GY1-WYGX 2.2：任期届满前3个月内，支部委员会研究决定换届；2.3：提前换届不超过一年。",
     deadlines = {{not_before = "$max_advance", from = "start.term_end",
       label = "提前换届不超过一年"}}},
    {code = "request", title = "向上级党组织书面请示", artifacts = {"report"},
     doc = "GY1-WYGX 2.2：向机关党委书面请示换届。"},
    {code = "approval", title = "上级党组织批复", artifacts = {"approval"},
     doc = "GY1-WYGX 2.3：换届（提前或延期）经机关党委批准。"},
    {code = "candidates", title = "提出委员候选人名单",
     doc = "GY1-WYGX 3.1：候选人多于应选人数20%（差额选举），均为正式党员。",
     fields = {seats = {type = "integer", min = 1, max = "$seats_max", doc = "应选委员人数"},
               candidates = {type = "members", min = 1, doc = "候选人"}},
     guard = function(c)
       local seats, n = c.fields.seats, #c.fields.candidates
       local need = math.ceil(seats * (1 + c:param("candidate_margin")) - 1e-9)
       if n < need then
         return false, string.format("应选 %d 名委员，候选人 %d 名，差额不足：至少应有 %d 名", seats, n,
           need)
       end
       for _, id in ipairs(c.fields.candidates) do
         local m = c.db:member(id, {on = c.date})
         if not m or m.status ~= "full" then
           return false, string.format("候选人 %s 不是正式党员", m and m.name or tostring(id))
         end
       end
       return true
     end,
     guard_doc = "候选人多于应选人数的20%，且均为正式党员"},
    {code = "candidates_approval", title = "上级党组织审批候选人", artifacts = {"approval"},
     doc = "GY1-WYGX 3.2：候选人名单报机关党委审批。"},
    {code = "meeting", title = "召开党员大会选举", artifacts = {"minutes"},
     doc = "GY1-WYGX 4.1–4.4：到会超过五分之四，选票有效，当选过半，当选人数等于应选人数；"
       .. "2.3：选举大会在任期届满时召开，延期不超过一年。",
     fields = {present = {type = "integer", min = 0, doc = "到会有选举权的党员人数"},
               ballots_issued = {type = "integer", min = 0, doc = "发出选票数"},
               ballots_returned = {type = "integer", min = 0, doc = "收回选票数"},
               elected = {type = "members", min = 1, doc = "当选委员"},
               lowest_votes = {type = "integer", min = 0, doc = "当选委员中最少的得票数"}},
     deadlines = {
       {within = "0d", from = "start.term_end", label = "任期届满时换届"},
       {within = "$max_delay", from = "start.term_end", kind = "interrupt",
        label = "延期换届不超过一年"},
     },
     guard = function(c)
       local f = c.fields
       local due = c.db:count_members{org = c.case.org_id, voting = true, on = c.date}
       if f.present > due or f.present <= due * c:param("quorum") then
         return false, string.format("到会 %d 人，应到会有选举权的党员 %d 人：须超过 %g", f.present,
           due, c:param("quorum"))
       end
       if f.ballots_returned > f.ballots_issued then
         return false, string.format("收回选票 %d 张，多于发出的 %d 张，选举无效",
           f.ballots_returned, f.ballots_issued)
       end
       if f.lowest_votes <= f.present * c:param("elected_share") then
         return false, string.format("当选须得票超过到会 %d 人的 %g，最少的得票数为 %d", f.present,
           c:param("elected_share"), f.lowest_votes)
       end
       local seats = completed_field(c, "candidates", "seats")
       if #f.elected ~= seats then
         return false, string.format("应选 %d 名委员，当选 %d 名", seats, #f.elected)
       end
       local listed = {}
       for _, id in ipairs(completed_field(c, "candidates", "candidates")) do listed[id] = true end
       for _, id in ipairs(f.elected) do
         if not listed[id] then
           return false, string.format("当选人 %s 不在候选人名单中", c.db:member(id).name)
         end
       end
       return true
     end,
     guard_doc = "到会超过应到会有选举权党员的五分之四，收回选票不多于发出选票，当选人得票超过到会"
       .. "人数的一半，当选人数等于应选人数",
     on_complete = function(c)
       local org = c.db:org(c.case.org_id)
       local attrs = org.attrs or {}
       attrs.last_election = c.date
       org:update{attrs = attrs}
     end},
    {code = "report", title = "报告选举结果，委员会分工", artifacts = {"report"},
     doc = "GY1-WYGX 5.1：选举结果报机关党委；委员会选举书记、副书记，分工组织、宣传、纪检委员。",
     fields = {secretary = {type = "member", doc = "委员会选出的书记"},
               deputy_secretary = {type = "member", required = false, doc = "副书记"},
               organization = {type = "member", required = false, doc = "组织委员"},
               publicity = {type = "member", required = false, doc = "宣传委员"},
               discipline = {type = "member", required = false, doc = "纪检委员"}},
     guard = function(c)
       local elected = {}
       for _, id in ipairs(completed_field(c, "meeting", "elected")) do elected[id] = true end
       for _, post in ipairs(DIVIDED) do
         local id = c.fields[post]
         if id and not elected[id] then
           return false, string.format("%s %s 不是当选委员", c.db:label("post", post),
             c.db:member(id).name)
         end
       end
       return true
     end,
     guard_doc = "书记、副书记和各委员的分工均从当选委员中产生"},
    {code = "confirm", title = "上级党组织批复书记、副书记", artifacts = {"approval"},
     doc = "GY1-WYGX 5.2：批复后新一届委员会接任，上届委员会的职务（含轮值）同时终止。",
     -- The new committee takes office: every post of the old one ends the day before (a
     -- member not re-elected keeps no post), each elected member takes the post the committee
     -- gave them, or is a 支部委员.
     on_complete = function(c)
       local chosen = c:completed("report").fields
       local elected = completed_field(c, "meeting", "elected")
       local before = qufa.add(c.date, "-1d")
       local committee = {}
       for _, post in ipairs(COMMITTEE) do committee[post] = true end
       -- collected first: the loop must not see its own writes
       local held = {}
       for p in c.db:positions{org = c.case.org_id, on = c.date} do
         if committee[p.post] then held[#held + 1] = p end
       end
       for p in c.db:positions{org = c.case.org_id} do
         if committee[p.post] and p.start > c.date then held[#held + 1] = p end
       end
       for _, p in ipairs(held) do
         if p.start <= before then p:finish(before) else p:delete() end
       end
       local placed = {}
       for _, post in ipairs(DIVIDED) do
         if chosen[post] then
           c.db:appoint{member = chosen[post], org = c.case.org_id, post = post, start = c.date,
             note = "换届选举产生"}
           placed[chosen[post]] = true
         end
       end
       for _, id in ipairs(elected) do
         if not placed[id] then
           c.db:appoint{member = id, org = c.case.org_id, post = "committee_member",
             start = c.date, note = "换届选举产生"}
         end
       end
     end,
     final = true},
  },
}

-- Why a finding was given, for the kinds beyond cadence and artifact: attendance names each
-- person the activity counts (docs/counting.md) and why they counted towards those present or
-- not; position names each holder of the post and the days they held it. Each on a pass, a
-- fail, an n/a and a tailored parameter (run by the host, today 2017-09-05).
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "一部", parent = jg}
local b2 = db:add_org{kind = "branch", code = "gy2", name = "二部", parent = jg}
local g1 = db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = b}
local jia = db:add_member{name = "甲", status = "full", since = "2000-01-01", org = b}
local yi = db:add_member{name = "乙", status = "full", since = "2000-01-01", org = b}
local ji = db:add_member{name = "己", status = "full", since = "2000-01-01", org = b}
local bing = db:add_member{name = "丙", status = "probationary", since = "2017-03-01", org = b}
local wu = db:add_member{name = "戊", status = "full", since = "2000-01-01", org = b2}
db:appoint{member = jia, org = b, post = "secretary", start = "2015-01-01"}
-- publicity: 乙 until the end of 2016 and from March to June, 己 from August (July vacant)
db:appoint{member = yi, org = b, post = "publicity", start = "2015-01-01", finish = "2016-12-31"}
db:appoint{member = yi, org = b, post = "publicity", start = "2017-03-01", finish = "2017-06-30"}
db:appoint{member = ji, org = b, post = "publicity", start = "2017-08-01"}
db:load_standards{name = "k.lua", text = [[
qufa.standard{code = "K", title = "会议和职务", effective = "2017-01-01", clauses = {
  {number = "1", type = "应", text = "党员大会半数以上有表决权的党员到会。",
   require = qufa.attendance{activity = "general_meeting", quorum = ">1/2", base = "voting"}},
  {number = "2", type = "应", text = "书记不得空缺。", require = qufa.position{post = "secretary"}},
  {number = "3", type = "应", text = "组织委员不得空缺。",
   require = qufa.position{post = "organization"}},
  {number = "4", type = "应", text = "党小组会记录考勤。",
   require = qufa.attendance{activity = "group_meeting"}},
  {number = "5", type = "应", text = "党课邀请专家。",
   require = qufa.guest{activity = "lecture", role = "expert"}}}}
qufa.tailor{code = "gy1-t", org = "gy1",
  set = {["K/1#1"] = {quorum = ">2/3", reason = "支部要求三分之二以上到会"},
         ["K/3#1"] = {post = "publicity", reason = "支部不设组织委员，由宣传委员兼任"},
         ["K/5#1"] = {min = 2, reason = "支部要求两名专家"}},
  not_applicable = {{target = "K/3", reason = "宣传委员调整期间", expires = "2017-02-28"}}}
]]}

local function meeting(d, kind, org, present)
  local rows = {}
  for m, state in pairs(present) do
    rows[#rows + 1] = type(state) == "table" and {member = m, state = state[1], reason = state[2]}
      or {member = m, state = state}
  end
  return db:add_activity{org = org, kind = kind, title = kind .. d, starts_at = d .. " 09:00",
    attendance = rows}
end
-- 2 of 3 with a vote: more than half, not more than two thirds (the branch's quorum)
local m1 = meeting("2017-03-10", "general_meeting", b, {[jia] = "present", [ji] = "present",
  [yi] = {"leave", "出差"}, [bing] = "present", [wu] = "present"})
-- all three with a vote; the probationary member late
local m2 = meeting("2017-04-10", "general_meeting", b, {[jia] = "present", [ji] = "present",
  [yi] = "present", [bing] = "late"})
-- a meeting of an empty party group: nobody due; 戊 of another branch sat in
local gm = meeting("2017-05-10", "group_meeting", g1, {[wu] = "present"})

-- lectures: one expert and a representative (the branch wants two experts); two experts
local l1 = db:add_activity{org = b, kind = "lecture", title = "党课一", starts_at = "2017-06-01 09:00",
  guests = {{name = "专家甲", affiliation = "标准院", role = "expert"},
            {name = "代表乙", affiliation = "机关党委", role = "representative"}}}
local l2 = db:add_activity{org = b, kind = "lecture", title = "党课二", starts_at = "2017-07-01 09:00",
  guests = {{name = "专家甲", affiliation = "标准院", role = "expert"},
            {name = "专家丙", affiliation = "标准院", role = "expert"}}}

local r = db:check{org = "gy1", period = "2017"}
local found = {}
for f in r:findings() do found[f.key] = f end
local function records(x)
  local by = {}
  for _i, e in ipairs(x.records) do by[e.id] = e end
  return by
end
local function param(x, name)
  for _i, p in ipairs(x.requirement.params) do if p.name == name then return p end end
end

-- attendance, a fail under the tailored quorum: who counted and who did not, and why
local fail = found["K/1#1@gy1/activity/" .. m1.id]
t.eq(fail.status, "fail", "2 of 3 is not more than two thirds")
local x = fail:explain()
t.eq(x.requirement.kind, "attendance", "kind")
t.eq(param(x, "quorum").value, ">2/3", "the branch's quorum")
t.eq(param(x, "quorum").provenance.from, "tailoring", "tailored")
t.eq(param(x, "quorum").provenance.was, ">1/2", "over the standard's")
t.eq(param(x, "base").provenance.from, "standard", "base as issued")
local rec = records(x)
t.eq(#x.records, 5, "everyone the meeting counts: four of the branch and one who sat in")
t.eq(rec[jia.id].counted, true, "甲 present")
t.eq(rec[jia.id].label, "甲", "by name")
t.eq(rec[jia.id].type, "member", "a member")
t.eq(rec[ji.id].counted, true, "己 present")
t.eq(rec[yi.id].counted, false, "乙 on leave")
t.eq(rec[yi.id].why, "not counted: due, on leave", "why not")
t.eq(rec[bing.id].counted, false, "丙 present but without a vote")
t.eq(rec[bing.id].why, "not counted: due, but without voting rights that day", "why not")
t.eq(rec[wu.id].counted, false, "戊 of another branch")
t.eq(rec[wu.id].why, "not counted: sat in, not due", "why not")
local n = 0
for _i, e in ipairs(x.records) do if e.counted then n = n + 1 end end
t.eq(n, x.counts.present_voting or 2, "those counted are those present with a vote")
t.ok(x.text:find("- member " .. yi.id .. " 乙: not counted: due, on leave", 1, true), x.text)
t.ok(x.text:find("quorum = \">2/3\"  (tailored by the branch: gy1-t of gy1; was \">1/2\") — "
  .. "支部要求三分之二以上到会", 1, true), x.text)

-- attendance, a pass; a late arrival counts when late counts (but 丙 has no vote)
local pass = db:explain("K/1#1@gy1/activity/" .. m2.id)
t.eq(pass.finding.status, "pass", "3 of 3")
rec = records(pass)
t.eq(rec[yi.id].counted, true, "乙 present")
t.eq(rec[bing.id].why, "not counted: due, but without voting rights that day", "丙 late, no vote")

-- attendance, n/a: nobody was due at the empty group's meeting; the one who sat in is named
local na = db:explain("K/4#1@gy1-g1/activity/" .. gm.id)
t.eq(na.finding.status, "n/a", "nobody due")
t.eq(#na.records, 1, "one record")
t.eq(na.records[1].id, wu.id, "戊")
t.eq(na.records[1].why, "not counted: sat in, not due", "sat in")

-- position: the holders of the (tailored) post and the days each held it (an appointment
-- that ended before the year is not read at all); the clause is exempt in January–February
local key, na_key
for k, f in pairs(found) do
  if f.clause == "3" and f.standard == "K" then
    if f.status == "n/a" then na_key = k else key = k end
  end
end
local pos = db:explain(key)
t.eq(pos.finding.status, "fail", "publicity vacant in July")
t.eq(pos.period.start, "2017-03-01", "after the exemption")
t.eq(param(pos, "post").value, "publicity", "the branch's post")
t.eq(param(pos, "post").provenance.was, "organization", "over the standard's")
local function lines(ex)
  local out = {}
  for _i, e in ipairs(ex.records) do
    out[#out + 1] = e.label .. (e.counted and " + " or " - ") .. (e.why or "")
  end
  table.sort(out)
  return out
end
local l = lines(pos)
t.eq(#l, 2, "two appointments in the year")
t.eq(l[1], "乙 + held from 2017-03-01 to 2017-06-30", "乙")
t.eq(l[2], "己 + held from 2017-08-01", "己, still held")
t.ok(pos.text:find("+ member " .. ji.id .. " 己: held from 2017-08-01", 1, true), pos.text)

-- position, n/a: the exempt months, with the appointments outside them
local pn = db:explain(na_key)
t.eq(pn.finding.status, "n/a", "exempt")
t.eq(pn.period["end"], "2017-02-28", "until the exemption expires")
l = lines(pn)
t.eq(l[1], "乙 - not counted: held from 2017-03-01 to 2017-06-30, outside 2017-01-01 to 2017-02-28",
  "乙 after")
t.eq(l[2], "己 - not counted: held from 2017-08-01, after 2017-02-28", "己 after")

-- position, a pass
local sec_key
for k, f in pairs(found) do
  if f.standard == "K" and f.clause == "2" then sec_key = k end
end
local sp = db:explain(sec_key)
t.eq(sp.finding.status, "pass", "the secretary held every day")
t.eq(#sp.records, 1, "one holder")
t.eq(sp.records[1].label, "甲", "甲")
t.eq(sp.records[1].counted, true, "held")
t.eq(sp.records[1].why, "held from 2015-01-01", "since 2015")
-- guest: each guest of the activity, counted when invited in the role
local gf = db:explain("K/5#1@gy1/activity/" .. l1.id)
t.eq(gf.finding.status, "fail", "one expert of the two the branch wants")
t.eq(param(gf, "min").value, 2, "tailored")
t.eq(param(gf, "min").provenance.level, "branch", "by the branch")
l = lines(gf)
t.eq(#l, 2, "two guests")
t.eq(l[1], "专家甲 + ", "the expert counted")
t.ok(l[2]:find("^代表乙 %- not counted: invited as "), l[2])
local gp = db:explain("K/5#1@gy1/activity/" .. l2.id)
t.eq(gp.finding.status, "pass", "two experts")
t.eq(#gp.records, 2, "both")
for _i, e in ipairs(gp.records) do t.eq(e.counted, true, e.label) end
print("explain kinds: ok")

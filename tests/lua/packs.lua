-- The shipped standards packs (scripts/packs/): they load in the sandbox, define what they
-- should, reload as unchanged, and their check functions judge records as their clauses say.
-- Run by the host with a fresh database, today 2017-09-05.
local t = require "t"

local root = arg[0]:match("^(.*)/tests/lua/[^/]*$") or "."
local function pack(name) return root .. "/scripts/packs/" .. name end

-- a branch to carry the branch pack (it names org gy1) and its tailoring
local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
local g1 = db:add_org{kind = "group", code = "gy1-g1", name = "第一党小组", parent = b}
db:add_org{kind = "group", code = "gy1-g2", name = "第二党小组", parent = b}

local FILES = {"regulations.lua", "organ-system.lua", "branch-gy1.lua"}
local loaded = {}
for _i, f in ipairs(FILES) do
  for _j, item in ipairs(db:load_standards(pack(f))) do
    t.eq(item.outcome, "new", f .. ": " .. item.code .. " is new")
    loaded[item.what] = (loaded[item.what] or 0) + 1
  end
end
t.eq(loaded.system, 2, "two systems")
t.eq(loaded.standard, 13, "4 regulations + 4 organ standards + 5 branch standards")
t.eq(loaded.tailoring, 1, "one tailoring")

-- reloading changes nothing
for _i, f in ipairs(FILES) do
  for _j, item in ipairs(db:load_standards(pack(f))) do
    t.eq(item.outcome, "unchanged", "reload " .. f .. ": " .. item.code)
  end
end

local systems = {}
for _i, s in ipairs(db:systems()) do systems[s.code] = s end
t.eq(#systems.organ.categories, 6, "the organ system has 6 categories")
local cats = {}
for _i, c in ipairs(systems.organ.categories) do cats[#cats + 1] = c.title end
t.eq(table.concat(cats, " "), "党组 机关党委 机关纪委 党支部 党员 党建工作考核", "category titles")
t.eq(#systems.regulations.categories, 3, "the regulations system has 3 categories")

local by_system, origins = {}, {}
for s in db:standards{} do
  by_system[s.system or "-"] = (by_system[s.system or "-"] or 0) + 1
  origins[s.code] = s.origin
  t.ok(s.source, s.code .. " remembers its file")
end
t.eq(by_system.organ, 4, "four organ standards (the 41 others are not public)")
t.eq(by_system.regulations, 4, "four regulation standards")
t.eq(by_system["-"], 5, "five branch standards outside any system")
for _i, code in ipairs({"GY1-YESS", "GY1-WYGX", "GY1-ZZSHH", "GY1-DXZ", "GY1-BYT"}) do
  t.eq(origins[code], "branch", code .. " is the branch's own")
end
t.eq(origins["SAC-DKJS"], "issued", "organ standards are issued")

-- dates: what the packs state (and, for the undated rules, the day of loading)
t.eq(db:standard("ZBGZTL").effective, "2018-10-28", "the 2018 regulation from its day")
t.eq(db:standard("JCXJTL").effective, "2020-07-13", "the 2020 election regulation")
t.eq(db:standard("SAC-DKJS").effective, "2017-02-01", "the organ's standards after January")
t.eq(db:standard("GY1-BYT").effective, "2017-04-16", "the branch's standards")
t.eq(db:standard("TXGD").effective, "2017-09-05", "undated rules from the day of loading")

-- the tailoring sets two party groups for gy1, with its reason
local zbhycx = db:standard("SAC-ZBHYCX", {org = "gy1"})
local c2 = zbhycx.clauses[2]
t.eq(c2.requirements[1].params.args.groups, 2, "gy1-profile sets two groups")
t.eq(c2.provenance.changes[1].by, "gy1-profile", "provenance names the tailoring")
t.eq(db:standard("SAC-ZBHYCX").clauses[2].requirements[1].params.args.groups, 1,
  "without the org the default applies")

-- every checkable clause of 半月谈 is there with its parameters
local byt = db:standard("GY1-BYT", {org = "gy1"})
local kinds = {}
for _i, c in ipairs(byt.clauses) do
  for _j, r in ipairs(c.requirements or {}) do kinds[#kinds + 1] = c.number .. ":" .. r.kind end
end
t.eq(table.concat(kinds, " "), "3.1:cadence 3.2:check 3.3:check 4:guest 5:agenda 6.1:artifact "
  .. "6.2:artifact 6.3:artifact 6.4:attendance 7.1:artifact 7.2:artifact", "半月谈 requirements")

---------------------------------------------------------------------------------------------
-- The check functions, on records of 2020 (when every standard is in force).
db:set_today("2020-12-31")
local function member(name, status, group, attrs)
  return db:add_member{name = name, gender = "male", status = status, since = "2019-01-01",
    org = b, group = group, attrs = attrs}
end
local m = {}
for i = 1, 8 do m[i] = member("党员" .. i, "full", i <= 4 and g1 or "gy1-g2") end
-- a leading cadre outside any group, and a seconded cadre without a transfer
m[9] = member("领导", "full", nil, {leading_cadre = true})
m[10] = member("挂职", "full", "gy1-g2", {seconded = true})
db:appoint{member = m[1], org = b, post = "secretary", start = "2019-01-01"}
db:appoint{member = m[2], org = b, post = "organization", start = "2019-01-01"}
db:appoint{member = m[3], org = b, post = "publicity", start = "2019-01-01"}
db:appoint{member = m[4], org = b, post = "discipline", start = "2019-01-01"}
b:update{attrs = {last_election = "2019-01-01"}}

local function present(list)
  local out = {}
  for i, x in ipairs(m) do
    out[#out + 1] = {member = x, state = list[i] and "present" or "leave", reason = "出差"}
  end
  return out
end
local ALL = {true, true, true, true, true, true, true, true, true, true}

-- committee meetings: 1 of 4 committee members present fails, 3 of 4 passes
db:add_activity{org = b, kind = "committee_meeting", title = "委员会1",
  starts_at = "2020-10-09 09:00", attendance = present({true})}
db:add_activity{org = b, kind = "committee_meeting", title = "委员会2",
  starts_at = "2020-11-09 09:00", attendance = present({true, true, true})}
-- an election: 7 of 10 voting present is below 4/5; 3 candidates for 3 seats; 4 votes of 7
db:add_activity{org = b, kind = "election", title = "换届选举", starts_at = "2020-09-10 14:00",
  attendance = present({true, true, true, true, true, true, true}),
  attrs = {seats = 3, candidates = 3, elected = {{name = "党员1", votes = 7},
    {name = "党员2", votes = 3}, {name = "党员3", votes = 4}}}}
-- a general meeting with an admission vote: 6 of 10 present, 5 in favour (not above 10/2)
db:add_activity{org = b, kind = "general_meeting", title = "党员大会",
  starts_at = "2020-11-05 14:00", attendance = present({true, true, true, true, true, true}),
  attrs = {votes = {{item = "接收某某为预备党员", kind = "admission", yes = 5}}}}
-- an appraisal with too many rated excellent
db:add_activity{org = b, kind = "appraisal", title = "民主评议", starts_at = "2020-12-01 14:00",
  attendance = present(ALL), attrs = {results = {total = 10, excellent = 4}}}
-- a lecture with slides only
local lec = db:add_activity{org = b, kind = "lecture", title = "党课", starts_at = "2020-06-10 09:00",
  lecturer = m[1], attendance = present(ALL)}
lec:add_artifact{type = "courseware", title = "PPT", mime = "application/vnd.ms-powerpoint"}
-- an outgoing transfer whose receipt never came, with a letter valid too long
db:add_transfer{member = m[8], org = b, direction = "out", letter_date = "2020-05-01",
  other_org = "某单位党委", valid_days = 120}

local r = db:check{org = "gy1", period = "2020"}
local seen = {}
for f in r:findings() do
  local key = f.standard .. "/" .. f.clause .. "#" .. f.requirement .. " " .. f.period
  seen[key] = f.status
end
local function expect(key, status, what)
  t.eq(seen[key], status, what .. " (" .. key .. ")")
end
expect("ZBGZTL/4.2#1 2020-10-09", "fail", "committee meeting without a quorum")
expect("ZBGZTL/4.2#1 2020-11-09", "pass", "committee meeting with a quorum")
expect("JCXJTL/4#1 2020-09-10", "fail", "election below 4/5")
expect("JCXJTL/5#1 2020-09-10", "fail", "no more candidates than seats")
expect("JCXJTL/6#1 2020-09-10", "fail", "one elected with 3 of 7 votes")
expect("FZDYXZ/2#1 2020-11-05", "pass", "6 of 10 is a quorum")
expect("FZDYXZ/3#1 2020-11-05", "fail", "5 of 10 in favour is not above half")
expect("ZBGZTL/3.3#1 2020-11-05", "fail", "the general regulation agrees")
expect("ZBGZTL/6.4#1 2020", "fail", "4 of 10 rated excellent")
expect("ZBGZTL/8#1 2020-01-01..2020-12-31", "pass", "10 full members, a committee of 4")
expect("SAC-DKJS/2.3#1 2020-06-10", "fail", "slides without the written text")
expect("SAC-ZBHYCX/2#1 2020-01-01..2020-12-31", "pass", "two groups, as gy1 requires")
expect("SAC-ZBHYCX/3#1 2020-01-01..2020-12-31", "fail", "a leading cadre outside the groups")
expect("SAC-ZZGXZJ/2#1 2020-01-01..2020-12-31", "fail", "a seconded cadre without a transfer")
expect("TXGD/3#1 2020-01-01..2020-12-31", "fail", "a receipt overdue")
expect("TXGD/4#1 2020-01-01..2020-12-31", "fail", "a letter valid 120 days")
expect("TXGD/2#1 2020", "pass", "the secretary lectured")

print("packs: ok")

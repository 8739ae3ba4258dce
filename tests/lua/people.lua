-- Members, positions and transfers through the Lua API (today 2017-09-05).
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
local g1 = db:add_org{kind = "group", code = "g1", name = "第一党小组", parent = b}
local b2 = db:add_org{kind = "branch", code = "gy2", name = "二部", parent = jg}

local m = db:add_member{name = "张三", code = "D001", gender = "male", birth_date = "1980-03-02",
  status = "full", since = "2010-07-01", org = b, group = g1, joined = "2009-07-01",
  phone = "13800000000", attrs = {education = "研究生"}}
t.eq(m.name, "张三", "name")
t.eq(m.status, "full", "status")
t.eq(m.since, "2010-07-01", "since")
t.eq(m.org_id, b.id, "org")
t.eq(m.group_id, g1.id, "group")
t.eq(m.birth_date, "1980-03-02", "birth date")
t.eq(m.attrs.education, "研究生", "attrs")
t.eq(tostring(m), "member #" .. m.id .. " D001 张三", "tostring")

local p2 = db:add_member{name = "李四", gender = "female", status = "probationary",
  since = "2017-03-01", org = "gy1", group = "g1"}
local a3 = db:add_member{name = "王五", status = "activist", since = "2016-01-01", org = b2.id}

-- the record add_member returns (made from what it wrote) is the one db:member reads back:
-- as of `since` when that is after today, with empty texts stored as none
local future = db:add_member{name = "赵六", status = "candidate", since = "2017-10-01", org = b}
local bare = db:add_member{name = "钱七", code = "", gender = "", phone = ""}
local FIELDS = {"id", "code", "name", "gender", "birth_date", "joined", "phone", "id_number",
  "status", "since", "org_id", "group_id"}
for _, x in ipairs({m, p2, a3, future, bare}) do
  local on = x == future and {on = "2017-10-01"} or nil
  local y = db:member(x.id, on)
  for _, k in ipairs(FIELDS) do t.eq(x[k], y[k], x.name .. " " .. k) end
  for k, v in pairs(y.attrs) do t.eq(x.attrs[k], v, x.name .. " attrs." .. k) end
  for k, v in pairs(x.attrs) do t.eq(y.attrs[k], v, x.name .. " attrs." .. k) end
end
t.eq(future.status, "candidate", "a status from after today is shown")
t.eq(bare.code, nil, "an empty code is none")
future:delete()
bare:delete()

-- typed errors name the field; unknown fields are caught
t.fails("add_member: field 'birth_date' must be a string \"YYYY-MM-DD\"", db.add_member, db,
  {name = "x", birth_date = 19800302})
t.fails("add_member: field 'birth_date': '1980-02-30' is not a valid date", db.add_member, db,
  {name = "x", birth_date = "1980-02-30"})
t.fails("add_member: unknown field 'brith_date'", db.add_member, db, {name = "x", brith_date = "1980-01-01"})
t.fails("status 'ful' is unknown", db.add_member, db, {name = "x", status = "ful"})
t.fails("org nope does not exist", db.add_member, db, {name = "x", org = "nope"})

-- lookups, as of a date
t.eq(db:member("D001").id, m.id, "by code")
t.eq(db:member(m.id).name, "张三", "by id")
t.eq(db:member("nobody"), nil, "unknown code")
t.eq(db:member(4242), nil, "unknown id")
t.eq(db:member(p2, {on = "2017-02-01"}).status, nil, "no status before since")
t.fails("member: unknown field 'at'", db.member, db, m.id, {at = "2017-01-01"})

-- lists and counts
local names = {}
for x in db:members{under = jg} do names[#names + 1] = x.name end
t.eq(#names, 3, "members under the committee")
t.eq(db:count_members{org = b}, 2, "members of the branch")
t.eq(db:count_members{org = b, status = "full"}, 1, "full members")
t.eq(db:count_members{under = jg, status = {"full", "probationary"}}, 2, "status list")
t.eq(db:count_members{org = b, on = "2017-01-01"}, 1, "as of a date")
t.eq(db:count_members{org = b, voting = true}, 1, "voting")
t.eq(qufa.count(b:members()), 2, "org:members")
t.eq(qufa.count(b:members{status = "probationary"}), 1, "org:members filtered")
t.fails("must be a status or a list of statuses", db.count_members, db, {status = 5})
t.fails("count_members: unknown field 'stauts'", db.count_members, db, {stauts = "full"})

-- dated changes refresh the record
p2:set_status("full", "2018-03-01", "转正")
t.eq(p2:status_on("2018-03-02"), "full", "status later")
t.eq(p2:status_on("2017-09-01"), "probationary", "status earlier")
a3:join(b, "2017-06-01")
t.eq(a3.org_id, b.id, "joined another branch (the old one ends)")
m:set_flag("mobile", "2017-01-01")
t.eq(m:has_flag("mobile"), true, "flag held")
t.eq(db:count_members{flag = "mobile"}, 1, "flag filter")
m:clear_flag("mobile", "2017-08-31")
t.eq(m:has_flag("mobile"), false, "flag ended")
t.eq(m:has_flag("mobile", "2017-05-01"), true, "flag held earlier")
local whats = {}
for e in m:history() do whats[#whats + 1] = e.what .. ":" .. e.value end
t.ok(#whats >= 4, "history: " .. table.concat(whats, ","))
a3:leave(b, "2017-08-31")
t.eq(a3.org_id, nil, "left")

-- update: descriptive fields only; false clears
m:update{phone = false, name = "张三丰", attrs = {education = "博士"}}
t.eq(m.phone, nil, "cleared")
t.eq(m.name, "张三丰", "renamed")
t.eq(m.code, "D001", "kept")
t.eq(m.attrs.education, "博士", "attrs replaced")
t.fails("changes only with a date", m.update, m, {status = "full"})

-- positions
local sec = db:appoint{member = m, org = b, post = "secretary", start = "2015-01-01"}
t.eq(sec.post, "secretary", "post")
t.eq(sec.end_date, nil, "still held")
t.eq(db:holder(b, "secretary").id, m.id, "holder")
t.eq(db:holder("gy1", "secretary", "2014-12-31"), nil, "nobody before")
sec:finish("2017-06-30")
t.eq(sec.end_date, "2017-06-30", "finished")
t.eq(db:holder(b, "secretary"), nil, "nobody now")
db:appoint{member = p2, org = b, post = "organization", start = "2017-07-01"}
t.eq(qufa.count(db:positions{org = b}), 2, "positions of the org")
t.eq(qufa.count(db:positions{org = b, on = "2017-08-01"}), 1, "held on a day")
t.eq(db:position(sec.id):member().id, m.id, "position:member")
t.fails("already holds", db.appoint, db, {member = p2, org = b, post = "organization", start = "2017-08-01"})
t.fails("appoint: field 'org' is required", db.appoint, db, {member = m, post = "secretary"})
t.fails("post 'secertary' is unknown", db.appoint, db, {member = m, org = b, post = "secertary"})
t.fails("still", m.delete, m)

-- transfers
local tr = db:add_transfer{member = a3, org = b, direction = "out", letter_date = "2017-08-31",
  other_org = "某单位党委", letter_no = "2017-012", valid_days = 30}
t.eq(tr.status, "pending", "pending")
t.eq(qufa.count(db:transfers{status = "pending"}), 1, "pending list")
tr:receipt("2017-09-03")
t.eq(tr.status, "completed", "completed")
t.eq(tr.receipt_date, "2017-09-03", "receipt date")
t.eq(db:transfer(tr.id).status, "completed", "stored")
t.fails("add_transfer: field 'direction' is required", db.add_transfer, db, {member = a3, org = b})
t.fails("add_transfer: field 'valid_days' must be an integer", db.add_transfer, db,
  {member = a3, org = b, direction = "in", letter_date = "2017-01-01", valid_days = 1.5})
print("people: ok")

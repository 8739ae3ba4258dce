-- The member lifecycle through the Lua API (today 2017-09-05): appraisal results, names in
-- stroke order, party groups of party members only, the transfer letter's dues.
local t = require "t"

local jg = db:add_org{kind = "committee", code = "jg", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "gy1", name = "工业标准一部党支部", parent = jg}
local g1 = db:add_org{kind = "group", code = "g1", name = "第一党小组", parent = b}

local function add(name, status, since, group)
  return db:add_member{name = name, status = status, since = since, org = b, group = group}
end
local huang = add("黄丽", "probationary", "2016-09-28", g1)
local zhang = add("张建国", "full", "1991-06-28", g1)
local wang = add("王志强", "full", "2000-05-04", g1)
local liu = add("刘芳", "full", "2005-06-30", g1)
local hu = add("胡斌", "activist", "2016-09-01")

-- names in 姓氏笔画 order: 王 4, 刘 6, 张 7, 胡 9, 黄 11
local function names(iter)
  local out = {}
  for m in iter do out[#out + 1] = m.name end
  return table.concat(out, " ")
end
t.eq(names(db:members{org = b, order = "strokes"}), "王志强 刘芳 张建国 胡斌 黄丽", "strokes")
t.eq(names(db:members{org = b}), "刘芳 张建国 王志强 胡斌 黄丽", "the default: by code point")
t.eq(names(g1:members{order = "strokes"}), "王志强 刘芳 张建国 黄丽", "an org's members")
t.fails("members: field 'order' must be \"name\" or \"strokes\"", db.members, db, {order = "pinyin"})
t.eq(qufa.strokes("黄"), 11, "qufa.strokes")
t.eq(qufa.strokes("A"), 0, "not an ideograph")
t.eq(qufa.name_compare("王五", "王志强"), -1, "五 has fewer strokes than 志")
t.eq(qufa.name_compare("王五", "王五"), 0, "equal")
local list = qufa.sort_names({"黄丽", "刘芳", {name = "丁一"}, "王五"})
t.eq(list[1].name, "丁一", "records by their name")
t.eq(table.concat({list[2], list[3], list[4]}, " "), "王五 刘芳 黄丽", "strings")
local same = qufa.sort_names({{name = "张三", code = "B"}, {name = "张三", code = "A"}})
t.eq(same[1].code, "A", "the same name: by code")

-- an activist is not placed in a party group, by any route
t.fails("group: 胡斌 is an activist on 2017-09-05; only party members (full or probationary) "
  .. "are placed in party group g1", hu.join, hu, g1)
t.fails("冯一 is an activist on 2017-01-01", db.add_member, db,
  {name = "冯一", status = "activist", since = "2017-01-01", org = b, group = g1})
t.fails("status: 刘芳 is in party group g1 on or after 2017-09-01", liu.set_status, liu,
  "candidate", "2017-09-01")

-- 民主评议党员: a grade per member and year
local day = db:add_activity{org = b, kind = "appraisal", title = "2017年度民主评议党员",
  starts_at = "2017-07-21 15:00"}
local a = db:set_appraisal{member = zhang, year = 2017, result = "优秀", activity = day}
t.eq(a.result, "excellent", "Chinese grades are accepted")
t.eq(a.year, 2017, "year")
t.eq(a.org_id, b.id, "the meeting's branch")
t.eq(a.activity_id, day.id, "the meeting")
t.eq(tostring(a):match("^appraisal #%d+"), "appraisal #" .. a.id, "a record")
db:set_appraisal{member = wang, year = 2017, result = "qualified", activity = day}
db:set_appraisal{member = huang, year = 2017, result = "basically_qualified", note = "参加学习不够"}
db:set_appraisal{member = liu, year = 2017, result = "qualified", activity = day}
-- correcting a grade replaces it
t.eq(db:set_appraisal{member = zhang, year = 2017, result = "qualified", activity = day}.id, a.id,
  "one result per member and year")
t.eq(db:appraisal(zhang, 2017).result, "qualified", "corrected")
t.eq(db:appraisal(zhang, 2016), nil, "none for 2016")

local function graded(filter)
  local out = {}
  for r in db:appraisals(filter) do out[#out + 1] = db:member(r.member_id).name .. "=" .. r.result end
  return table.concat(out, " ")
end
t.eq(graded{year = 2017}, "王志强=qualified 刘芳=qualified 张建国=qualified "
  .. "黄丽=basically_qualified", "by name in stroke order")
t.eq(graded{activity = day}, "王志强=qualified 刘芳=qualified 张建国=qualified", "by meeting")
t.eq(graded{member = huang}, "黄丽=basically_qualified", "by member")

t.fails("set_appraisal: result: 'good' is not a grade", db.set_appraisal, db,
  {member = wang, year = 2017, result = "good"})
t.fails("set_appraisal: field 'year' is required", db.set_appraisal, db,
  {member = wang, result = "qualified"})
t.fails("set_appraisal: field 'result' is required", db.set_appraisal, db,
  {member = wang, year = 2017})
t.fails("member: 胡斌 is an activist on 2017-09-05; only party members", db.set_appraisal, db,
  {member = hu, year = 2017, result = "qualified"})
t.fails("set_appraisal: unknown field 'grade'", db.set_appraisal, db,
  {member = wang, year = 2017, grade = "qualified"})
db:appraisal(huang, 2017):delete()
t.eq(db:appraisal(huang, 2017), nil, "deleted")

-- the transfer letter carries 党费交至
local tr = db:add_transfer{member = liu, org = b, direction = "out", letter_date = "2017-08-31",
  other_org = "某部机关党委", valid_days = 30, dues_paid_to = "2017-08"}
t.eq(tr.dues_paid_to, "2017-08", "dues paid to")
tr:update{dues_paid_to = "2017-09"}
t.eq(db:transfer(tr.id).dues_paid_to, "2017-09", "updated")
t.fails("dues_paid_to: '2017-9' is not a month", tr.update, tr, {dues_paid_to = "2017-9"})

print("lifecycle: ok")

-- seed.lua: the scenarios' branch (qufa run seed.lua).
-- 机关党委 dw > 第一党支部 zb1 > 第一党小组 zb1-g1, 第二党小组 zb1-g2; nine people.
db:define_kind("activity_kind", "reading_session", "读书班", "reading session")

local c = db:add_org{kind = "committee", code = "dw", name = "机关党委"}
local b = db:add_org{kind = "branch", code = "zb1", name = "第一党支部", parent = c}
db:add_org{kind = "group", code = "zb1-g1", name = "第一党小组", parent = b}
db:add_org{kind = "group", code = "zb1-g2", name = "第二党小组", parent = b}

local function add(code, name, gender, status, since, group, joined)
  return db:add_member{code = code, name = name, gender = gender, status = status,
    since = since, org = "zb1", group = group, joined = joined}
end
local m1 = add("M01", "王明", "male", "full", "2005-07-01", "zb1-g1", "2005-07-01")
local m2 = add("M02", "李华", "female", "full", "2010-07-01", "zb1-g1", "2010-07-01")
local m3 = add("M03", "张强", "male", "full", "2012-07-01", "zb1-g1", "2012-07-01")
local m4 = add("M04", "赵丽", "female", "full", "2015-07-01", "zb1-g2", "2015-07-01")
add("M05", "陈刚", "male", "full", "2018-07-01", "zb1-g2", "2018-07-01")
add("M06", "刘洋", "male", "probationary", "2024-12-20", "zb1-g2", "2024-12-20")
local m7 = add("M07", "孙悦", "female", "full", "2016-07-01", "zb1-g1", "2016-07-01")
add("M08", "周婷", "female", "activist", "2024-03-01", nil, nil) -- not in a group: not a party member

-- 孙悦 is transferred out at the end of June
m7:leave("zb1-g1", "2025-06-30")
m7:leave("zb1", "2025-06-30")

-- 吴磊, a full member since 2014, is transferred in on 1 May 2025
local m9 = db:add_member{code = "M09", name = "吴磊", gender = "male", status = "full",
  since = "2014-07-01", joined = "2014-07-01"}
m9:join("zb1", "2025-05-01")
m9:join("zb1-g1", "2025-05-01")

db:appoint{member = m1, org = "zb1", post = "secretary", start = "2023-01-01"}
db:appoint{member = m2, org = "zb1", post = "organization", start = "2023-01-01"}
db:appoint{member = m3, org = "zb1", post = "publicity", start = "2023-01-01"}
db:appoint{member = m3, org = "zb1-g1", post = "group_leader", start = "2023-01-01"}
db:appoint{member = m4, org = "zb1-g2", post = "group_leader", start = "2023-01-01"}
